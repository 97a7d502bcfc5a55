import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerPool } from './worker-pool';

type Out = { square: number; threadId: number };

/** The same function as the fixture's, computed in this thread (and marked so). */
function compute(n: number): Out {
  if (n === -1) throw new Error('minus one here');
  return { square: n * n, threadId };
}

const pools: WorkerPool<number, Out>[] = [];
function pool(size = 2, onWorkerError?: (error: unknown) => void) {
  const created = new WorkerPool<number, Out>({
    module: new URL('./worker-pool.fixture.ts', import.meta.url),
    size,
    compute,
    ...(onWorkerError && { onWorkerError }),
  });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkerPool', () => {
  it('computes tasks on worker threads, each caller getting its own answer', async () => {
    const p = pool();
    const outputs = await Promise.all(Array.from({ length: 50 }, (_, n) => p.run(n)));
    expect(outputs.map((o) => o.square)).toEqual(Array.from({ length: 50 }, (_, n) => n * n));
    expect(outputs.every((o) => o.threadId !== threadId)).toBe(true);
  });

  it('computes a batch a worker failed on here, so the failure is this thread’s own', async () => {
    const onWorkerError = vi.fn();
    const p = pool(1, onWorkerError);
    const [ok, failed] = await Promise.allSettled([p.run(3), p.run(-1)]);
    // The batch failed on the worker as a whole; its other task still gets its answer.
    expect(ok).toEqual({ status: 'fulfilled', value: { square: 9, threadId } });
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: 'minus one here' } });
    expect(onWorkerError).toHaveBeenCalledOnce();
    expect(p.liveWorkers).toBe(1);
    expect((await p.run(4)).threadId).not.toBe(threadId);
  });

  it('answers the tasks of a worker that died, and goes on with the others and then in this thread', async () => {
    const onWorkerError = vi.fn();
    const p = pool(1, onWorkerError);
    const answers = await Promise.all([p.run(5), p.run(-2), p.run(6)]);
    // -2 ends the thread; the fallback here squares it.
    expect(answers.map((a) => a.square)).toEqual([25, 4, 36]);
    expect(onWorkerError).toHaveBeenCalled();
    expect(p.liveWorkers).toBe(0);
    expect(await p.run(7)).toEqual({ square: 49, threadId });
  });

  it('computes here once closed, including what was queued', async () => {
    const p = pool();
    const queued = p.run(8);
    await p.close();
    expect(await queued).toEqual({ square: 64, threadId });
    expect(await p.run(9)).toEqual({ square: 81, threadId });
    expect(p.liveWorkers).toBe(0);
  });
});
