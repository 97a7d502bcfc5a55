import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * How many occurrences each indicator value has, kept in step with `indicator_occurrences` by
 * triggers, so correlation reads a value's count with one key lookup. Counting a range of the
 * primary key capped at the hot threshold read up to threshold + 1 entries per value and request;
 * with millions of occurrences many values sit just under the threshold and that range dominated a
 * correlation (bench/registry.ts). Triggers rather than the services keep the count, because every
 * writer of occurrences (intake, the registry, deletion requests, purges) then keeps it alike.
 *
 * On PostgreSQL the triggers run once per statement over its transition table, adding one row per
 * distinct value in key order, so concurrent transactions take the counters' row locks in the same
 * order and a multi-row insert costs one upsert per value, not per row.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('indicator_value_counts')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('occurrences', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_value_counts_pk', ['type', 'value'])
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
      await sql`insert into indicator_value_counts (type, value, occurrences)
        select type, value, count(*) from indicator_occurrences group by type, value`.execute(db);
      if (dialect === 'sqlite') {
        await createSqliteCountTriggers(db);
        return;
      }
      await sql`create function indicator_value_counts_add() returns trigger language plpgsql as $$
        begin
          insert into indicator_value_counts as c (type, value, occurrences)
            select type, value, count(*) from added group by type, value order by type, value
            on conflict (type, value) do update set occurrences = c.occurrences + excluded.occurrences;
          return null;
        end $$`.execute(db);
      await sql`create function indicator_value_counts_remove() returns trigger language plpgsql as $$
        begin
          with removed_counts as (select type, value, count(*) as n from removed group by type, value order by type, value)
          update indicator_value_counts c set occurrences = c.occurrences - r.n
            from removed_counts r where c.type = r.type and c.value = r.value;
          delete from indicator_value_counts c using (select distinct type, value from removed) r
            where c.type = r.type and c.value = r.value and c.occurrences <= 0;
          return null;
        end $$`.execute(db);
      await sql`create function indicator_value_counts_change() returns trigger language plpgsql as $$
        begin
          with removed_counts as (select type, value, count(*) as n from removed group by type, value order by type, value)
          update indicator_value_counts c set occurrences = c.occurrences - r.n
            from removed_counts r where c.type = r.type and c.value = r.value;
          insert into indicator_value_counts as c (type, value, occurrences)
            select type, value, count(*) from added group by type, value order by type, value
            on conflict (type, value) do update set occurrences = c.occurrences + excluded.occurrences;
          delete from indicator_value_counts c using (select distinct type, value from removed) r
            where c.type = r.type and c.value = r.value and c.occurrences <= 0;
          return null;
        end $$`.execute(db);
      await sql`create trigger indicator_value_counts_insert after insert on indicator_occurrences
        referencing new table as added for each statement execute function indicator_value_counts_add()`.execute(db);
      await sql`create trigger indicator_value_counts_delete after delete on indicator_occurrences
        referencing old table as removed for each statement execute function indicator_value_counts_remove()`.execute(db);
      await sql`create trigger indicator_value_counts_update after update on indicator_occurrences
        referencing old table as removed new table as added for each statement execute function indicator_value_counts_change()`.execute(
        db,
      );
    },
    async down(db: Kysely<any>) {
      for (const event of ['insert', 'delete', 'update'])
        await sql`drop trigger if exists ${sql.raw(`indicator_value_counts_${event}`)}${sql.raw(dialect === 'postgres' ? ' on indicator_occurrences' : '')}`.execute(
          db,
        );
      if (dialect === 'postgres')
        for (const fn of ['add', 'remove', 'change'])
          await sql`drop function if exists ${sql.raw(`indicator_value_counts_${fn}`)}()`.execute(db);
      await db.schema.dropTable('indicator_value_counts').execute();
    },
  };
}

/** The SQLite triggers of this migration: a row per value, counted from its first occurrence. */
export async function createSqliteCountTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger indicator_value_counts_insert after insert on indicator_occurrences begin
      insert into indicator_value_counts (type, value, occurrences) values (new.type, new.value, 1)
        on conflict (type, value) do update set occurrences = occurrences + 1;
    end`.execute(db);
  await sql`create trigger indicator_value_counts_delete after delete on indicator_occurrences begin
      update indicator_value_counts set occurrences = occurrences - 1 where type = old.type and value = old.value;
      delete from indicator_value_counts where type = old.type and value = old.value and occurrences <= 0;
    end`.execute(db);
  await sql`create trigger indicator_value_counts_update after update of type, value on indicator_occurrences
      when old.type <> new.type or old.value <> new.value begin
      update indicator_value_counts set occurrences = occurrences - 1 where type = old.type and value = old.value;
      delete from indicator_value_counts where type = old.type and value = old.value and occurrences <= 0;
      insert into indicator_value_counts (type, value, occurrences) values (new.type, new.value, 1)
        on conflict (type, value) do update set occurrences = occurrences + 1;
    end`.execute(db);
}
