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
    'waits while the foreground keeps writing, takes a tenth of a batch once it has waited too long, and a full one when the writes stop (%i, first batch %i)',
    async (batchSize, firstBatch) => {
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
        // The first look comes at once, before any write: a tenth of a full batch, as nothing is known
        // yet of what an item costs. It took no time, so the batch may double; but the writes keep it
        // waiting for maxDeferMs, and then it takes a tenth of that.
        await vi.waitFor(() => expect(limits.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 10 });
        expect(limits.slice(0, 2)).toEqual([firstBatch, (2 * firstBatch) / 10]);
        expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(180);
      } finally {
        clearInterval(writer);
      }
      // Batches that cost nothing grow to the full size.
      await vi.waitFor(() => expect(queued).toBe(0), { timeout: 5_000, interval: 10 });
      expect(limits).toContain(batchSize);
    },
  );

  it('cuts its batches to what the time budget allows at the cost an item took, and grows them again when items get cheaper', async () => {
    // Items cost 1 ms each at first (a batch holds the database that long), a tenth of that later.
    let costMs = 1;
    let queued = 10_000;
    const limits: { limit: number; costMs: number }[] = [];
    indexer = new QueueIndexer({
      name: 'test indexer',
      log: { error: () => undefined },
      busyThreshold: 1,
      intervalMs: 5,
      batchSize: 400,
      batchBudgetMs: 20,
      indexBatch: async ({ limit }) => {
        const taken = Math.min(limit, queued);
        queued -= taken;
        limits.push({ limit, costMs });
        await new Promise((resolve) => setTimeout(resolve, taken * costMs));
        return taken;
      },
    });
    indexer.start();
    await vi.waitFor(() => expect(limits.length).toBeGreaterThanOrEqual(8), { timeout: 10_000, interval: 10 });
    costMs = 0.1;
    await vi.waitFor(() => expect(limits.filter((l) => l.costMs === 0.1).length).toBeGreaterThanOrEqual(8), {
      timeout: 10_000,
      interval: 10,
    });
    await indexer.stop();
    // The first batch (40 items, 40 ms) is over budget; after it, no batch is sized for more than
    // 20 ms at 1 ms an item (a timer may fire up to a ms early), whatever the machine's load.
    const slow = limits.filter((l) => l.costMs === 1).map((l) => l.limit);
    expect(slow[0]).toBe(40);
    expect(Math.max(...slow.slice(1))).toBeLessThanOrEqual(21);
    // Once items cost a tenth, batches grow past what 1 ms an item allowed (at most doubling a step).
    const fast = limits.filter((l) => l.costMs === 0.1).map((l) => l.limit);
    expect(Math.max(...fast)).toBeGreaterThan(21);
    for (let i = 1; i < fast.length; i++) expect(fast[i]!).toBeLessThanOrEqual(2 * fast[i - 1]!);
  });
});
