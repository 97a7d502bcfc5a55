import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseDialect } from '../config';
import type { Database } from './schema';
import { CheckpointedSqliteDialect, SqliteCheckpointer } from './sqlite-checkpointer';
import { withStatementCache } from './sqlite-statement-cache';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  close(): Promise<void>;
}

/** How to open it, beyond where. */
export interface OpenDatabaseOptions {
  /**
   * SQLite: WAL checkpoints on a thread of their own instead of inside the writer's commits
   * (`sqlite-checkpointer.ts`). The server turns it on where it runs its background workers.
   */
  checkpointThread?: boolean;
  /** Told when the checkpoint thread fails (the writer then checkpoints by itself again). */
  onCheckpointError?: (error: Error) => void;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

/** How often a SQLite connection refreshes the query planner's statistics (`PRAGMA optimize`). */
const SQLITE_OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Opens the database. SQLite runs in WAL mode with `synchronous=NORMAL` (durable across process
 * crashes, and across power loss up to the last checkpoint); PostgreSQL through a `pg` pool.
 */
export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MB of page cache (the default is 2 MB): index pages of growing tables stay in memory.
    sqlite.pragma('cache_size = -65536');
    // The query planner's statistics, as SQLite advises for long-lived connections: gathered where
    // they are missing or stale when the database opens, refreshed every hour and at close. Each
    // ANALYZE samples at most 1,000 rows an index (a never-analyzed table of 2M rows: 0.27 s instead
    // of 2.2 s; nothing to do: under 1 ms). The benchmarks measure with statistics too.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize = 0x10002');
    const optimizer = setInterval(() => sqlite.pragma('optimize'), SQLITE_OPTIMIZE_INTERVAL_MS);
    optimizer.unref();
    const checkpointer =
      options.checkpointThread && target.file !== ':memory:'
        ? new SqliteCheckpointer(target.file, sqlite, { onError: options.onCheckpointError })
        : undefined;
    const config = { database: withStatementCache(sqlite) };
    const dialect = checkpointer ? new CheckpointedSqliteDialect(config, checkpointer) : new SqliteDialect(config);
    const db = new Kysely<Database>({ dialect });
    const close = async () => {
      clearInterval(optimizer);
      await checkpointer?.close();
      if (sqlite.open) sqlite.pragma('optimize');
      await db.destroy();
    };
    return { db, dialect: 'sqlite', close };
  }
  // timestamptz and bigint come back as Date and string; repositories normalise both.
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Answers whether the database takes a trivial query; used by `/readyz`. */
export async function pingDatabase(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
