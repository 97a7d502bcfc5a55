import { once } from 'node:events';
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  SqliteDialect,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import { startModuleWorker } from '../lib/module-worker';
import { CELL, CELL_COUNT } from './sqlite-checkpoint-cells';

export interface SqliteCheckpointerOptions {
  /**
   * WAL frames past which the writer lets the thread copy the whole WAL before it writes again (the
   * next write then starts the WAL over, and the file is cut back to this size). A writer that never
   * pauses never lets a PASSIVE checkpoint finish, and SQLite starts the WAL over only after one has.
   */
  pauseFrames?: number;
  /** The longest the writer waits for that (a reader in another process can hold a checkpoint back). */
  maxPauseMs?: number;
  /** Told when the thread fails; the writer then checkpoints by itself again. */
  onError?: (error: Error) => void;
}

/** SQLite's own default for a connection that checkpoints by itself. */
const WRITER_AUTOCHECKPOINT = 1_000;

/**
 * WAL checkpoints of a SQLite database on a thread of their own. A checkpoint copies the WAL's pages
 * into the database file and syncs both; done by the writer (SQLite's `wal_autocheckpoint`), that
 * runs inside a commit on the event loop, and in a large store, where a commit's pages are scattered,
 * every commit pays for one. Here the writer only appends to the WAL; after each of its transactions
 * it wakes the thread, whose own connection runs `wal_checkpoint(PASSIVE)`, which never blocks the
 * writer. Durability is as before: under `synchronous=NORMAL` a commit is synced at the next
 * checkpoint, which now comes within ~25 ms of it (`CHECKPOINT_REST_MS`) instead of after ~1,000 pages.
 *
 * The writer's connection keeps checkpointing by itself until the thread has started and run its first
 * checkpoint, then gets `wal_autocheckpoint = 0`, and its default back if the thread fails or closes.
 */
export class SqliteCheckpointer {
  private readonly cells = new Int32Array(new SharedArrayBuffer(CELL_COUNT * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private readonly pauseFrames: number;
  private readonly maxPauseMs: number;
  private running = true;
  /** Whether the writer has handed its checkpoints to the thread (after the thread's first one). */
  private handedOver = false;
  /** The `wakeups` count after this writer's latest write. */
  private lastWrite = 0;
  /** The latest write after which the WAL file was found within `pauseBytes`. */
  private smallAfter = -1;
  private readonly walFile: string;
  private readonly pauseBytes: number;
  private readonly exited: Promise<unknown>;

  constructor(
    file: string,
    private readonly writer: SqliteDatabase.Database,
    private readonly options: SqliteCheckpointerOptions = {},
  ) {
    this.pauseFrames = options.pauseFrames ?? 4_000;
    this.maxPauseMs = options.maxPauseMs ?? 1_000;
    this.walFile = `${file}-wal`;
    // A WAL frame is a page and a 24-byte header, after the file's 32-byte header.
    this.pauseBytes = 32 + this.pauseFrames * ((writer.pragma('page_size', { simple: true }) as number) + 24);
    this.worker = startModuleWorker(new URL('./sqlite-checkpoint.worker.ts', import.meta.url), {
      file,
      cells: this.cells.buffer,
    });
    this.worker.unref();
    this.exited = once(this.worker, 'exit');
    this.worker.on('message', (message: { error?: string }) => {
      if (message.error) this.fail(new Error(`the SQLite checkpoint thread failed: ${message.error}`));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.running) this.fail(new Error(`the SQLite checkpoint thread exited (code ${code})`));
    });
  }

  /** Whether checkpoints are still on the thread (false once it has failed or closed). */
  get active(): boolean {
    return this.running;
  }

  /** The thread's last checkpoint: frames in the WAL, frames copied, checkpoints run so far. */
  progress(): { walFrames: number; copiedFrames: number; checkpoints: number } {
    return {
      walFrames: Atomics.load(this.cells, CELL.walFrames),
      copiedFrames: Atomics.load(this.cells, CELL.copiedFrames),
      checkpoints: Atomics.load(this.cells, CELL.checkpoints),
    };
  }

  /** After a write: wakes the thread to checkpoint what was written. */
  written(): void {
    if (!this.running) return;
    this.lastWrite = this.wake();
  }

  /** Wakes the thread; answers the `wakeups` count its next checkpoint will cover. */
  private wake(): number {
    const wakeups = (Atomics.add(this.cells, CELL.wakeups, 1) + 1) | 0;
    Atomics.notify(this.cells, CELL.wakeups);
    return wakeups;
  }

  /**
   * Before the writer's connection is used: when the WAL has passed `pauseFrames` and is not yet
   * copied whole, waits (not blocking the event loop, at most `maxPauseMs`) until the thread has
   * copied all of it, so the next write starts the WAL over.
   */
  async settle(): Promise<void> {
    if (!this.running || !this.behind()) return;
    const deadline = performance.now() + this.maxPauseMs;
    while (this.running && this.behind()) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      const checkpoints = Atomics.load(this.cells, CELL.checkpoints);
      Atomics.store(this.cells, CELL.urgent, 1);
      Atomics.notify(this.cells, CELL.urgent);
      this.wake();
      const wait = Atomics.waitAsync(this.cells, CELL.checkpoints, checkpoints, left);
      if (!wait.async) continue;
      // A pending waitAsync does not keep the process alive; this timer does, until the thread answers.
      const keepAlive = setTimeout(() => undefined, left);
      await wait.value;
      clearTimeout(keepAlive);
    }
  }

  /** Stops the thread after its current checkpoint; the writer checkpoints by itself again. */
  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    Atomics.store(this.cells, CELL.stop, 1);
    Atomics.notify(this.cells, CELL.urgent);
    Atomics.notify(this.cells, CELL.wakeups);
    // Held by the thread until it has ended, or the process could exit first, its close unfinished.
    this.worker.ref();
    await this.exited;
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT}`);
  }

  /**
   * Whether the WAL is large and not all copied. Its size is the file's: the writer's
   * `journal_size_limit` cuts the file back to `pauseBytes` at the first commit after the WAL starts
   * over, so a larger file is a WAL that has grown past it since. What the thread published is as of
   * its last checkpoint; the WAL counts as copied only when that checkpoint began after the writer's
   * latest write and copied every frame.
   */
  private behind(): boolean {
    if (!this.handedOver) {
      // Until the thread has started and checkpointed once, the writer goes on checkpointing by itself.
      if (Atomics.load(this.cells, CELL.checkpoints) === 0) return false;
      this.writer.pragma('wal_autocheckpoint = 0');
      this.writer.pragma(`journal_size_limit = ${this.pauseBytes}`);
      this.handedOver = true;
    }
    if (this.smallAfter === this.lastWrite) return false;
    if ((statSync(this.walFile, { throwIfNoEntry: false })?.size ?? 0) <= this.pauseBytes) {
      this.smallAfter = this.lastWrite;
      return false;
    }
    // Counts wrap around at 2^31; their difference does not.
    const uncovered = ((Atomics.load(this.cells, CELL.covered) - this.lastWrite) | 0) < 0;
    return uncovered || Atomics.load(this.cells, CELL.copiedFrames) < Atomics.load(this.cells, CELL.walFrames);
  }

  private fail(error: Error): void {
    if (!this.running) return;
    this.running = false;
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT}`);
    this.options.onError?.(error);
  }
}

/**
 * Kysely's SQLite dialect with the writer's side of a checkpoint thread: the single connection is
 * handed out only after `settle()`, and every release wakes the thread.
 */
export class CheckpointedSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly checkpointer: SqliteCheckpointer,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new CheckpointedDriver(super.createDriver(), this.checkpointer);
  }
}

class CheckpointedDriver implements Driver {
  /** Whether a statement other than a read (a write, or `begin`/`commit`) ran since the connection was handed out. */
  private wrote = false;
  private connection: DatabaseConnection | undefined;

  constructor(
    private readonly inner: Driver,
    private readonly checkpointer: SqliteCheckpointer,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // Taken first, so nothing else uses the connection while the thread catches up.
    const connection = await this.inner.acquireConnection();
    await this.checkpointer.settle();
    this.connection ??= this.watch(connection);
    return this.connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    if (this.wrote) {
      this.wrote = false;
      this.checkpointer.written();
    }
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  /** The connection, noting statements other than reads (Kysely's SQLite driver gives them `numAffectedRows`). */
  private watch(connection: DatabaseConnection): DatabaseConnection {
    return {
      executeQuery: async <R>(query: CompiledQuery) => {
        const result = await connection.executeQuery<R>(query);
        if (result.numAffectedRows !== undefined) this.wrote = true;
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
}
