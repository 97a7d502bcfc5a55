import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECOVERY_CODE_ALPHABET, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const SHAPE = /^[abcdefghjkmnpqrstuvwxyz23456789]{5}-[abcdefghjkmnpqrstuvwxyz23456789]{5}$/;

describe('newRecoveryCodes', () => {
  it('makes ten distinct codes shaped xxxxx-xxxxx by default', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(SHAPE);
  });

  it('makes as many as asked, and refuses nonsense counts', () => {
    expect(newRecoveryCodes(3)).toHaveLength(3);
    expect(() => newRecoveryCodes(0)).toThrow(RangeError);
    expect(() => newRecoveryCodes(2.5)).toThrow(RangeError);
  });

  it('leaves out the characters people confuse', () => {
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[01oilOIL]/);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(RECOVERY_CODE_ALPHABET.length);
  });

  it('draws from the whole alphabet', () => {
    const seen = new Set(newRecoveryCodes(2000).join('').replace(/-/g, ''));
    expect([...seen].sort().join('')).toBe([...RECOVERY_CODE_ALPHABET].sort().join(''));
  });
});

describe('normalizeRecoveryCode', () => {
  it('ignores case, spaces and dashes', () => {
    expect(normalizeRecoveryCode('ABCDE-FGHJK')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode(' abcde fghjk ')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode('abc-de—fg hjk')).toBe('abcdefghjk');
    expect(normalizeRecoveryCode('ＡＢＣＤＥ－ＦＧＨＪＫ')).toBe('abcdefghjk');
  });

  const rawCodes = fc.array(fc.constantFrom(...RECOVERY_CODE_ALPHABET), { minLength: 10, maxLength: 10 }).map((c) => c.join(''));

  it('round-trips every code however it is typed back', () => {
    fc.assert(
      fc.property(rawCodes, fc.array(fc.constantFrom('', ' ', '-', '  ', ' - ', '\t')), fc.array(fc.boolean()), (raw, gaps, upper) => {
        const shown = `${raw.slice(0, 5)}-${raw.slice(5)}`;
        const typed = [...raw].map((char, i) => (upper[i] ? char.toUpperCase() : char) + (gaps[i] ?? '')).join('');
        expect(normalizeRecoveryCode(shown)).toBe(raw);
        expect(normalizeRecoveryCode(typed)).toBe(raw);
        expect(looksLikeRecoveryCode(typed)).toBe(true);
        expect(hashRecoveryCode(typed, KEY)).toBe(hashRecoveryCode(shown, KEY));
      }),
    );
  });

  it('round-trips the codes it makes', () => {
    for (const code of newRecoveryCodes(50)) {
      expect(normalizeRecoveryCode(code.toUpperCase())).toBe(code.replace('-', ''));
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });
});

describe('looksLikeRecoveryCode', () => {
  it.each(['123456', 'abcde-fghj', 'abcde-fghjkm', 'abcde-fghj0', 'abcde-fghjl', ''])('is false for %j', (input) => {
    expect(looksLikeRecoveryCode(input)).toBe(false);
  });
});

describe('hashRecoveryCode', () => {
  it('is HMAC-SHA256 in hex of the normalized code', () => {
    // Computed independently with Python's hmac module.
    expect(hashRecoveryCode('ABCDE-FGHJK', KEY)).toBe('415102adb8e8fc3930b38abfce38be2ce04da1350590c897ad6170106bc38af6');
  });

  it('depends on the key and on the code', () => {
    const otherKey = Buffer.alloc(32, 7);
    expect(hashRecoveryCode('abcde-fghjk', otherKey)).not.toBe(hashRecoveryCode('abcde-fghjk', KEY));
    expect(hashRecoveryCode('abcde-fghjm', KEY)).not.toBe(hashRecoveryCode('abcde-fghjk', KEY));
  });

  it('refuses a key too short to be one', () => {
    expect(() => hashRecoveryCode('abcde-fghjk', Buffer.alloc(0))).toThrow(RangeError);
    expect(() => hashRecoveryCode('abcde-fghjk', Buffer.alloc(15))).toThrow(RangeError);
  });
});
