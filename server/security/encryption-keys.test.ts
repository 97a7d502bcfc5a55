import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { ENCRYPTION_KEYS_FILE, newEncryptionKey, readEncryptionKeysFile, writeEncryptionKeysFile } from './encryption-keys';
import { KeyRing } from './keys';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const b64 = (bytes = 32) => randomBytes(bytes).toString('base64');

describe('encryption keys in the configuration', () => {
  let dataDir: string;
  const load = (env: Record<string, string> = {}) => loadConfig({ QINGLANG_SECRET: SECRET, QINGLANG_DATA_DIR: dataDir, ...env });
  const problemsOf = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-keys-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses only the key derived from the secret, as d1, when nothing is configured', () => {
    const config = load();
    expect(config.encryption).toEqual({ source: 'derived', keys: [], file: path.join(dataDir, ENCRYPTION_KEYS_FILE) });
    const sealing = new KeyRing(config.secret, config.encryption).sealing;
    expect(sealing.currentKid).toBe('d1');
    expect(sealing.kids()).toEqual(['d1']);
  });

  it('takes QINGLANG_ENCRYPTION_KEYS, the first key current, in base64 or base64url, and keeps d1 for old values', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const config = load({ QINGLANG_ENCRYPTION_KEYS: ` k-2026:${k2.toString('base64url')} , k1:${k1.toString('base64')},` });
    expect(config.encryption.source).toBe('env');
    expect(config.encryption.keys).toEqual([
      { kid: 'k-2026', key: k2 },
      { kid: 'k1', key: k1 },
    ]);
    const ring = new KeyRing(config.secret, config.encryption);
    expect(ring.sealing.kids()).toEqual(['k-2026', 'd1', 'k1']);
    // The derived key is the one values were sealed with before: the same HKDF purpose.
    expect(ring.sealing.unseal(new KeyRing(config.secret).sealing.seal('old', 'c'), 'c')).toBe('old');
  });

  it('lists every problem with the keys, without showing key material', () => {
    const secretLooking = b64();
    const problems = problemsOf({
      QINGLANG_ENCRYPTION_KEYS: [
        `Bad_Kid:${b64()}`,
        `short:${b64(16)}`,
        `k1:${b64()}`,
        `k1:${b64()}`,
        secretLooking,
        `d1:${b64()}`,
        `k2:not base64!`,
      ].join(','),
      PORT: 'x',
    });
    expect(problems).toEqual([
      expect.stringContaining('PORT'),
      'QINGLANG_ENCRYPTION_KEYS: entry 1: the key id must be 1 to 32 characters of a-z, 0-9 and -',
      'QINGLANG_ENCRYPTION_KEYS: entry 2: the key "short" must be 32 bytes in base64 (e.g. `openssl rand -base64 32`), not 16 bytes',
      'QINGLANG_ENCRYPTION_KEYS: entry 5 must be kid:base64key (e.g. k1:$(openssl rand -base64 32))',
      'QINGLANG_ENCRYPTION_KEYS: entry 6: the key id "d1" is reserved for the key derived from the secret; choose another id',
      'QINGLANG_ENCRYPTION_KEYS: entry 7: the key "k2" must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)',
      'QINGLANG_ENCRYPTION_KEYS: the key id "k1" appears more than once',
    ]);
    expect(problems.join('\n')).not.toContain(secretLooking);
    expect(problemsOf({ QINGLANG_ENCRYPTION_KEYS: `${'a'.repeat(33)}:${b64()}` })).toEqual([
      'QINGLANG_ENCRYPTION_KEYS: entry 1: the key id must be 1 to 32 characters of a-z, 0-9 and -',
    ]);
    expect(problemsOf({ QINGLANG_ENCRYPTION_KEYS: ' , ' })).toEqual(['QINGLANG_ENCRYPTION_KEYS is set but names no key']);
  });

  it('reads the keys file in the data folder when the variable is absent, and checks it the same way', () => {
    const file = path.join(dataDir, ENCRYPTION_KEYS_FILE);
    const first = newEncryptionKey(new Date('2026-12-01T08:00:00Z'));
    const second = newEncryptionKey();
    writeEncryptionKeysFile(file, [first, second]);
    expect(first.kid).toMatch(/^k20261201-[0-9a-f]{6}$/);
    expect(load().encryption).toEqual({ source: 'file', keys: [first, second], file });
    // The variable wins over the file.
    expect(load({ QINGLANG_ENCRYPTION_KEYS: `k9:${b64()}` }).encryption.keys.map((k) => k.kid)).toEqual(['k9']);

    writeFileSync(file, '{"keys": [');
    expect(problemsOf({})).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read as JSON`)),
    ]);
    writeFileSync(file, JSON.stringify({ keys: [] }));
    expect(problemsOf({})).toEqual([`${file} must hold {"keys":[{"kid":…,"key":…}]} with at least one key`]);
    writeFileSync(
      file,
      JSON.stringify({ keys: [{ kid: 'k1', key: b64(31) }, { kid: 'k1' }, { kid: 'k1', key: b64() }, { kid: 'k1', key: b64() }] }),
    );
    expect(problemsOf({})).toEqual([
      `${file}: key 1: the key "k1" must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`), not 31 bytes`,
      `${file}: key 2 must have a string "kid" and a string "key"`,
      `${file}: the key id "k1" appears more than once`,
    ]);
  });

  it('writes the keys file atomically, readable by its owner only', () => {
    const file = path.join(dataDir, ENCRYPTION_KEYS_FILE);
    const keys = [newEncryptionKey(), newEncryptionKey()];
    writeEncryptionKeysFile(file, keys);
    writeEncryptionKeysFile(file, keys.slice(1));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual([ENCRYPTION_KEYS_FILE]);
    const problems: string[] = [];
    expect(readEncryptionKeysFile(file, problems)).toEqual(keys.slice(1));
    expect(problems).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      keys: [{ kid: keys[1]!.kid, key: keys[1]!.key.toString('base64'), createdAt: keys[1]!.createdAt }],
    });
  });

  it('follows the keys file in a running server: opens values under a key added since, and seals with it soon', () => {
    const file = path.join(dataDir, ENCRYPTION_KEYS_FILE);
    const config = load();
    const running = new KeyRing(config.secret, config.encryption).sealing;
    const old = running.seal('before', 'c');

    // Another process (`qinglang keys rotate`) writes a key and re-encrypts.
    const fresh = newEncryptionKey();
    writeEncryptionKeysFile(file, [fresh]);
    const rotated = new KeyRing(config.secret, load().encryption).sealing;
    expect(rotated.currentKid).toBe(fresh.kid);
    expect(running.unseal(rotated.seal('after', 'c'), 'c')).toBe('after');
    expect(running.currentKid).toBe(fresh.kid);
    expect(running.unseal(old, 'c')).toBe('before');
    // A value under a key nobody has still fails, naming it.
    const stranger = new KeyRing(config.secret, { ...config.encryption, source: 'env', keys: [{ kid: 'zz', key: randomBytes(32) }] })
      .sealing;
    expect(() => running.unseal(stranger.seal('x', 'c'), 'c')).toThrow(/"zz"/);
  });
});
