import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import { type Config, loadConfig } from '../config';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';
import { ENCRYPTION_KEYS_FILE } from '../security/encryption-keys';
import { KeyRing } from '../security/keys';
import { runKeysRotate, runKeysStatus } from './keys-command';

const BIN = path.resolve(import.meta.dirname, '../../bin/qinglang.js');
const SECRET = 'test-secret-test-secret-test-secret-0123456789';

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

const named = (i: number) => ({
  category: 'paid_deletion',
  description: `某公关公司声称收费即可删除关于我们的帖子，第 ${i} 次联系。`,
  reporter: { anonymous: false, name: `企业联系人${i}`, email: `contact${i}@example.com`, contactConsent: true },
});

async function fileReports(t: TestApp, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: named(i) })).statusCode).toBe(201);
}

describe('qinglang keys', () => {
  it.each([[['keys']], [['keys', 'status']], [['keys', 'rotate']]])('answers --help for %j', (command) => {
    const result = run([...command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: qinglang keys/);
  });

  describe('on a SQLite data folder', () => {
    let t: TestApp;
    let env: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp('sqlite');
      await fileReports(t, 3);
      env = { QINGLANG_DATA_DIR: t.database.dataDir, QINGLANG_SECRET: SECRET, DATABASE_URL: '', QINGLANG_ENCRYPTION_KEYS: '' };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('counts values by key, rotates to a generated key kept in the data folder, and finds nothing left to do after', async () => {
      const before = run(['keys', 'status', '--json'], env);
      expect(before.status).toBe(0);
      expect(JSON.parse(before.stdout)).toMatchObject({
        source: 'derived',
        currentKid: 'd1',
        notCurrent: 0,
        columns: [
          { column: 'reports.reporter_sealed', total: 3, byKid: { d1: 3 } },
          { column: 'users.totp_sealed', total: 0 },
          { column: 'webhook_subscriptions.secret_sealed', total: 0 },
          { column: 'notifications_outbox.sealed', total: 0 },
        ],
      });

      const rotated = run(['keys', 'rotate'], env);
      expect(rotated.stderr).toBe('');
      expect(rotated.status).toBe(0);
      const kid = /Generated key (k\d{8}-[0-9a-f]{6})/.exec(rotated.stdout)?.[1];
      expect(kid).toBeDefined();
      expect(rotated.stdout).toContain(`Re-encrypting to key ${kid}`);
      expect(rotated.stdout).toContain('reports.reporter_sealed: 3 value(s) re-encrypted in 1 batch(es)');
      const file = path.join(t.database.dataDir, ENCRYPTION_KEYS_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8')).keys.map((k: { kid: string }) => k.kid)).toEqual([kid]);

      const after = run(['keys', 'status'], env);
      expect(after.status).toBe(0);
      expect(after.stdout).toContain(`Current key: ${kid} (${file})`);
      expect(after.stdout).toContain(`reports.reporter_sealed: 3 sealed (${kid} 3)`);
      expect(after.stdout).toContain('Every value is under the current key.');

      const again = run(['keys', 'rotate', '--resume', '--json'], env);
      expect(again.status).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        toKid: kid,
        generated: null,
        columns: [{ rewritten: 0 }, { rewritten: 0 }, { rewritten: 0 }, { rewritten: 0 }],
      });
      expect(run(['audit', 'verify'], env).status).toBe(0);

      // The running app follows the keys file: it opens the rotated values.
      const row = await t.database.db.selectFrom('reports').select(['id', 'reporter_sealed']).limit(1).executeTakeFirstOrThrow();
      expect(t.app.qinglang.keys.sealing.unseal(row.reporter_sealed!, `report:${row.id}`)).toMatchObject({ name: expect.any(String) });
    });

    it('refuses to rotate to keys that cannot open the values, naming the row and the missing key, and writes nothing', async () => {
      const file = path.join(t.database.dataDir, ENCRYPTION_KEYS_FILE);
      const kid = JSON.parse(readFileSync(file, 'utf8')).keys[0].kid as string;
      const onlyNew = { ...env, QINGLANG_ENCRYPTION_KEYS: `k9:${randomBytes(32).toString('base64')}` };
      const before = await t.database.db.selectFrom('reports').select(['id', 'reporter_sealed']).orderBy('id').execute();

      const status = run(['keys', 'status'], onlyNew);
      expect(status.status).toBe(1);
      expect(status.stdout).toContain(`cannot be opened: ${kid}`);

      const result = run(['keys', 'rotate'], onlyNew);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`Cannot re-encrypt reports.reporter_sealed of row ${before[0]!.id}`);
      expect(result.stdout).toContain(`encryption key "${kid}", which is not configured`);
      expect(await t.database.db.selectFrom('reports').select(['id', 'reporter_sealed']).orderBy('id').execute()).toEqual(before);
    });

    it('rejects a bad --batch-size and bad keys in the environment with exit codes 1 and 2', () => {
      const batch = run(['keys', 'rotate', '--batch-size', '0'], env);
      expect(batch.status).toBe(1);
      expect(batch.stderr).toContain('--batch-size must be a whole number');
      const bad = run(['keys', 'status'], { ...env, QINGLANG_ENCRYPTION_KEYS: 'k1:short' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('QINGLANG_ENCRYPTION_KEYS: entry 1: the key "k1" must be 32 bytes');
    });
  });
});

for (const dialect of testDialects()) {
  describe(`keys rotate --retire on ${dialect}`, () => {
    let t: TestApp;
    /** The configuration the command would load, on the test's database. */
    const configOf = (extra: Record<string, string> = {}): Config => ({
      ...loadConfig({ QINGLANG_DATA_DIR: t.database.dataDir, QINGLANG_SECRET: SECRET, ...extra }),
      database: t.database.target,
    });
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    const options = { resume: false, retire: false, batchSize: 2, json: false, switchOverMs: 0, sleep: async () => {} };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await fileReports(t, 3);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('keeps older keys in the file until no value uses them, then retires them', async () => {
      const file = path.join(t.database.dataDir, ENCRYPTION_KEYS_FILE);
      expect(await runKeysRotate(configOf(), options, print)).toBe(0);
      const first = configOf().encryption.keys.map((k) => k.kid);
      expect(first).toHaveLength(1);

      // A second rotation keeps the first key, so values not yet re-encrypted still open.
      lines.length = 0;
      expect(await runKeysRotate(configOf(), { ...options, batchSize: 1 }, print)).toBe(0);
      const second = configOf().encryption.keys.map((k) => k.kid);
      expect(second).toEqual([expect.not.stringMatching(first[0]!), first[0]]);
      expect(lines).toContain('  reports.reporter_sealed: 1 re-encrypted, 2 left');

      lines.length = 0;
      expect(await runKeysRotate(configOf(), { ...options, resume: true, retire: true }, print)).toBe(0);
      expect(lines).toContain(`Retired ${first[0]}: removed from ${file}.`);
      expect(configOf().encryption.keys.map((k) => k.kid)).toEqual([second[0]]);

      const config = configOf();
      const sealing = new KeyRing(config.secret, config.encryption).sealing;
      lines.length = 0;
      expect(await runKeysStatus(config, { json: true }, print)).toBe(0);
      expect(JSON.parse(lines[0]!)).toMatchObject({ source: 'file', currentKid: second[0], notCurrent: 0, missingKids: [] });
      const rows = await t.database.db.selectFrom('reports').select(['id', 'reporter_sealed']).execute();
      for (const row of rows) expect(sealing.unseal(row.reporter_sealed!, `report:${row.id}`)).toMatchObject({ name: expect.any(String) });
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ intact: true });
      expect(existsSync(`${file}.tmp`)).toBe(false);
    });

    it('keeps a key that was current moments ago, since a running server may still seal with it', async () => {
      lines.length = 0;
      expect(await runKeysRotate(configOf(), { ...options, retire: true, switchOverMs: 60_000 }, print)).toBe(0);
      expect(lines.some((line) => /^Kept k\d{8}-[0-9a-f]{6}: it was current until moments ago/.test(line))).toBe(true);
      expect(configOf().encryption.keys).toHaveLength(2);
    });
  });
}
