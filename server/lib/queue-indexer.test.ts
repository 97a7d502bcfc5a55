import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueIndexer } from './queue-indexer';

describe('QueueIndexer at background priority', () => {
  let indexer: QueueIndexer | undefined;
  afterEach(async () => {
    await indexer?.stop();
    indexer = undefined;
  });

  it.each([
    [500, 50],
    [2500, 250],
  ])(
    'waits while the foreground keeps writing, takes a tenth of a batch once it has waited too long, and a full one when the writes stop (%i, %i)',
    async (batchSize, busyBatch) => {
      // A queue of four full batches; each round takes what it is allowed to.
      let queued = 4 * batchSize;
      const limits: number[] = [];
      const times: number[] = [];
      let writes = 0;
      const writer = setInterval(() => (writes += 1), 5);
      indexer = new QueueIndexer({
        name: 'test indexer',
        log: { error: () => undefined },
        // The event loop never counts as busy here: only the foreground's writes do.
        busyThreshold: 1,
        intervalMs: 20,
        batchSize,
        maxDeferMs: 200,
        foregroundWrites: () => writes,
        indexBatch: async ({ limit }) => {
          const taken = Math.min(limit, queued);
          queued -= taken;
          limits.push(limit);
          times.push(Date.now());
          return taken;
        },
      });
      indexer.start();
      try {
        // The first look comes at once, before any write: a full batch. Then the writes keep it waiting
        // for maxDeferMs, and it takes a small batch only.
        await vi.waitFor(() => expect(limits.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 10 });
        expect(limits.slice(0, 2)).toEqual([batchSize, busyBatch]);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(180);
      } finally {
        clearInterval(writer);
      }
      await vi.waitFor(() => expect(queued).toBe(0), { timeout: 5_000, interval: 10 });
      expect(limits).toContain(batchSize);
    },
  );
});
