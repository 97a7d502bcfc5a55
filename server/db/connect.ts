import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseDialect } from '../config';
import type { Database } from './schema';
import { CheckpointedSqliteDialect, SqliteCheckpointer } from './sqlite-checkpointer';
import { openSqliteConnection } from './sqlite-setup';
import { withStatementCache } from './sqlite-statement-cache';
import { SqliteThreadDialect, type ThreadTransaction } from './sqlite-thread';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  close(): Promise<void>;
  /** Where SQLite runs on a thread of its own: runs a transaction there whole, in one message (`ThreadTransaction`). */
  runInThread?: <A, R>(transaction: ThreadTransaction<A, R>, args: A) => Promise<R>;
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
  /**
   * SQLite: the connection on a thread of its own (`sqlite-thread.ts`), so statements and commits
   * do not take the event loop's time. The server turns it on where it runs its background workers.
   */
  thread?: boolean;
}

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string; poolSize?: number };

/**
 * Opens the database. SQLite runs in WAL mode with `synchronous=NORMAL` (durable across process
 * crashes, and across power loss up to the last checkpoint); PostgreSQL through a `pg` pool.
 */
export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (target.dialect === 'sqlite') {
    if (options.thread && target.file !== ':memory:') {
      const dialect = new SqliteThreadDialect(target.file, options);
      const db = new Kysely<Database>({ dialect });
      return {
        db,
        dialect: 'sqlite',
        close: () => db.destroy(),
        runInThread: (transaction, args) => dialect.runTransaction(transaction, args),
      };
    }
    const { sqlite, finish } = openSqliteConnection(target.file);
    const checkpointer =
      options.checkpointThread && target.file !== ':memory:'
        ? new SqliteCheckpointer(target.file, sqlite, { onError: options.onCheckpointError })
        : undefined;
    const config = { database: withStatementCache(sqlite) };
    const dialect = checkpointer ? new CheckpointedSqliteDialect(config, checkpointer) : new SqliteDialect(config);
    const db = new Kysely<Database>({ dialect });
    const close = async () => {
      await checkpointer?.close();
      finish();
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
