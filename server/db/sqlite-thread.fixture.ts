// A transaction for the SQLite thread's tests (`sqlite-thread.test.ts`) to send whole.
import { type Transaction, sql } from 'kysely';
import type { ThreadTransaction } from './sqlite-thread';

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

export const INSERT_NAMES: ThreadTransaction<InsertNames, { inserted: number; thread: number }> = {
  module: new URL(import.meta.url),
  name: 'insertNames',
};

/** Ends the SQLite thread as a crash would. */
export function endThread(): never {
  process.exit(3);
}

export const END_THREAD: ThreadTransaction<null, never> = { module: new URL(import.meta.url), name: 'endThread' };
