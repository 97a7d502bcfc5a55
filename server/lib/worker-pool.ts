import { type Worker, isMainThread, parentPort } from 'node:worker_threads';
import { startModuleWorker } from './module-worker';

/** A batch of tasks sent to a worker, and its answer. */
interface TaskBatch<I> {
  id: number;
  inputs: I[];
}
type BatchAnswer<O> = { id: number; outputs: O[] } | { id: number; error: string };

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker<I, O> {
  worker: Worker;
  inFlight: Map<number, Pending<I, O>[]>;
  tasks: number;
}

export interface WorkerPoolOptions<I, O> {
  /**
   * The worker's module: it calls `serveTasks` with the same function as `compute`. A TypeScript
   * module is loaded through tsx (`ts-worker.mjs`), so it runs from source as the server does.
   */
  module: URL;
  /** Worker threads to run (at least 1). */
  size: number;
  /**
   * Computes a task in this thread: for tasks the pool cannot hand to a worker (it is closed, or its
   * workers died) and for a batch a worker failed on, so a task fails only if it fails here too.
   */
  compute: (input: I) => O;
  /** Told when a worker fails or exits unexpectedly (the pool goes on with the others, or here). */
  onWorkerError?: (error: unknown) => void;
}

/**
 * A small pool of worker threads for pure, CPU-bound work that would otherwise hold the event loop.
 * Tasks submitted in the same turn of the event loop go to a worker as one message (a message costs
 * about as much as a small task), spread over the workers by how many tasks each has in flight.
 * Inputs and outputs are copied with the structured clone algorithm: plain data only.
 */
export class WorkerPool<I, O> {
  private readonly workers: PoolWorker<I, O>[] = [];
  private queue: Pending<I, O>[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions<I, O>) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.spawn();
  }

  /** Workers running now (fewer than asked once some have died). */
  get liveWorkers(): number {
    return this.workers.length;
  }

  /** Computes one task on a worker, or here when no worker can take it. */
  run(input: I): Promise<O> {
    if (this.closed || this.workers.length === 0) return this.computeHere(input);
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Stops the workers. Tasks queued or in flight are computed here instead, so every caller still gets
   * its answer; tasks run after this are computed here too.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const queued = this.queue;
    this.queue = [];
    this.settleHere(queued);
    // A terminated worker's batches in flight are settled here by its exit handler.
    await Promise.all(
      [...this.workers].map((entry) => {
        // Waiting for the exit must keep the process running.
        entry.worker.ref();
        return entry.worker.terminate();
      }),
    );
  }

  private computeHere(input: I): Promise<O> {
    try {
      return Promise.resolve(this.options.compute(input));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private settleHere(batch: Pending<I, O>[]): void {
    for (const pending of batch) this.computeHere(pending.input).then(pending.resolve, pending.reject);
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.closed) return this.settleHere(batch);
    const entry = this.workers.reduce<PoolWorker<I, O> | undefined>((best, w) => (!best || w.tasks < best.tasks ? w : best), undefined);
    if (!entry) return this.settleHere(batch);
    const id = this.nextId++;
    entry.inFlight.set(id, batch);
    entry.tasks += batch.length;
    entry.worker.postMessage({ id, inputs: batch.map((p) => p.input) } satisfies TaskBatch<I>);
  }

  private spawn(): void {
    const worker = startModuleWorker(this.options.module);
    // The pool is closed with the app; an idle worker alone never keeps the process running.
    worker.unref();
    const entry: PoolWorker<I, O> = { worker, inFlight: new Map(), tasks: 0 };
    this.workers.push(entry);
    worker.on('message', (answer: BatchAnswer<O>) => {
      const batch = entry.inFlight.get(answer.id);
      if (!batch) return;
      entry.inFlight.delete(answer.id);
      entry.tasks -= batch.length;
      if ('error' in answer) {
        this.options.onWorkerError?.(new Error(`worker task failed: ${answer.error}`));
        return this.settleHere(batch);
      }
      batch.forEach((pending, i) => pending.resolve(answer.outputs[i]!));
    });
    const lost = (error: unknown) => {
      const index = this.workers.indexOf(entry);
      if (index < 0) return;
      this.workers.splice(index, 1);
      if (!this.closed) this.options.onWorkerError?.(error);
      for (const batch of entry.inFlight.values()) this.settleHere(batch);
      entry.inFlight.clear();
      entry.tasks = 0;
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker exited with code ${code}`)));
  }
}

/**
 * Runs inside a worker: answers each batch of tasks the pool sends with `compute` applied to each.
 * A task that throws fails its batch, which the pool then computes in its own thread.
 */
export function serveTasks<I, O>(compute: (input: I) => O): void {
  if (isMainThread || !parentPort) throw new Error('serveTasks runs only in a worker thread');
  const port = parentPort;
  port.on('message', ({ id, inputs }: TaskBatch<I>) => {
    let answer: BatchAnswer<O>;
    try {
      answer = { id, outputs: inputs.map(compute) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
