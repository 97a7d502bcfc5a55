import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a handle (or transaction) speaks PostgreSQL rather than SQLite, for the few statements that differ. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
