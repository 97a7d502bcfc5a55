import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';

const base = () => ({ QINGLANG_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'qinglang-config-')), QINGLANG_SECRET: 'x'.repeat(40) });

describe('QINGLANG_HOT_INDICATOR_THRESHOLD', () => {
  it('defaults to 1,000 and reads a number', () => {
    expect(loadConfig(base()).correlation?.hotThreshold).toBe(1000);
    expect(loadConfig({ ...base(), QINGLANG_HOT_INDICATOR_THRESHOLD: '250' }).correlation?.hotThreshold).toBe(250);
  });
  it('refuses what is not a positive whole number', () => {
    for (const bad of ['0', '-5', 'many', '1000001']) {
      expect(() => loadConfig({ ...base(), QINGLANG_HOT_INDICATOR_THRESHOLD: bad })).toThrow(ConfigError);
    }
  });
});
