import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DERIVED_KID, MissingKeyError, SealedValueError, SealingKeys } from './seal';

/** How values were sealed before keys had ids: `v1.<iv>.<ciphertext+tag>` under the derived key. */
function sealV1(key: Buffer, value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join('.');
}

describe('SealingKeys', () => {
  const derived = randomBytes(32);
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const keys = new SealingKeys(
    'k2',
    new Map([
      [DERIVED_KID, derived],
      ['k1', k1],
      ['k2', k2],
    ]),
  );

  it('seals as v2 with the current key id and round-trips without showing the plaintext', () => {
    const value = { name: '张三', phone: '+8613812345678' };
    const sealed = keys.seal(value, 'report:1');
    expect(sealed).toMatch(/^v2\.k2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('张三');
    expect(sealed).not.toContain('13812345678');
    expect(keys.unseal(sealed, 'report:1')).toEqual(value);
    expect(keys.kidOf(sealed)).toBe('k2');
    expect(keys.isCurrent(sealed)).toBe(true);
    expect(keys.kids()).toEqual(['k2', DERIVED_KID, 'k1']);
  });

  it('uses a fresh IV each time', () => {
    expect(keys.seal('x', 'c')).not.toBe(keys.seal('x', 'c'));
  });

  it('opens v1 values with the derived key d1, and values sealed under an older key', () => {
    const v1 = sealV1(derived, { a: 1 }, 'report:1');
    expect(keys.unseal(v1, 'report:1')).toEqual({ a: 1 });
    expect(keys.kidOf(v1)).toBe(DERIVED_KID);
    expect(keys.isCurrent(v1)).toBe(false);

    const older = new SealingKeys('k1', new Map([['k1', k1]])).seal({ b: 2 }, 'users.totp_sealed:u1');
    expect(keys.kidOf(older)).toBe('k1');
    expect(keys.isCurrent(older)).toBe(false);
    expect(keys.unseal(older, 'users.totp_sealed:u1')).toEqual({ b: 2 });
  });

  it('refuses another context, another key under the same id, or a changed ciphertext', () => {
    const sealed = keys.seal({ a: 1 }, 'report:1');
    expect(() => keys.unseal(sealed, 'report:2')).toThrow(SealedValueError);
    expect(() => new SealingKeys('k2', new Map([['k2', randomBytes(32)]])).unseal(sealed, 'report:1')).toThrow(
      /does not open with key "k2"/,
    );
    const parts = sealed.split('.');
    const payload = Buffer.from(parts[3]!, 'base64url');
    payload[0] = payload[0]! ^ 1;
    expect(() => keys.unseal([...parts.slice(0, 3), payload.toString('base64url')].join('.'), 'report:1')).toThrow(SealedValueError);
    // Relabelling a value with another key id does not open it either.
    expect(() => keys.unseal(['v2', 'k1', ...parts.slice(2)].join('.'), 'report:1')).toThrow(SealedValueError);
    expect(() => keys.unseal(sealV1(randomBytes(32), 1, 'c'), 'c')).toThrow(SealedValueError);
  });

  it('names a key that is not configured', () => {
    const sealed = new SealingKeys('k9', new Map([['k9', randomBytes(32)]])).seal('x', 'c');
    expect(() => keys.unseal(sealed, 'c')).toThrow(MissingKeyError);
    expect(() => keys.unseal(sealed, 'c')).toThrow(/encryption key "k9", which is not configured/);
    // A v1 value needs the derived key.
    expect(() => new SealingKeys('k1', new Map([['k1', k1]])).unseal(sealV1(derived, 1, 'c'), 'c')).toThrow(/"d1"/);
  });

  it('asks reload for a key it does not hold, and adopts the fresh set', () => {
    const k3 = randomBytes(32);
    const sealed = new SealingKeys('k3', new Map([['k3', k3]])).seal('seed', 'c');
    let reloads = 0;
    const reloading = new SealingKeys('k1', new Map([['k1', k1]]), {
      reload: () => {
        reloads++;
        return {
          currentKid: 'k3',
          keys: new Map([
            ['k3', k3],
            ['k1', k1],
          ]),
        };
      },
    });
    expect(reloading.unseal(sealed, 'c')).toBe('seed');
    expect(reloads).toBe(1);
    expect(reloading.currentKid).toBe('k3');
    expect(reloading.unseal(sealed, 'c')).toBe('seed');
    expect(reloads).toBe(1);
  });

  it('refuses malformed values and bad key sets', () => {
    for (const bad of ['', 'v1', 'v1.a', 'v3.k1.a.b', 'v2.K1.AAAAAAAAAAAAAAAA.AAAA', 'v2.k1..AAAA', 'plaintext'])
      expect(() => keys.unseal(bad, 'c'), bad).toThrow(/Unknown sealed value format/);
    expect(() => keys.unseal('v2.k2.AAAAAAAAAAAAAAAA.AAAA', 'c')).toThrow(/too short/);
    expect(() => new SealingKeys('k1', new Map([['k2', k2]]))).toThrow(/current encryption key "k1"/);
    expect(() => new SealingKeys('k1', new Map([['k1', randomBytes(16)]]))).toThrow(/32 bytes/);
    expect(() => new SealingKeys('K_1', new Map([['K_1', k1]]))).toThrow(/Invalid encryption key id/);
  });
});
