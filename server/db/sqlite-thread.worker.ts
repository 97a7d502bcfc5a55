// The SQLite thread (`sqlite-thread.ts`): the application's one SQLite connection, which runs the
// statements the event loop's thread sends, one at a time in the order they come, and answers each
// with its rows or its changes. With a checkpoint thread it is the checkpointer's writer: it lets the
// thread catch up before the connection starts a transaction or a statement of its own, and wakes it
// after each commit.
import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { openSqliteConnection } from './sqlite-setup';
import { withStatementCache } from './sqlite-statement-cache';
import type { SqliteThreadData, SqliteThreadNotice, SqliteThreadReply, SqliteThreadRequest } from './sqlite-thread';

const { file, checkpointThread } = workerData as SqliteThreadData;
const port = parentPort!;
const notify = (notice: SqliteThreadNotice) => port.postMessage(notice);

let opened: ReturnType<typeof openSqliteConnection>;
try {
  opened = openSqliteConnection(file);
} catch (error) {
  notify({ fatal: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
const { sqlite } = opened;
const statements = withStatementCache(sqlite);
// Transactions sent whole run through a Kysely of this thread's own over the same connection.
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: statements }) });
const checkpointer = checkpointThread
  ? new SqliteCheckpointer(file, sqlite, { onError: (error) => notify({ checkpointError: error.message }) })
  : undefined;

/** Whether a value or any of a row's values is a BLOB (cloned as a plain Uint8Array, made a Buffer again there). */
function hasBlobs(rows: Record<string, unknown>[]): boolean {
  for (const row of rows) for (const column in row) if (row[column] instanceof Uint8Array) return true;
  return false;
}

async function run(request: Extract<SqliteThreadRequest, { sql: string }>): Promise<SqliteThreadReply> {
  try {
    // A new transaction or a statement on its own: the moment to let a lagging checkpoint catch up.
    if (checkpointer && !sqlite.inTransaction) await checkpointer.settle();
    const statement = statements.prepare(request.sql);
    if (statement.reader) {
      const rows = statement.all(request.parameters) as Record<string, unknown>[];
      return { id: request.id, rows, blobs: hasBlobs(rows) };
    }
    const { changes, lastInsertRowid } = statement.run(request.parameters);
    // A commit, or a write that committed by itself.
    if (checkpointer && !sqlite.inTransaction) checkpointer.written();
    return { id: request.id, changes: Number(changes), lastInsertRowid };
  } catch (error) {
    return { id: request.id, error: describeError(error) };
  }
}

type TransactionFunction = (trx: Transaction<any>, args: unknown) => Promise<unknown>;
const modules = new Map<string, Promise<Record<string, unknown>>>();

async function transact(request: Extract<SqliteThreadRequest, { transaction: object }>): Promise<SqliteThreadReply> {
  try {
    const { module, name } = request.transaction;
    let loading = modules.get(module);
    if (!loading) modules.set(module, (loading = import(module) as Promise<Record<string, unknown>>));
    const run = (await loading)[name];
    if (typeof run !== 'function') throw new Error(`${module} exports no function ${name}`);
    await checkpointer?.settle();
    const result = await db.transaction().execute((trx) => (run as TransactionFunction)(trx, request.args));
    checkpointer?.written();
    return { id: request.id, result };
  } catch (error) {
    checkpointer?.written();
    return { id: request.id, error: describeError(error) };
  }
}

function describeError(error: unknown): { message: string; name: string; code?: string } {
  const { message, name, code } = error as { message?: string; name?: string; code?: unknown };
  return { message: message ?? String(error), name: name ?? 'Error', ...(typeof code === 'string' && { code }) };
}

async function close(id: number): Promise<void> {
  await checkpointer?.close();
  opened.finish();
  sqlite.close();
  port.postMessage({ id, closed: true } satisfies SqliteThreadReply);
  port.close();
}

// One request at a time, in order: a statement waits for the checkpointer's `settle()` before it runs.
let queue = Promise.resolve();
port.on('message', (request: SqliteThreadRequest) => {
  queue = queue.then(async () => {
    if ('close' in request) await close(request.id);
    else if ('transaction' in request) port.postMessage(await transact(request));
    else port.postMessage(await run(request));
  });
});
notify({ ready: true });
