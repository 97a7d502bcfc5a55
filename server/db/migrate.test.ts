import { type Kysely, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../test/dialects';
import { occurrenceRow, syntheticReportRow } from '../../test/report-rows';
import type { DatabaseDialect } from '../config';
import { MIGRATIONS, migrateToLatest, migratorFor } from './migrate';

/**
 * Everything the migrations create, as the database describes it: on SQLite every table, index and
 * trigger with its SQL; on PostgreSQL every column, index, constraint and trigger in the schema.
 * Kysely's own bookkeeping tables are left out.
 */
async function schemaOf(db: Kysely<any>, dialect: DatabaseDialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master
      where name not like 'kysely_%' and name not like 'sqlite_%' order by type, name`.execute(db);
    return rows.map((r) => `${r.type} ${r.name}: ${r.sql ?? ''}`);
  }
  const { rows } = await sql<{ line: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
      from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely_%'
    union all
    select 'index ' || indexname || ': ' || indexdef from pg_indexes where schemaname = current_schema() and tablename not like 'kysely_%'
    union all
    select 'constraint ' || conrelid::regclass::text || ' ' || conname || ': ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = current_schema()::regnamespace and conrelid::regclass::text not like 'kysely_%'
    union all
    select 'trigger ' || event_object_table || ' ' || trigger_name || ' ' || event_manipulation || ': ' || action_statement
      from information_schema.triggers where trigger_schema = current_schema()
    union all
    select 'function ' || p.proname || ': ' || md5(pg_get_functiondef(p.oid))
      from pg_proc p where p.pronamespace = current_schema()::regnamespace
    order by 1`.execute(db);
  return rows.map((r) => r.line);
}

for (const dialect of testDialects()) {
  describe(`migrations, down and up again (${dialect})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    }, 60_000);
    afterAll(() => database?.cleanup());

    it('undoes every migration down to an empty schema, and builds the same schema again', async () => {
      const db = database.db;
      const latest = await schemaOf(db, dialect);
      expect(latest.length).toBeGreaterThan(50);

      const migrator = await migratorFor(db, dialect);
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        Object.keys(MIGRATIONS)
          .sort()
          .reverse()
          .map((name) => [name, 'Down', 'Success']),
      );
      expect(await schemaOf(db, dialect)).toEqual([]);

      await migrateToLatest(db, dialect);
      expect(await schemaOf(db, dialect)).toEqual(latest);
    });

    it('moves occurrences not merged yet back into indicator_occurrences when the recent table is undone', async () => {
      const db = database.db;
      const names = Object.keys(MIGRATIONS).sort();
      const recent = '20261129400000_recent_indicator_occurrences';
      const undone = names.slice(names.indexOf(recent)).reverse();
      expect(undone.at(-1)).toBe(recent);
      const report = '0193a1b2-0000-7000-8000-000000000001';
      await db.insertInto('recent_indicator_occurrences').values(occurrenceRow('+8613812345678', report)).execute();

      const migrator = await migratorFor(db, dialect);
      const down = await migrator.migrateTo(names[names.indexOf(recent) - 1]!);
      expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(undone.map((name) => [name, 'Down', 'Success']));
      const moved = await db.selectFrom('indicator_occurrences').select(['value', 'subject_id']).where('subject_id', '=', report).execute();
      expect(moved).toEqual([{ value: '+8613812345678', subject_id: report }]);

      await migrateToLatest(db, dialect);
      expect(await db.selectFrom('recent_indicator_occurrences').selectAll().execute()).toEqual([]);
    });

    it("labels the occurrences of reports stored before it with their report's category and time", async () => {
      const db = database.db;
      const migration = '20261129500000_occurrence_report_category';
      const names = Object.keys(MIGRATIONS).sort();
      const migrator = await migratorFor(db, dialect);
      const down = await migrator.migrateTo(names[names.indexOf(migration) - 1]!);
      expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([[migration, 'Down', 'Success']]);

      const [stored, missing, entity] = ['0193a1b2-0000-7000-8000-0000000000a1', '0193a1b2-0000-7000-8000-0000000000a2', 'entity-1'];
      const receivedAt = '2026-03-04T05:06:07.000Z';
      await db
        .insertInto('reports')
        .values(
          syntheticReportRow({
            id: stored,
            trackingCode: 'MIGRATE1',
            description: 'x'.repeat(20),
            at: receivedAt,
            category: 'paid_deletion',
          }),
        )
        .execute();
      const earlier = '2026-01-01T00:00:00.000Z';
      await db
        .insertInto('indicator_occurrences')
        .values([
          occurrenceRow('+8613800000001', stored, { at: earlier }),
          occurrenceRow('+8613800000001', missing, { at: earlier }),
          occurrenceRow('+8613800000001', entity, { at: earlier, subjectType: 'entity', field: 'identifier' }),
        ] as never)
        .execute();
      await db
        .insertInto('recent_indicator_occurrences')
        .values(occurrenceRow('+8613800000002', stored, { at: earlier }) as never)
        .execute();

      await migrateToLatest(db, dialect);
      const rows = await Promise.all(
        (['indicator_occurrences', 'recent_indicator_occurrences'] as const).map((table) =>
          db.selectFrom(table).select(['subject_id', 'report_category', 'created_at']).where('value', 'like', '+86138000000%').execute(),
        ),
      );
      const read = rows.flat().map((r) => ({ ...r, created_at: new Date(r.created_at as string).toISOString() }));
      expect(read.sort((a, b) => a.subject_id.localeCompare(b.subject_id))).toEqual([
        { subject_id: stored, report_category: 'paid_deletion', created_at: receivedAt },
        { subject_id: stored, report_category: 'paid_deletion', created_at: receivedAt },
        // Not a stored report, and not a report: left as they were.
        { subject_id: missing, report_category: null, created_at: earlier },
        { subject_id: entity, report_category: null, created_at: earlier },
      ]);
    });
  });
}
