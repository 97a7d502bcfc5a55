import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** How often a SQLite connection refreshes the query planner's statistics (`PRAGMA optimize`). */
const SQLITE_OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/** A configured SQLite connection and how to finish with it. */
export interface SqliteConnectionHandle {
  sqlite: SqliteDatabase.Database;
  /** Stops the hourly statistics refresh and gathers statistics once more (the caller closes the connection). */
  finish(): void;
}

/**
 * Opens the application's SQLite connection: WAL mode with `synchronous=NORMAL` (durable across
 * process crashes, and across power loss up to the last checkpoint), foreign keys, a 5 s busy
 * timeout and a 64 MB page cache, with the query planner's statistics kept fresh. The same in the
 * event loop's thread and in the SQLite thread (`sqlite-thread.ts`).
 */
export function openSqliteConnection(file: string): SqliteConnectionHandle {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  waitAndCache(sqlite);
  // The query planner's statistics, as SQLite advises for long-lived connections: gathered where
  // they are missing or stale when the database opens, refreshed every hour and at close. Each
  // ANALYZE samples at most 1,000 rows an index (a never-analyzed table of 2M rows: 0.27 s instead
  // of 2.2 s; nothing to do: under 1 ms). The benchmarks measure with statistics too.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => sqlite.pragma('optimize'), SQLITE_OPTIMIZE_INTERVAL_MS);
  optimizer.unref();
  return {
    sqlite,
    finish() {
      clearInterval(optimizer);
      if (sqlite.open) sqlite.pragma('optimize');
    },
  };
}

/**
 * A read-only connection to a WAL database the application's connection has opened (the SQLite
 * thread's reads outside transactions). In WAL mode a reader never waits for the writer, and each
 * read sees what was committed when it began, as it would on the writer's connection.
 */
export function openSqliteReader(file: string): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  waitAndCache(sqlite);
  return sqlite;
}

/** Both connections: a 5 s busy timeout, and 64 MB of page cache (the default is 2 MB), so index pages of growing tables stay in memory. */
function waitAndCache(sqlite: SqliteDatabase.Database): void {
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
}
