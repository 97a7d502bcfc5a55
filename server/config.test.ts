import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const base = () => ({ QINGLANG_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'qinglang-config-')), QINGLANG_SECRET: 'x'.repeat(40) });

describe('configuration', () => {
  it('reads case deadlines per category and keeps the defaults for the rest', () => {
    const config = loadConfig({
      ...base(),
      QINGLANG_DEADLINES: '{"online_extortion":{"concludeWorkingDays":3,"extendedConcludeWorkingDays":4}}',
    });
    expect(config.deadlinePolicies.online_extortion).toMatchObject({
      concludeWorkingDays: 3,
      extendedConcludeWorkingDays: 4,
      firstResponseHours: 3,
    });
    expect(config.deadlinePolicies.paid_deletion).toMatchObject({ concludeWorkingDays: 5, extendedConcludeWorkingDays: 7 });
  });

  it('names every problem at once: bad JSON, unknown categories, a bad public address, a bad session length', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base(), ...env });
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(attempt({ QINGLANG_DEADLINES: '{not json' })).toEqual([expect.stringContaining('QINGLANG_DEADLINES must be JSON')]);
    const problems = attempt({ QINGLANG_DEADLINES: '{"spam":{}}', QINGLANG_PUBLIC_URL: 'ftp://x', QINGLANG_SESSION_IDLE_MINUTES: '1' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/QINGLANG_DEADLINES.*spam/);
    expect(problems.join('\n')).toMatch(/QINGLANG_PUBLIC_URL/);
    expect(problems.join('\n')).toMatch(/QINGLANG_SESSION_IDLE_MINUTES/);
  });
});
