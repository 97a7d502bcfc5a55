import { createCipheriv, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import { createOrganization, createUser } from '../../test/factories';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { currentTotp } from '../modules/auth/totp';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';
import { KeyRing } from './keys';
import { rotateSealedValues, RotationError, sealedValueStatus } from './rotate-keys';
import { DERIVED_KID, MissingKeyError, type SealingKeys } from './seal';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** How reporter identities were sealed before keys had ids. */
function sealV1(key: Buffer, value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join('.');
}

/** The keys of a deployment with `QINGLANG_ENCRYPTION_KEYS` set to these keys. */
function keysFrom(list: [string, Buffer][]): SealingKeys {
  const env = list.map(([kid, key]) => `${kid}:${key.toString('base64')}`).join(',');
  const config = loadConfig({ QINGLANG_SECRET: SECRET, QINGLANG_DATA_DIR: '/nonexistent', QINGLANG_ENCRYPTION_KEYS: env });
  return new KeyRing(config.secret, config.encryption).sealing;
}

const named = (i: number) => ({
  category: 'online_extortion',
  description: `有人通过微信联系我们，要求支付费用才删除负面帖子，编号 ${i}。`,
  reporter: { anonymous: false, name: `举报人${i}`, phone: `1390000${String(i).padStart(4, '0')}`, contactConsent: true },
});

const nextCode = (secret: string) => currentTotp(secret, new Date(Date.now() + 30_000));

for (const dialect of testDialects()) {
  describe(`key rotation on ${dialect}`, () => {
    let t: TestApp;
    let derived: SealingKeys;
    const k2 = randomBytes(32);
    const k3 = randomBytes(32);
    let rows: { id: string; reporter_sealed: string }[];
    let user: Awaited<ReturnType<typeof createUser>>;

    const reportRows = async () =>
      (await t.database.db
        .selectFrom('reports')
        .select(['id', 'reporter_sealed'])
        .where('reporter_sealed', 'is not', null)
        .orderBy('id')
        .execute()) as { id: string; reporter_sealed: string }[];

    beforeAll(async () => {
      t = await createTestApp(dialect);
      derived = t.app.qinglang.keys.sealing;
      for (let i = 0; i < 7; i++)
        expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: named(i) })).statusCode).toBe(201);
      const anonymous = { ...named(99), reporter: { anonymous: true } };
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: anonymous })).statusCode).toBe(201);
      const org = await createOrganization(t.app, { kind: 'regulator' });
      user = await createUser(t.app, { orgId: org.id, roles: ['case_officer'] });
      // The first report as it was sealed before keys had ids.
      rows = await reportRows();
      const first = rows[0]!;
      const identity = derived.unseal(first.reporter_sealed, `report:${first.id}`);
      await t.database.db
        .updateTable('reports')
        .set({ reporter_sealed: sealV1(t.app.qinglang.keys.key('reporter-identity'), identity, `report:${first.id}`) })
        .where('id', '=', first.id)
        .execute();
      rows = await reportRows();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('seals with the derived key d1 while no key is configured, and counts values by key', async () => {
      expect(derived.currentKid).toBe(DERIVED_KID);
      expect(rows).toHaveLength(7);
      expect(rows[0]!.reporter_sealed).toMatch(/^v1\./);
      expect(rows[1]!.reporter_sealed).toMatch(/^v2\.d1\./);
      const status = await sealedValueStatus(t.database.db, keysFrom([['k2', k2]]));
      expect(status).toMatchObject({
        currentKid: 'k2',
        missingKids: [],
        columns: [
          { column: 'reports.reporter_sealed', absent: false, total: 7, byKid: { d1: 7 } },
          { column: 'users.totp_sealed', absent: false, total: 1, byKid: { d1: 1 } },
          { column: 'webhook_subscriptions.secret_sealed', absent: false, total: 0, byKid: {} },
          { column: 'notifications_outbox.sealed', absent: false, total: 0, byKid: {} },
        ],
      });
    });

    it('re-encrypts in batches, stops at a value it cannot open without writing its batch, and carries on when run again', async () => {
      const keys = keysFrom([
        ['k2', k2],
        ['k3', k3],
      ]);
      // The fourth report's value copied from the third: it does not open in its own context.
      const [, , third, fourth, fifth] = rows;
      await t.database.db.updateTable('reports').set({ reporter_sealed: third!.reporter_sealed }).where('id', '=', fourth!.id).execute();
      const eventsBefore = await auditEventCount();

      const failed = await rotateSealedValues(t.database.db, dialect, keys, { batchSize: 2 }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(RotationError);
      expect((failed as RotationError).message).toContain(`reports.reporter_sealed of row ${fourth!.id}`);
      const afterFailure = await reportRows();
      // The first batch (rows 1 and 2) was written; the batch holding row 4 (rows 3 and 4) was not.
      expect(afterFailure.slice(0, 2).map((r) => keys.kidOf(r.reporter_sealed))).toEqual(['k2', 'k2']);
      expect(afterFailure[2]!.reporter_sealed).toBe(third!.reporter_sealed);
      expect(afterFailure[4]!.reporter_sealed).toBe(fifth!.reporter_sealed);
      expect(await auditEventCount()).toBe(eventsBefore + 1);

      // Repaired, the run goes on from where it stopped.
      await t.database.db.updateTable('reports').set({ reporter_sealed: fourth!.reporter_sealed }).where('id', '=', fourth!.id).execute();
      const progress: number[] = [];
      const result = await rotateSealedValues(t.database.db, dialect, keys, { batchSize: 2, onProgress: (p) => progress.push(p.pending) });
      expect(result.toKid).toBe('k2');
      expect(result.columns).toEqual([
        { column: 'reports.reporter_sealed', rewritten: 5, batches: 3, changedMeanwhile: 0, absent: false },
        { column: 'users.totp_sealed', rewritten: 1, batches: 1, changedMeanwhile: 0, absent: false },
        { column: 'webhook_subscriptions.secret_sealed', rewritten: 0, batches: 0, changedMeanwhile: 0, absent: false },
        { column: 'notifications_outbox.sealed', rewritten: 0, batches: 0, changedMeanwhile: 0, absent: false },
      ]);
      expect(progress).toEqual([3, 1, 0, 0]);
      expect(await auditEventCount()).toBe(eventsBefore + 1 + 4);

      const events = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'keys.rotated')
        .orderBy('seq')
        .execute();
      expect(events.map((e) => [e.actor_type, e.object_type, JSON.parse(e.summary)])).toEqual([
        ['system', 'reports', { column: 'reporter_sealed', count: 2, toKid: 'k2', fromKids: { d1: 2 } }],
        ['system', 'reports', { column: 'reporter_sealed', count: 2, toKid: 'k2', fromKids: { d1: 2 } }],
        ['system', 'reports', { column: 'reporter_sealed', count: 2, toKid: 'k2', fromKids: { d1: 2 } }],
        ['system', 'reports', { column: 'reporter_sealed', count: 1, toKid: 'k2', fromKids: { d1: 1 } }],
        ['system', 'users', { column: 'totp_sealed', count: 1, toKid: 'k2', fromKids: { d1: 1 } }],
      ]);
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ intact: true });
    });

    it('leaves values that open under the new key and not without it, the same as before', async () => {
      const keys = keysFrom([['k2', k2]]);
      const after = await reportRows();
      for (const [i, row] of after.entries()) {
        expect(row.reporter_sealed).toMatch(/^v2\.k2\./);
        expect(keys.unseal(row.reporter_sealed, `report:${row.id}`)).toEqual(derived.unseal(rows[i]!.reporter_sealed, `report:${row.id}`));
        expect(() => derived.unseal(row.reporter_sealed, `report:${row.id}`)).toThrow(MissingKeyError);
        expect(() => keysFrom([['k2', k3]]).unseal(row.reporter_sealed, `report:${row.id}`)).toThrow(/does not open with key "k2"/);
      }
      expect(await sealedValueStatus(t.database.db, keys)).toMatchObject({
        columns: [{ total: 7, byKid: { k2: 7 } }, { total: 1, byKid: { k2: 1 } }, { total: 0 }, { total: 0 }],
      });
      // Without k2 the values are named as under a key that is not configured.
      expect(await sealedValueStatus(t.database.db, derived)).toMatchObject({
        missingKids: ['k2'],
        columns: [{ byKid: { k2: 7 } }, {}, {}, {}],
      });
    });

    it('does nothing when run again', async () => {
      const before = await auditEventCount();
      const result = await rotateSealedValues(t.database.db, dialect, keysFrom([['k2', k2]]));
      expect(result.columns.map((c) => c.rewritten)).toEqual([0, 0, 0, 0]);
      expect(await auditEventCount()).toBe(before);
    });

    it('passes over sealed columns this database does not have (yet)', async () => {
      const columns = [
        { table: 'no_such_table', idColumn: 'id', column: 'x_sealed', context: (id: string) => id },
        { table: 'reports', idColumn: 'id', column: 'no_such_sealed', context: (id: string) => id },
      ];
      const result = await rotateSealedValues(t.database.db, dialect, keysFrom([['k2', k2]]), { columns });
      expect(result.columns.map((c) => [c.column, c.absent])).toEqual([
        ['no_such_table.x_sealed', true],
        ['reports.no_such_sealed', true],
      ]);
      expect((await sealedValueStatus(t.database.db, derived, { columns })).columns.map((c) => c.absent)).toEqual([true, true]);
    });

    it('serves reporters and staff with the new keys: identities open and the authenticator signs in', async () => {
      const config = loadConfig({ ...testEnv(t), QINGLANG_ENCRYPTION_KEYS: `k2:${k2.toString('base64')}` });
      const app: FastifyInstance = await buildApp(config, { database: t.database, skipMigrations: true, logger: false });
      try {
        const row = (await reportRows())[1]!;
        expect(app.qinglang.keys.sealing.unseal(row.reporter_sealed, `report:${row.id}`)).toMatchObject({ name: '举报人1' });
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: user.password, totp: await nextCode(user.totpSecret!) },
        });
        expect(login.statusCode).toBe(200);
        const filed = await app.inject({ method: 'POST', url: '/api/v1/reports', payload: named(50) });
        expect(filed.statusCode).toBe(201);
        const fresh = await t.database.db
          .selectFrom('reports')
          .select('reporter_sealed')
          .where('tracking_code', '=', filed.json().trackingCode)
          .executeTakeFirstOrThrow();
        expect(fresh.reporter_sealed).toMatch(/^v2\.k2\./);
      } finally {
        await app.close();
      }
    });

    async function auditEventCount(): Promise<number> {
      const row = await t.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }
  });
}

/** The environment `createTestApp` configured its app with. */
function testEnv(t: TestApp): Record<string, string> {
  return {
    QINGLANG_DATA_DIR: t.database.dataDir,
    QINGLANG_SECRET: SECRET,
    QINGLANG_CHALLENGE: 'off',
    QINGLANG_RATE_LIMIT: 'off',
    QINGLANG_WEB_DIST: `${t.database.dataDir}/no-web`,
  };
}
