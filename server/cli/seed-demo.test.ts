import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectsOf } from '../modules/correlation/correlation.repository';
import { ORG_KINDS, ROLES, requiresTwoFactor } from '../../contracts/orgs';
import type { Me } from '../../contracts/orgs';
import { isValidUscc } from '../../contracts/uscc';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';
import { checkPassword } from '../modules/auth/password-policy';
import { DEMO_EMAIL_DOMAIN, DEMO_ENTERPRISE_USCC, DEMO_PASSWORD, type DemoSeed, SeedRefused, runSeedDemo, seedDemo } from './seed-demo';

describe('the demo data', () => {
  it('has a credit code with the right check character for its enterprise', () => {
    expect(isValidUscc(DEMO_ENTERPRISE_USCC)).toBe(true);
  });

  it('has a password the password policy accepts', () => {
    expect(checkPassword(DEMO_PASSWORD, { email: `wang.jianguo@${DEMO_EMAIL_DOMAIN}`, displayName: '王建国' })).toBeNull();
  });
});

for (const dialect of testDialects()) {
  describe(`qinglang seed-demo (${dialect})`, () => {
    let t: TestApp;
    let seed: DemoSeed;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      seed = await seedDemo(t.app);
    });
    afterAll(() => t.close());

    it('creates the organizations of one province, of every kind, under the national reporting centre', () => {
      const kinds = new Set(seed.organizations.map((org) => org.kind));
      expect([...kinds].sort()).toEqual([...ORG_KINDS].sort());
      const [centre, ...province] = seed.organizations;
      expect(centre).toMatchObject({ name: '国家网信办举报中心', kind: 'reporting_centre', parent_id: null, region_code: '100000' });
      for (const org of province) {
        expect(org.region_code).toMatch(/^33\d{4}$/);
        expect(org.path.startsWith(centre!.path)).toBe(true);
      }
      const forum = seed.organizations.find((org) => org.name === '钱塘论坛');
      expect(JSON.parse(forum!.domains)).toEqual(['qiantang-bbs.example.cn']);
      expect(JSON.parse(forum!.icp_numbers)).toEqual(['浙ICP备2024000001号']);
      expect(seed.organizations.find((org) => org.kind === 'enterprise')?.uscc).toBe(DEMO_ENTERPRISE_USCC);
    });

    it('keeps the audit chain intact and leaves no session open behind the accepted invitations', async () => {
      expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
      const sessions = await t.database.db.selectFrom('sessions').select('id').execute();
      expect(sessions).toEqual([]);
    });

    it('has a user of every role, administrators in several organizations', () => {
      for (const role of ROLES)
        expect(
          seed.accounts.some((a) => a.roles.includes(role)),
          role,
        ).toBe(true);
      expect(new Set(seed.accounts.filter((a) => a.roles.includes('admin')).map((a) => a.organization)).size).toBeGreaterThan(2);
      for (const account of seed.accounts) expect(account.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
    });

    it('lets every demo account sign in with the demo password; staff are asked to enrol an authenticator first', async () => {
      for (const account of seed.accounts) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: account.email, password: DEMO_PASSWORD },
        });
        expect(response.statusCode, account.email).toBe(200);
        const me = response.json<Me>();
        expect(me.user).toMatchObject({
          email: account.email,
          roles: account.roles,
          twoFactor: false,
          enrolmentRequired: requiresTwoFactor(account.roles),
        });
        expect(account.enrolAtFirstSignIn).toBe(requiresTwoFactor(account.roles));
      }
      expect(seed.accounts.some((a) => !a.enrolAtFirstSignIn)).toBe(true);
    });

    it('files reports through the public API: anonymous, named and from the enterprise, some on the demo websites', async () => {
      expect(seed.reports.length).toBeGreaterThanOrEqual(30);
      const rows = await t.database.db.selectFrom('reports').select(['reporter_kind', 'target_urls', 'money_amount', 'category']).execute();
      expect(rows).toHaveLength(seed.reports.length);
      expect(new Set(rows.map((r) => r.reporter_kind))).toEqual(new Set(['anonymous', 'individual', 'enterprise']));
      expect(rows.some((r) => r.category === 'online_extortion') && rows.some((r) => r.category === 'paid_deletion')).toBe(true);
      expect(rows.filter((r) => r.target_urls.includes('qiantang-bbs.example.cn')).length).toBeGreaterThan(5);
      expect(rows.filter((r) => r.money_amount !== null).length).toBeGreaterThan(10);
      const tracked = await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${seed.reports[0]!.trackingCode}`,
        headers: { 'x-access-key': seed.reports[0]!.accessKey },
      });
      expect(tracked.statusCode).toBe(200);
      const phones = await subjectsOf(t.database.db, { type: 'phone', value: '+8613957182046' }, 100);
      expect(new Set(phones.map((p) => p.subject_id)).size).toBeGreaterThan(2);
    });

    it('refuses a database that already holds organizations, and the demo twice even when forced', async () => {
      await expect(seedDemo(t.app)).rejects.toThrow(SeedRefused);
      await expect(seedDemo(t.app, { force: true })).rejects.toThrow(/already here/);
      const out = new PassThrough();
      const err = new PassThrough();
      let stderr = '';
      err.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      expect(await runSeedDemo(t.app, {}, { out, err, locale: 'en' })).toBe(1);
      expect(stderr).toMatch(/^This database already holds \d+ organization\(s\); seed-demo fills an empty one\./);
    });
  });
}

describe.runIf(testDialects().includes('sqlite'))('qinglang seed-demo, as a process', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/qinglang.js');
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-demo-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const env = () => ({
    QINGLANG_DATA_DIR: dataDir,
    DATABASE_URL: '',
    QINGLANG_SECRET: '',
    QINGLANG_CHALLENGE: 'on',
    QINGLANG_RATE_LIMIT: '10',
  });
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env() }, encoding: 'utf8', timeout: 120_000 });

  it('fills a data folder with the challenge configured on, prints the accounts and the password, and refuses a second run', async () => {
    const first = run(['seed-demo']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('DEMO ONLY');
    expect(first.stdout).toContain(`Password of every demo account (DEMO ONLY): ${DEMO_PASSWORD}`);
    expect(first.stdout).toMatch(/wang\.jianguo@demo\.qinglang\.example\s+王建国\s+admin\s+国家网信办举报中心\s+enrol authenticator/);
    expect(first.stdout).toMatch(/lin\.xiaoyan@demo\.qinglang\.example\s+林晓燕\s+enterprise_liaison\s+宁波甬江智能装备有限公司\s+-/);
    expect(first.stdout).toContain('30 reports filed');

    const second = run(['seed-demo']);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('already holds 10 organization(s)');

    // The server started on the same folder later lets the demo accounts in.
    const app = await buildApp(loadConfig({ ...env(), QINGLANG_WEB_DIST: path.join(dataDir, 'no-web') }), { logger: false });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `huang.lihua@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json<Me>().organization.name).toBe('钱塘论坛');
    } finally {
      await app.close();
    }
  });
});
