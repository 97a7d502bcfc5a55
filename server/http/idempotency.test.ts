import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../test/dialects';
import type { Database } from '../db/schema';
import { toCount } from '../db/values';
import { IDEMPOTENCY_TTL_MS, type IdempotencyScope, IdempotencyStore, parseIdempotencyKey, requestFingerprint } from './idempotency';
import { ProblemError } from './problem';

describe('Idempotency-Key parsing and fingerprints', () => {
  it('takes a bare token or a Structured Field string, and refuses what is not a key', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    for (const bad of ['', '""', ' ', 'x'.repeat(256), 'a\u0001b', '键', 'a"b', ['a', 'b']])
      expect(() => parseIdempotencyKey(bad), JSON.stringify(bad)).toThrow(ProblemError);
    expect(parseIdempotencyKey('x'.repeat(255))).toHaveLength(255);
  });

  it('fingerprints the same body in another key order alike, and another path or body differently', () => {
    const one = requestFingerprint('POST', '/api/v1/orders/1/execution', { note: 'done', proofUrls: ['https://a.example/1'] });
    expect(requestFingerprint('post', '/api/v1/orders/1/execution', { proofUrls: ['https://a.example/1'], note: 'done' })).toBe(one);
    expect(requestFingerprint('POST', '/api/v1/orders/2/execution', { note: 'done', proofUrls: ['https://a.example/1'] })).not.toBe(one);
    expect(requestFingerprint('POST', '/api/v1/orders/1/execution', { note: 'done!', proofUrls: ['https://a.example/1'] })).not.toBe(one);
    expect(requestFingerprint('POST', '/api/v1/orders/1/verify', undefined)).toBe(
      requestFingerprint('POST', '/api/v1/orders/1/verify', null),
    );
  });
});

/** A promise and the function that settles it, to hold work in flight. */
function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const problemCode = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof ProblemError ? error.code : String(error);
  }
};

for (const dialect of testDialects()) {
  describe(`idempotency store (${dialect})`, () => {
    let database: TestDatabase;
    let store: IdempotencyStore;
    let year = 1000;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(() => database.cleanup());
    beforeEach(() => {
      store = new IdempotencyStore({ db: database.db, dialect });
    });

    const scope = (key: string, overrides: Partial<IdempotencyScope> = {}): IdempotencyScope => ({
      key,
      principal: 'token:t1',
      route: 'POST /api/v1/orders/:id/acknowledge',
      fingerprint: requestFingerprint('POST', '/api/v1/orders/o1/acknowledge', null),
      ...overrides,
    });
    /** The work: a row written in the key's transaction (case counters have no foreign keys). */
    const work = (value: number, hold?: Promise<void>) => async (trx: Kysely<Database>) => {
      const y = year++;
      await trx.insertInto('case_counters').values({ year: y, last_value: value }).execute();
      if (hold) await hold;
      return { status: 201, body: { year: y, value } };
    };
    const countWork = async (value: number) =>
      toCount(
        (
          await database.db
            .selectFrom('case_counters')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('last_value', '=', value)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('does the work once and replays its answer to a retry, and refuses the key for another request', async () => {
      const first = await store.run(scope('k-replay'), work(11));
      expect(first).toMatchObject({ status: 201, replayed: false });
      const again = await store.run(scope('k-replay'), work(11));
      expect(again).toEqual({ status: 201, body: first.body, replayed: true });
      expect(await countWork(11)).toBe(1);

      const otherBody = scope('k-replay', { fingerprint: requestFingerprint('POST', '/api/v1/orders/o1/acknowledge', { x: 1 }) });
      expect(await problemCode(store.run(otherBody, work(11)))).toBe('idempotency_key_reused');
      expect(await problemCode(store.run(scope('k-replay', { route: 'POST /api/v1/orders/:id/verify' }), work(11)))).toBe(
        'idempotency_key_reused',
      );
      // Another caller's key of the same value is another request.
      expect(await store.run(scope('k-replay', { principal: 'user:u2' }), work(11))).toMatchObject({ replayed: false });
      expect(await countWork(11)).toBe(2);
    });

    it('keeps nothing when the work fails, so the retry runs it again', async () => {
      const failing = async (trx: Kysely<Database>) => {
        await work(12)(trx);
        throw new ProblemError('conflict');
      };
      expect(await problemCode(store.run(scope('k-fail'), failing))).toBe('conflict');
      expect(await countWork(12)).toBe(0);
      expect(await store.run(scope('k-fail'), work(12))).toMatchObject({ replayed: false });
      expect(await countWork(12)).toBe(1);
    });

    it('answers 409 to a second request while the first is in flight, and the work is done once', async () => {
      const hold = deferred();
      const first = store.run(scope('k-flight'), work(13, hold.promise));
      const second = await problemCode(store.run(scope('k-flight'), work(13)));
      expect(second).toBe('idempotency_key_in_flight');
      hold.release();
      expect(await first).toMatchObject({ replayed: false });
      expect(await store.run(scope('k-flight'), work(13))).toMatchObject({ replayed: true });
      expect(await countWork(13)).toBe(1);
    });

    it('across two instances sharing the database, concurrent requests with one key do the work once', async () => {
      const other = new IdempotencyStore({ db: database.db, dialect });
      const hold = deferred();
      const first = store.run(scope('k-instances'), work(14, hold.promise));
      // Let the first take its connection (and on PostgreSQL its advisory lock) before the second starts.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = other.run(scope('k-instances'), work(14));
      const secondOutcome = problemCode(second.then((r) => (r.replayed ? 'ok' : Promise.reject(new Error('worked twice')))));
      if (dialect === 'postgres') expect(await secondOutcome).toBe('idempotency_key_in_flight');
      hold.release();
      expect(await first).toMatchObject({ replayed: false });
      // SQLite has one connection: the second waited its turn and replays.
      if (dialect === 'sqlite') expect(await secondOutcome).toBe('ok');
      expect(await countWork(14)).toBe(1);
    });

    it('forgets a key after 24 hours, and prunes old answers', async () => {
      let now = new Date('2026-11-01T00:00:00Z');
      const clocked = new IdempotencyStore({ db: database.db, dialect, now: () => now });
      await clocked.run(scope('k-expiry'), work(15));
      now = new Date(now.getTime() + IDEMPOTENCY_TTL_MS - 1000);
      expect(await clocked.run(scope('k-expiry'), work(15))).toMatchObject({ replayed: true });
      now = new Date(now.getTime() + 2000);
      expect(await clocked.run(scope('k-expiry'), work(15))).toMatchObject({ replayed: false });
      expect(await countWork(15)).toBe(2);
      now = new Date(now.getTime() + IDEMPOTENCY_TTL_MS + 1000);
      expect(await clocked.prune()).toBeGreaterThanOrEqual(1);
      const left = await database.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'k-expiry').execute();
      expect(left).toEqual([]);
    });
  });
}
