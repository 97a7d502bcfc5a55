import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect';
import { appendAuditEvents } from '../modules/audit/audit.repository';

const BIN = path.resolve(import.meta.dirname, '../../bin/qinglang.js');

function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the qinglang command', () => {
  it.each([[[]], [['serve']], [['migrate']], [['audit', 'verify']], [['indicators']], [['indicators', 'extract']]])(
    'answers --help for %j',
    (command) => {
      const result = run([...command, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: qinglang/);
    },
  );

  it('refuses an unknown command with a non-zero exit', () => {
    const result = run(['frobnicate']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('migrates a fresh SQLite data folder, then finds it up to date', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-cli-'));
    try {
      const env = { QINGLANG_DATA_DIR: dataDir, DATABASE_URL: '' };
      const first = run(['migrate'], { env });
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('applied: 20261128000000_reports');
      const second = run(['migrate'], { env });
      expect(second.stdout).toContain('Database is up to date.');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('verifies the audit chain of a data folder and names the first event that was tampered with', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-cli-'));
    try {
      const env = { QINGLANG_DATA_DIR: dataDir, DATABASE_URL: '' };
      expect(run(['migrate'], { env }).status).toBe(0);
      const handle = openDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'qinglang.sqlite') });
      await handle.db.transaction().execute((trx) =>
        appendAuditEvents(
          trx,
          'sqlite',
          [1, 2, 3].map((i) => ({ actorType: 'system' as const, action: 'test.event', objectType: 'test', objectId: String(i) })),
        ),
      );
      const intact = run(['audit', 'verify'], { env });
      expect(intact.status).toBe(0);
      expect(intact.stdout).toMatch(/^Audit chain intact: 3 events; head #3 [0-9a-f]{64}/);
      await handle.db.updateTable('audit_events').set({ action: 'test.edited' }).where('seq', '=', 2).execute();
      await handle.close();
      const broken = run(['audit', 'verify', '--json'], { env });
      expect(broken.status).toBe(1);
      expect(JSON.parse(broken.stdout)).toMatchObject({ intact: false, seq: 2, reason: 'hash_mismatch' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('extracts indicators from standard input', () => {
    const result = run(['indicators', 'extract'], { input: '请加V信 abc_12345 或致电 0086 138 1234 5678' });
    expect(result.status).toBe(0);
    const { indicators } = JSON.parse(result.stdout);
    expect(indicators.map((i: { type: string; value: string }) => `${i.type}:${i.value}`)).toEqual(
      expect.arrayContaining(['wechat:abc_12345', 'phone:+8613812345678']),
    );
  });
});
