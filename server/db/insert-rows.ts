import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import { isPostgres } from './dialect';
import type { Database } from './schema';

/** Rows per statement: 500 rows of up to 20 columns stay inside both dialects' parameter limits. */
const CHUNK = 500;

/**
 * Inserts rows with one multi-row statement per chunk, its SQL written here rather than built by
 * Kysely's query builder. Under intake's group commit the builder's per-row, per-column parsing and
 * compiling cost more than SQLite took to run the statements. The values reach the driver exactly as
 * the builder would pass them; a column missing (or undefined) in a row takes its default, as with
 * the builder, by writing rows of each distinct set of columns with a statement of their own.
 * `onConflictDoNothing` leaves a row out that would break a unique constraint.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db);
  const groups = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
  for (const row of rows as readonly Record<string, unknown>[]) {
    const columns = Object.keys(row).filter((column) => row[column] !== undefined);
    const shape = columns.join(',');
    const group = groups.get(shape);
    if (group) group.rows.push(row);
    else groups.set(shape, { columns, rows: [row] });
  }
  for (const { columns, rows: shaped } of groups.values()) {
    const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
    for (let start = 0; start < shaped.length; start += CHUNK) {
      const chunk = shaped.slice(start, start + CHUNK);
      const parameters: unknown[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        const slots: string[] = [];
        for (const column of columns) {
          parameters.push(row[column]);
          slots.push(postgres ? `$${parameters.length}` : '?');
        }
        tuples.push(`(${slots.join(', ')})`);
      }
      const tail = options.onConflictDoNothing ? ' on conflict do nothing' : '';
      await db.executeQuery(CompiledQuery.raw(head + tuples.join(', ') + tail, parameters));
    }
  }
}
