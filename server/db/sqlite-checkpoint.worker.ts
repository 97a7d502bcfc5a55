// The WAL checkpoint thread of a SQLite database (`sqlite-checkpointer.ts`): its own connection to
// the file, woken through shared memory after the writer's transactions, copies what the WAL holds
// into the database (PASSIVE: never blocks the writer) and publishes how far it got. A failure is
// posted to the writer's thread before the thread ends.
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { CELL, CHECKPOINT_REST_MS, IDLE_CHECKPOINT_MS } from './sqlite-checkpoint-cells';

const { file, cells: buffer } = workerData as { file: string; cells: SharedArrayBuffer };
const cells = new Int32Array(buffer);

function checkpoint(db: SqliteDatabase.Database, covered: number): void {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
  Atomics.store(cells, CELL.walFrames, result?.log ?? 0);
  Atomics.store(cells, CELL.copiedFrames, result?.checkpointed ?? 0);
  Atomics.store(cells, CELL.covered, covered);
  Atomics.add(cells, CELL.checkpoints, 1);
  Atomics.notify(cells, CELL.checkpoints);
}

try {
  const db = new SqliteDatabase(file, { fileMustExist: true });
  // The same syncs as the writer's own checkpoints: the WAL before copying, the database after.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  let seen = Atomics.load(cells, CELL.wakeups);
  // A first checkpoint at once: the writer hands its checkpoints over once this one has run.
  checkpoint(db, seen);
  while (Atomics.load(cells, CELL.stop) === 0) {
    // A rest after each checkpoint, so a busy writer's transactions are copied a few at a time,
    // cut short when the writer waits for the thread.
    Atomics.wait(cells, CELL.urgent, 0, CHECKPOINT_REST_MS);
    if (Atomics.load(cells, CELL.stop) !== 0) break;
    // Woken by the writer, or once in a while on its own, so what was written is synced soon either way.
    Atomics.wait(cells, CELL.wakeups, seen, IDLE_CHECKPOINT_MS);
    if (Atomics.load(cells, CELL.stop) !== 0) break;
    seen = Atomics.load(cells, CELL.wakeups);
    Atomics.store(cells, CELL.urgent, 0);
    checkpoint(db, seen);
  }
  db.close();
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
