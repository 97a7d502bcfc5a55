import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  IdentifierNode,
  type Kysely,
  type Transaction,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { startModuleWorker } from '../lib/module-worker';
import type { Database } from './schema';
import { openSqliteReader } from './sqlite-setup';
import { withStatementCache } from './sqlite-statement-cache';

/** How the SQLite thread is started (its `workerData`). */
export interface SqliteThreadData {
  file: string;
  /** WAL checkpoints on a further thread of their own (`sqlite-checkpointer.ts`). */
  checkpointThread: boolean;
}

/**
 * A function a module exports, `(trx, args) => result`, that the SQLite thread runs in a transaction
 * of its own: a whole transaction for one message instead of a message per statement. Its arguments
 * and result cross threads by structured clone.
 */
export interface ThreadTransaction<A, R> {
  module: URL;
  name: string;
  /** Only a type's carrier, never set. */
  readonly types?: (args: A) => R;
}

/**
 * Names `run`, exported by the module at `moduleUrl` (its `import.meta.url`), as a transaction the
 * SQLite thread can run; its types come from the function, its name too, so neither can drift.
 */
export function threadTransaction<A, R>(
  moduleUrl: string,
  run: (trx: Transaction<Database>, args: A) => Promise<R>,
): ThreadTransaction<A, R> {
  return { module: new URL(moduleUrl), name: run.name };
}

/** A statement for the SQLite thread, a transaction to run there, or the request to close the connection. */
export type SqliteThreadRequest =
  | { id: number; sql: string; parameters: readonly unknown[] }
  | { id: number; transaction: { module: string; name: string }; args: unknown }
  | { id: number; close: true };

/** The SQLite thread's answer to one request. */
export type SqliteThreadReply =
  | { id: number; rows: Record<string, unknown>[]; blobs: boolean }
  | { id: number; changes: number; lastInsertRowid: number | bigint }
  | { id: number; error: { message: string; name: string; code?: string } }
  | { id: number; result: unknown }
  | { id: number; closed: true };

/** What the SQLite thread tells without being asked. */
export type SqliteThreadNotice = { ready: true } | { fatal: string } | { checkpointError: string };

export interface SqliteThreadOptions {
  /** WAL checkpoints on a further thread, so neither the event loop nor the SQLite thread copies the WAL. */
  checkpointThread?: boolean;
  /** Told when the checkpoint thread fails (the SQLite thread then checkpoints by itself again). */
  onCheckpointError?: (error: Error) => void;
}

/**
 * Kysely's SQLite dialect with the connection on a thread of its own (`sqlite-thread.worker.ts`).
 * better-sqlite3 runs every statement synchronously, so on the event loop a write burst's statements
 * and commits take the time that requests need; here the event loop only sends each compiled
 * statement and its parameters and awaits the rows. SQL, its semantics and the single connection are
 * unchanged: Kysely's own SQLite query compiler, adapter and introspector, one connection handed out
 * at a time, transactions as `begin`/`commit` on it. A statement's promise settles after the thread
 * has run it, so a commit is as durable when it resolves as before.
 */
export class SqliteThreadDialect implements Dialect {
  private driver: SqliteThreadDriver | undefined;

  constructor(
    private readonly file: string,
    private readonly options: SqliteThreadOptions = {},
  ) {}

  createDriver(): Driver {
    this.driver = new SqliteThreadDriver(this.file, this.options);
    return this.driver;
  }

  /**
   * Runs `transaction` in the SQLite thread as one transaction, once this side's transaction in flight,
   * if any, has ended; answers its result, or fails with its error (and nothing of it is stored).
   */
  async runTransaction<A, R>(transaction: ThreadTransaction<A, R>, args: A): Promise<R> {
    // Kysely creates the driver when the handle is made, and starts it with its first query.
    if (!this.driver) throw new Error('the SQLite thread dialect has no driver yet');
    return this.driver.runTransaction(transaction, args);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

interface Waiting {
  resolve: (reply: SqliteThreadReply) => void;
  reject: (error: Error) => void;
}

class SqliteThreadDriver implements Driver {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  /** Why the thread can take no more statements (it failed, exited or was closed). */
  private failure: Error | undefined;
  private readonly lock = new ConnectionLock();
  private started: Promise<void> | undefined;
  /** A read-only connection in this thread, for reads outside transactions. */
  private reader: { sqlite: SqliteDatabase.Database; statements: ReturnType<typeof withStatementCache> } | undefined;
  /** Connections handed out and given back, to be handed out again (Kysely keeps every one it has seen). */
  private readonly idle: ThreadConnection[] = [];

  constructor(
    private readonly file: string,
    private readonly options: SqliteThreadOptions,
  ) {}

  /** Starts the thread, once (Kysely's first query, or a transaction sent whole, whichever comes first). */
  init(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    const data: SqliteThreadData = { file: this.file, checkpointThread: this.options.checkpointThread ?? false };
    const worker = startModuleWorker(new URL('./sqlite-thread.worker.ts', import.meta.url), { ...data });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: SqliteThreadReply | SqliteThreadNotice) => {
        if ('id' in message) return this.answer(message);
        if ('ready' in message) return resolve();
        if ('fatal' in message) return reject(new Error(message.fatal));
        this.options.onCheckpointError?.(new Error(`the SQLite checkpoint thread failed: ${message.checkpointError}`));
      });
      worker.on('error', (error) => {
        this.fail(error);
        reject(error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`the SQLite thread exited (code ${code})`);
        this.fail(error);
        reject(error);
      });
    });
    await ready;
    // Held only while a statement is on its way, so an idle handle does not keep the process alive.
    worker.unref();
    // Opened once the thread has made the file a WAL database.
    const sqlite = openSqliteReader(this.file);
    this.reader = { sqlite, statements: withStatementCache(sqlite) };
  }

  /**
   * A connection as Kysely sees it. It holds the thread's one connection only from `begin` to the
   * transaction's end, or for one statement that writes; a read outside a transaction runs at once on
   * the read-only connection of this thread, so a page's reads do not wait for the thread.
   */
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.idle.pop() ?? new ThreadConnection(this);
  }

  /**
   * Runs a transaction in the thread. Transactions sent whole may be on their way together: the
   * thread runs each from start to end before it reads the next message. A transaction run from this
   * side statement by statement waits for them, and they for it.
   */
  async runTransaction<A, R>(transaction: ThreadTransaction<A, R>, args: A): Promise<R> {
    await this.init();
    await this.lock.take('shared');
    try {
      const reply = await this.request({ id: 0, transaction: { module: transaction.module.href, name: transaction.name }, args });
      if ('result' in reply) return reply.result as R;
      throw new Error('the SQLite thread answered a transaction with no result');
    } finally {
      this.lock.release('shared');
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const held = connection as ThreadConnection;
    await this.lock.take('exclusive');
    held.inTransaction = true;
    try {
      await this.send(CompiledQuery.raw('begin'));
    } catch (error) {
      this.end(held);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A commit that fails leaves the transaction to the rollback that follows it.
    await this.send(CompiledQuery.raw('commit'));
    this.end(connection as ThreadConnection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.send(CompiledQuery.raw('rollback'));
    } finally {
      this.end(connection as ThreadConnection);
    }
  }

  /** The transaction on `connection` has ended: the thread's connection is free for others. */
  private end(connection: ThreadConnection): void {
    if (!connection.inTransaction) return;
    connection.inTransaction = false;
    this.lock.release('exclusive');
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointCommand('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointCommand('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointCommand('release', name), createQueryId()));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.end(connection as ThreadConnection);
    this.idle.push(connection as ThreadConnection);
  }

  /** Closes the connection in its thread (checkpoint thread first, then statistics) and waits for the thread to end. */
  async destroy(): Promise<void> {
    const worker = this.worker;
    if (!worker || this.failure) return;
    const exited = once(worker, 'exit');
    this.reader?.sqlite.close();
    this.reader = undefined;
    await this.request({ id: 0, close: true });
    // Held until the thread has ended, or the process could exit with the close unfinished.
    worker.ref();
    this.failure = new Error('the SQLite connection is closed');
    await exited;
  }

  /** A statement on `connection`: a read outside a transaction here, anything else in the thread. */
  async execute<R>(connection: ThreadConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    // Without its writer the database is down, for reads too (`/readyz` says so).
    if (this.failure) throw this.failure;
    if (connection.inTransaction) return this.send(query);
    const read = this.readHere(query);
    if (read) return { rows: read.all(query.parameters) as R[] };
    await this.lock.take('exclusive');
    try {
      return await this.send(query);
    } finally {
      this.lock.release('exclusive');
    }
  }

  /** The statement prepared on the read-only connection, when it only reads and returns rows. */
  private readHere(query: CompiledQuery): SqliteDatabase.Statement | undefined {
    if (!this.reader?.sqlite.open) return undefined;
    let statement;
    try {
      statement = this.reader.statements.prepare(query.sql) as unknown as SqliteDatabase.Statement;
    } catch {
      // What cannot be prepared here (a table this connection does not see yet) is the thread's to run or refuse.
      return undefined;
    }
    return statement.reader && statement.readonly ? statement : undefined;
  }

  private async send<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.request({ id: 0, sql: query.sql, parameters: query.parameters });
    if ('rows' in reply) return { rows: (reply.blobs ? reply.rows.map(toBuffers) : reply.rows) as R[] };
    if ('changes' in reply) return { numAffectedRows: BigInt(reply.changes), insertId: BigInt(reply.lastInsertRowid), rows: [] };
    throw new Error('the SQLite thread answered a statement with no result');
  }

  /**
   * Kysely's own SQLite driver iterates a select row by row; here it is run whole (on the read-only
   * connection, or in the thread inside a transaction) and the rows are handed out `chunkSize` at a
   * time. Nothing in this codebase streams.
   */
  async *stream<R>(connection: ThreadConnection, query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('the SQLite driver only streams select queries');
    const { rows } = await this.execute<R>(connection, query);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }

  private request(request: SqliteThreadRequest): Promise<SqliteThreadReply> {
    if (this.failure || !this.worker) return Promise.reject(this.failure ?? new Error('the SQLite thread has not started'));
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise<SqliteThreadReply>((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  private answer(reply: SqliteThreadReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
    else waiting.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** A connection as Kysely holds it (`SqliteThreadDriver.acquireConnection`). */
class ThreadConnection implements DatabaseConnection {
  /** Between `begin` and the transaction's end, when this connection holds the thread's. */
  inTransaction = false;

  constructor(private readonly driver: SqliteThreadDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.driver.stream<R>(this, query, chunkSize);
  }
}

/** A row as cloned from the thread, with its BLOBs as Buffers again (a clone makes them plain Uint8Arrays). */
function toBuffers(row: Record<string, unknown>): Record<string, unknown> {
  for (const [column, value] of Object.entries(row)) {
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[column] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return row;
}

function savepointCommand(command: string, name: string): RawNode {
  return RawNode.createWithChildren([RawNode.createWithSql(`${command} `), IdentifierNode.create(name)]);
}

let queryIds = 0;
function createQueryId(): { readonly queryId: string } {
  return { queryId: `sqlite-thread-${++queryIds}` };
}

type LockMode = 'exclusive' | 'shared';

/**
 * The one connection's lock: Kysely's SQLite driver hands its connection out to one holder at a time
 * (`exclusive`, a query or a transaction run statement by statement); transactions sent whole
 * (`shared`) may hold it together. First come, first served, so neither kind waits for ever.
 */
class ConnectionLock {
  private exclusive = false;
  private shared = 0;
  private readonly waiting: { mode: LockMode; resolve: () => void }[] = [];

  async take(mode: LockMode): Promise<void> {
    if (this.waiting.length === 0 && this.free(mode)) return this.hold(mode);
    await new Promise<void>((resolve) => this.waiting.push({ mode, resolve }));
  }

  release(mode: LockMode): void {
    if (mode === 'exclusive') this.exclusive = false;
    else this.shared -= 1;
    while (this.waiting.length > 0 && this.free(this.waiting[0]!.mode)) {
      const next = this.waiting.shift()!;
      this.hold(next.mode);
      next.resolve();
    }
  }

  private free(mode: LockMode): boolean {
    return !this.exclusive && (mode === 'shared' || this.shared === 0);
  }

  private hold(mode: LockMode): void {
    if (mode === 'exclusive') this.exclusive = true;
    else this.shared += 1;
  }
}
