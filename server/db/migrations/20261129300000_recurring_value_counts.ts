import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { createSqliteCountTriggers } from './20261128690000_indicator_value_counts';

/** In a trigger on `indicator_occurrences`: count `new`'s value once it occurs twice. */
const countNewValue = sql.raw(`insert into indicator_value_counts (type, value, occurrences)
          select new.type, new.value, 2 where (
            select count(*) from (select 1 from indicator_occurrences where type = new.type and value = new.value limit 2)
          ) = 2
          on conflict (type, value) do update set occurrences = occurrences + 1;`);

/** In a trigger on `indicator_occurrences`: count `old`'s value one less, and forget it below two. */
const uncountOldValue =
  sql.raw(`update indicator_value_counts set occurrences = occurrences - 1 where type = old.type and value = old.value;
        delete from indicator_value_counts where type = old.type and value = old.value and occurrences < 2;`);

/**
 * On SQLite, `indicator_value_counts` keeps rows only for values that occur at least twice. Most
 * values are seen once (a fresh phone number, a one-off account), and their rows were a random-key
 * insert into the counts table for every new value, about 6 of a filled store's 18 WAL pages a report
 * (bench/registry.ts). A value without a row has 0 or 1 occurrences, which `cappedOccurrenceCount`
 * reads from the occurrences' primary key (at most two entries). The insert trigger looks at that
 * range, which the insert has just touched, and adds the row with 2 when a value's second occurrence
 * arrives.
 *
 * PostgreSQL keeps a row for every value: its statement triggers add a batch's counts in one upsert,
 * and concurrent transactions could not tell a value's second occurrence from each other's.
 */
export function migration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      for (const event of ['insert', 'delete', 'update']) await sql`drop trigger ${sql.raw(`indicator_value_counts_${event}`)}`.execute(db);
      await sql`delete from indicator_value_counts where occurrences < 2`.execute(db);
      await sql`create trigger indicator_value_counts_insert after insert on indicator_occurrences begin
        ${countNewValue}
      end`.execute(db);
      await sql`create trigger indicator_value_counts_delete after delete on indicator_occurrences begin
        ${uncountOldValue}
      end`.execute(db);
      await sql`create trigger indicator_value_counts_update after update of type, value on indicator_occurrences
        when old.type <> new.type or old.value <> new.value begin
        ${uncountOldValue}
        ${countNewValue}
      end`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      for (const event of ['insert', 'delete', 'update']) await sql`drop trigger ${sql.raw(`indicator_value_counts_${event}`)}`.execute(db);
      await sql`insert into indicator_value_counts (type, value, occurrences)
        select type, value, 1 from indicator_occurrences group by type, value having count(*) = 1`.execute(db);
      await createSqliteCountTriggers(db);
    },
  };
}
