import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';
import type { Locale } from '../http/locale';
import { buildCli } from './main';
import {
  type CliOutput,
  displayWidth,
  localeFromEnv,
  runOrgCreate,
  runOrgList,
  runTokenCreate,
  runUserInvite,
  table,
} from './orgs-command';

/** An output that keeps what is written, in the given language. */
function capture(locale: Locale = 'en'): CliOutput & { stdout(): string; stderr(): string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { out, err, locale, stdout: () => stdout, stderr: () => stderr };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const dialect of testDialects()) {
  describe(`qinglang org, user and token commands (${dialect})`, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(dialect, { QINGLANG_PUBLIC_URL: 'https://qinglang.example.org/' });
    });
    afterAll(() => t.close());

    it('sets up an installation: organizations, an invitation whose link works, a token that authenticates', async () => {
      const top = capture();
      expect(await runOrgCreate(t.app, { name: '国家网信办举报中心', kind: 'reporting_centre', region: '100000' }, top)).toBe(0);
      const centreId = top.stdout().trim();
      expect(centreId).toMatch(UUID);
      expect(top.stderr()).toContain('at the top level');

      const child = capture();
      expect(await runOrgCreate(t.app, { name: '浙江省网信办', kind: 'regulator', region: '330000', parent: centreId }, child)).toBe(0);
      const regulatorId = child.stdout().trim();

      const site = capture();
      const siteOptions = {
        name: '钱塘论坛',
        kind: 'website',
        region: '330100',
        parent: regulatorId,
        domain: ['qiantang-bbs.example.cn'],
        icp: ['浙ICP备2024000001号'],
        json: true,
      };
      expect(await runOrgCreate(t.app, siteOptions, site)).toBe(0);
      const website = JSON.parse(site.stdout()) as { id: string; parentId: string; domains: string[]; icpNumbers: string[] };
      expect(website).toMatchObject({ parentId: regulatorId, domains: ['qiantang-bbs.example.cn'], icpNumbers: ['浙ICP备2024000001号'] });

      const invite = capture();
      const inviteOptions = { org: regulatorId, email: 'Xu.Jing@demo.test', name: '许静', role: ['case_officer', 'triage_officer'] };
      expect(await runUserInvite(t.app, inviteOptions, invite)).toBe(0);
      const link = invite.stdout().trim();
      expect(link).toMatch(/^https:\/\/qinglang\.example\.org\/invitation\/[A-Za-z0-9_-]{20,}$/);
      expect(invite.stderr()).toMatch(/expires at \d{4}-\d\d-\d\dT/);
      const offered = await t.app.qinglang.auth.describeInvitation(link.split('/').pop()!);
      expect(offered).toMatchObject({
        email: 'xu.jing@demo.test',
        displayName: '许静',
        organization: { id: regulatorId, name: '浙江省网信办', kind: 'regulator' },
        roles: ['case_officer', 'triage_officer'],
        twoFactorRequired: true,
      });

      const token = capture();
      expect(
        await runTokenCreate(
          t.app,
          { org: website.id, name: '钱塘论坛处置对接', scope: ['orders:write', 'deletion_requests:write'] },
          token,
        ),
      ).toBe(0);
      const secret = token.stdout().trim();
      expect(secret).toMatch(/^qlt_/);
      expect(token.stderr()).toContain('shown only now');
      expect(token.stderr()).toContain('does not expire');
      const principal = await t.app.qinglang.auth.resolveApiToken(secret);
      expect(principal).toMatchObject({
        kind: 'token',
        orgId: website.id,
        orgKind: 'website',
        scopes: ['deletion_requests:write', 'orders:write'],
      });

      const expiring = capture();
      expect(
        await runTokenCreate(t.app, { org: website.id, name: 'short', scope: ['reports:read'], expiresInDays: 7, json: true }, expiring),
      ).toBe(0);
      const answered = JSON.parse(expiring.stdout()) as { token: string; apiToken: { orgId: string; expiresAt: string } };
      expect(answered.apiToken.orgId).toBe(website.id);
      expect(Date.parse(answered.apiToken.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      expect((await t.app.qinglang.auth.resolveApiToken(answered.token))?.orgId).toBe(website.id);

      const list = capture();
      expect(await runOrgList(t.app, {}, list)).toBe(0);
      const lines = list.stdout().trimEnd().split('\n');
      expect(lines[0]).toMatch(/^Organization\s+Kind\s+Region\s+Id$/);
      expect(lines.find((line) => line.includes('国家网信办举报中心'))).toMatch(/^国家网信办举报中心\s+reporting_centre\s+100000\s+/);
      expect(lines.find((line) => line.includes('浙江省网信办'))).toMatch(
        new RegExp(`^  浙江省网信办\\s+regulator\\s+330000\\s+${regulatorId}$`),
      );
      expect(lines.find((line) => line.includes('钱塘论坛'))).toMatch(/^ {4}钱塘论坛\s+website\s+330100\s+/);

      const json = capture();
      expect(await runOrgList(t.app, { json: true }, json)).toBe(0);
      const { items } = JSON.parse(json.stdout()) as { items: { id: string }[] };
      expect(items.map((org) => org.id)).toEqual(expect.arrayContaining([centreId, regulatorId, website.id]));
    });

    describe('refusals', () => {
      let regulatorId: string;
      beforeAll(async () => {
        const io = capture();
        await runOrgCreate(t.app, { name: '杭州市网信办', kind: 'regulator', region: '330100' }, io);
        regulatorId = io.stdout().trim();
      });

      /** Runs a command expecting it to refuse; answers what it printed on standard error. */
      async function refused(run: (io: CliOutput) => Promise<number>, locale: Locale = 'en'): Promise<string> {
        const io = capture(locale);
        expect(await run(io)).toBe(1);
        expect(io.stdout()).toBe('');
        return io.stderr();
      }

      it('an unknown kind, with the kinds there are', async () => {
        const err = await refused((io) => runOrgCreate(t.app, { name: 'X', kind: 'newspaper', region: '330000' }, io));
        expect(err).toBe(
          'The request has invalid fields\n' +
            '  --kind: Must be one of: reporting_centre, regulator, police, telecom_regulator, press_regulator, website, enterprise, supervisory_body\n',
        );
      });

      it('a bad region, a bad domain and a bad credit code at once, in Chinese', async () => {
        const options = {
          name: 'X',
          kind: 'website',
          region: '33000',
          parent: regulatorId,
          domain: ['ok.example.cn', 'not a domain'],
          uscc: '91330200MA2H4K7P3A',
        };
        const err = await refused((io) => runOrgCreate(t.app, options, io), 'zh-CN');
        expect(err.split('\n')).toEqual([
          '提交的内容有误，请按提示修改',
          '  --region: 行政区划代码应为 6 位数字',
          '  --domain "not a domain": 域名无效',
          '  --uscc: 统一社会信用代码无效（18 位，校验位需正确）',
          '',
        ]);
      });

      it('an unknown parent', async () => {
        const err = await refused((io) => runOrgCreate(t.app, { name: 'X', kind: 'police', region: '330000', parent: 'nope' }, io));
        expect(err).toContain('  --parent: No such parent organization, or not yours to manage');
      });

      it('a role that does not fit the kind of organization, and an unknown role', async () => {
        const err = await refused((io) =>
          runUserInvite(t.app, { org: regulatorId, email: 'a@demo.test', name: '甲', role: ['website_compliance'] }, io),
        );
        expect(err).toContain('  --role: Role "website_compliance" does not fit this kind of organization');
        const unknown = await refused((io) =>
          runUserInvite(t.app, { org: regulatorId, email: 'a@demo.test', name: '甲', role: ['boss'] }, io),
        );
        expect(unknown).toContain('  --role "boss": Must be one of: admin,');
      });

      it('an unknown organization, naming the option', async () => {
        const invite = await refused(
          (io) => runUserInvite(t.app, { org: 'nope', email: 'a@demo.test', name: '甲', role: ['admin'] }, io),
          'zh-CN',
        );
        expect(invite).toBe('未找到所请求的资源: --org nope\n');
        const token = await refused((io) => runTokenCreate(t.app, { org: 'nope', name: 'x', scope: ['reports:read'] }, io));
        expect(token).toBe('Not found: --org nope\n');
      });

      it('an e-mail already taken, a bad e-mail, an unknown scope and a lifetime out of range', async () => {
        const ok = capture();
        expect(await runUserInvite(t.app, { org: regulatorId, email: 'taken@demo.test', name: '乙', role: ['analyst'] }, ok)).toBe(0);
        const taken = await refused((io) =>
          runUserInvite(t.app, { org: regulatorId, email: 'TAKEN@demo.test', name: '丙', role: ['analyst'] }, io),
        );
        expect(taken).toContain('  --email: An account with this e-mail already exists');
        const email = await refused((io) =>
          runUserInvite(t.app, { org: regulatorId, email: 'not-an-email', name: '丙', role: ['analyst'] }, io),
        );
        expect(email).toContain('  --email: Not a valid e-mail address');
        const token = await refused((io) =>
          runTokenCreate(t.app, { org: regulatorId, name: 'x', scope: ['reports:read', 'everything'], expiresInDays: 0 }, io),
        );
        expect(token).toContain('  --scope "everything": Must be one of:');
        expect(token).toContain('  --expires-in-days: Must be at least 1');
      });
    });
  });
}

describe('the command line around the commands', () => {
  it('reads the language of problems from LC_ALL, LC_MESSAGES or LANG', () => {
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_CN', LANG: 'C' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(localeFromEnv({})).toBe('en');
  });

  it('lines up tables with Chinese in them', () => {
    expect(displayWidth('钱塘论坛 bbs')).toBe(12);
    expect(
      table(
        ['Name', 'Id'],
        [
          ['钱塘论坛', '1'],
          ['ab', '2'],
        ],
      ),
    ).toEqual(['Name      Id', '钱塘论坛  1', 'ab        2']);
  });

  it.each([
    [
      ['org', 'create'],
      ['--name', '--kind', '--region', '--parent', '--domain', '--icp', '--uscc', '--json'],
    ],
    [['org', 'list'], ['--json']],
    [
      ['user', 'invite'],
      ['--org', '--email', '--name', '--role', '--json'],
    ],
    [
      ['token', 'create'],
      ['--org', '--name', '--scope', '--expires-in-days', '--json'],
    ],
    [['seed-demo'], ['--force']],
  ])('describes %j in its help', (names, options) => {
    let command = buildCli();
    for (const name of names) command = command.commands.find((c) => c.name() === name)!;
    const help = command.helpInformation();
    expect(help).toMatch(new RegExp(`^Usage: qinglang ${names.join(' ')} \\[options\\]`));
    for (const option of options) expect(help).toContain(option);
  });
});

describe.runIf(testDialects().includes('sqlite'))('qinglang org create, as a process', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/qinglang.js');
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, QINGLANG_DATA_DIR: dataDir, DATABASE_URL: '', QINGLANG_SECRET: '', LC_ALL: '', LC_MESSAGES: '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('creates a top-level organization in a fresh data folder and prints its id; refuses bad input with exit 1 in the language of LANG', () => {
    const created = run(['org', 'create', '--name', '国家网信办举报中心', '--kind', 'reporting_centre', '--region', '100000']);
    expect(created.stderr).toContain('Created 国家网信办举报中心');
    expect(created.status).toBe(0);
    expect(created.stdout.trim()).toMatch(UUID);

    const refused = run(
      ['org', 'create', '--name', '浙江省网信办', '--kind', 'regulator', '--region', '3300', '--parent', created.stdout.trim()],
      {
        LANG: 'zh_CN.UTF-8',
      },
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('提交的内容有误，请按提示修改\n  --region: 行政区划代码应为 6 位数字\n');
  });
});
