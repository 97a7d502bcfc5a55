import { hash as argon2Hash } from '@node-rs/argon2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password-hash';

const PHC_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';

describe('hashPassword and verifyPassword', () => {
  it('hashes with argon2id at the OWASP parameters and a fresh salt each time', async () => {
    const first = await hashPassword('mulberry-kettle-orbit-47');
    const second = await hashPassword('mulberry-kettle-orbit-47');
    expect(first.startsWith(PHC_PREFIX)).toBe(true);
    expect(first).not.toBe(second);
    expect(first).not.toContain('mulberry');
  });

  it('accepts the password and refuses others', async () => {
    const stored = await hashPassword('mulberry-kettle-orbit-47');
    expect(await verifyPassword(stored, 'mulberry-kettle-orbit-47')).toBe(true);
    expect(await verifyPassword(stored, 'mulberry-kettle-orbit-48')).toBe(false);
    expect(await verifyPassword(stored, 'Mulberry-kettle-orbit-47')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('treats full-width and composed forms as the same password (NFKC)', async () => {
    const stored = await hashPassword('ｋｅｔｔｌｅ－Ｃａｆé１２３');
    expect(await verifyPassword(stored, 'kettle-Cafe\u0301123')).toBe(true);
    expect(await verifyPassword(stored, 'kettle-Café123')).toBe(true);
    expect(await verifyPassword(stored, 'kettle-Cafe123')).toBe(false);
  });

  it('verifies any password in any normalization form it is typed in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), async (password) => {
        const stored = await hashPassword(password);
        expect(await verifyPassword(stored, password.normalize('NFD'))).toBe(true);
        expect(await verifyPassword(stored, `${password}x`)).toBe(false);
      }),
      { numRuns: 5 },
    );
  });

  it('answers false, without throwing, for a stored value that is not an argon2 hash', async () => {
    for (const stored of ['', 'not-a-hash', '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234']) {
      expect(await verifyPassword(stored, 'mulberry-kettle-orbit-47')).toBe(false);
    }
  });
});

describe('needsRehash', () => {
  it('is false for a hash made today', async () => {
    expect(needsRehash(await hashPassword('mulberry-kettle-orbit-47'))).toBe(false);
  });

  it('is true when any stored parameter differs', async () => {
    const base = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };
    const older = [
      { ...base, memoryCost: 8192 },
      { ...base, timeCost: 3 },
      { ...base, parallelism: 2 },
      { ...base, outputLen: 16 },
      { ...base, algorithm: 1 as const },
    ];
    for (const options of older) {
      const stored = await argon2Hash('mulberry-kettle-orbit-47', options);
      expect(needsRehash(stored), stored).toBe(true);
      expect(await verifyPassword(stored, 'mulberry-kettle-orbit-47')).toBe(true);
    }
  });

  it('is true for something that is not an argon2 hash', () => {
    expect(needsRehash('')).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234')).toBe(true);
  });
});

describe('the dummy hash', () => {
  it('is made once, with the same parameters as real hashes', async () => {
    const first = await dummyPasswordHash();
    expect(await dummyPasswordHash()).toBe(first);
    expect(first.startsWith(PHC_PREFIX)).toBe(true);
    expect(needsRehash(first)).toBe(false);
  });

  it('never matches', async () => {
    expect(await verifyAgainstDummy('mulberry-kettle-orbit-47')).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
  });
});
