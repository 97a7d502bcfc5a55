// A transaction for the SQLite thread's tests (`sqlite-thread.test.ts`) to send whole.
import { type Transaction, sql } from 'kysely';
import { threadTransaction } from './sqlite-thread';

export interface InsertNames {
  names: string[];
  /** Throws before inserting the name at this position, after the ones before it. */
  failAt?: number;
}

/** Inserts names into `things`, one statement each; answers how many, and where it runs. */
export async function insertNames(trx: Transaction<any>, { names, failAt }: InsertNames): Promise<{ inserted: number; thread: number }> {
  for (const [i, name] of names.entries()) {
    if (i === failAt) throw new Error(`failing on purpose at ${name}`);
    await sql`insert into things (name) values (${name})`.execute(trx);
  }
  const { threadId } = await import('node:worker_threads');
  return { inserted: names.length, thread: threadId };
}

export const INSERT_NAMES = threadTransaction(import.meta.url, insertNames);

/** Ends the SQLite thread as a crash would. */
export async function endThread(): Promise<never> {
  process.exit(3);
}

export const END_THREAD = threadTransaction<null, never>(import.meta.url, endThread);
