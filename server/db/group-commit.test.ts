import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../test/dialects';
import { type BatchWriter, GroupCommitter } from './group-commit';

for (const dialect of testDialects()) {
  describe(`group commit on ${dialect}`, () => {
    let database: TestDatabase;
    const batchSizes: number[] = [];
    // Stores each item as a spent-challenge row; an item named "bad…" makes its statement fail.
    const writer: BatchWriter<string, string> = async (trx, items) => {
      batchSizes.push(items.length);
      for (const item of items) {
        if (item.startsWith('bad'))
          await trx
            .insertInto('no_such_table' as never)
            .values({} as never)
            .execute();
      }
      await trx
        .insertInto('challenge_spends')
        .values(items.map((signature) => ({ signature, expires_at: '2099-01-01T00:00:00.000Z' })))
        .execute();
      return items.map((item) => `stored ${item}`);
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => {
      await database?.cleanup();
    });

    it('commits concurrent writes together and answers each caller after commit', async () => {
      const committer = new GroupCommitter(database.db, writer);
      batchSizes.length = 0;
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => committer.submit(`ok-${i}`)));
      expect(results).toEqual(Array.from({ length: 50 }, (_, i) => `stored ok-${i}`));
      // Submitted in one turn of the event loop, they share one transaction.
      expect(batchSizes).toEqual([50]);
      const rows = await database.db.selectFrom('challenge_spends').select('signature').where('signature', 'like', 'ok-%').execute();
      expect(rows).toHaveLength(50);
    });

    it('isolates a failing write: the others are stored, the failing one alone is refused', async () => {
      const committer = new GroupCommitter(database.db, writer);
      batchSizes.length = 0;
      const outcomes = await Promise.allSettled(['x-1', 'x-2', 'bad-3', 'x-4'].map((item) => committer.submit(item)));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      // The batch of four failed whole and nothing of it stayed; each item was then written alone.
      expect(batchSizes).toEqual([4, 1, 1, 1, 1]);
      const rows = await database.db
        .selectFrom('challenge_spends')
        .select('signature')
        .where('signature', 'like', 'x-%')
        .orderBy('signature')
        .execute();
      expect(rows.map((r) => r.signature)).toEqual(['x-1', 'x-2', 'x-4']);
      const bad = await database.db.selectFrom('challenge_spends').select('signature').where('signature', '=', 'bad-3').execute();
      expect(bad).toEqual([]);
    });

    it('keeps up to maxInFlight batches on their way at once, and no more', async () => {
      let inFlight = 0;
      let most = 0;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const committer = new GroupCommitter(database.db, writer, {
        maxInFlight: 2,
        // Commits elsewhere as a writer thread would: each batch in a transaction of its own, held at the gate.
        commitElsewhere: async (items) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          try {
            await gate;
            return await database.db.transaction().execute((trx) => writer(trx, items));
          } finally {
            inFlight -= 1;
          }
        },
      });
      batchSizes.length = 0;
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      const waves = [];
      for (let wave = 0; wave < 3; wave++) {
        waves.push(...Array.from({ length: 4 }, (_, i) => committer.submit(`wave${wave}-${i}`)));
        await turn();
      }
      // Two batches are on their way; the third wave waits here until one of them has committed.
      expect(inFlight).toBe(2);
      expect(batchSizes).toEqual([]);
      release();
      await committer.drain();
      expect(most).toBe(2);
      expect(batchSizes).toEqual([4, 4, 4]);
      expect(await Promise.all(waves)).toHaveLength(12);
      const rows = await database.db.selectFrom('challenge_spends').select('signature').where('signature', 'like', 'wave%').execute();
      expect(rows).toHaveLength(12);
    });

    it('drains: every queued write is settled when drain resolves', async () => {
      const committer = new GroupCommitter(database.db, writer);
      const pending = Array.from({ length: 10 }, (_, i) => committer.submit(`drain-${i}`));
      await committer.drain();
      const rows = await database.db.selectFrom('challenge_spends').select('signature').where('signature', 'like', 'drain-%').execute();
      expect(rows).toHaveLength(10);
      await Promise.all(pending);
    });
  });
}
