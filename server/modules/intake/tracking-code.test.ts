import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CROCKFORD,
  checkCharacter,
  formatTrackingCode,
  generateAccessKey,
  generateTrackingCode,
  normalizeAccessKey,
  normalizeTrackingCode,
} from './tracking-code';

const body = fc.array(fc.constantFrom(...CROCKFORD), { minLength: 9, maxLength: 9 }).map((chars) => chars.join(''));

describe('tracking codes', () => {
  it('generates codes that validate and are unambiguous', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateTrackingCode();
      expect(code).toMatch(/^QL[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(normalizeTrackingCode(code)).toBe(code);
    }
  });

  it('accepts the ways people write a code', () => {
    const code = generateTrackingCode();
    expect(normalizeTrackingCode(formatTrackingCode(code))).toBe(code);
    expect(normalizeTrackingCode(code.toLowerCase())).toBe(code);
    expect(normalizeTrackingCode(` ${code.slice(0, 6)} ${code.slice(6)} `)).toBe(code);
    const withZeros = code.replace(/0/g, 'O');
    expect(normalizeTrackingCode('QL' + withZeros.slice(2))).toBe(code);
  });

  it('rejects malformed codes', () => {
    expect(normalizeTrackingCode('')).toBeNull();
    expect(normalizeTrackingCode('QL123')).toBeNull();
    expect(normalizeTrackingCode('XX' + generateTrackingCode().slice(2))).toBeNull();
    expect(normalizeTrackingCode('QL' + 'U'.repeat(10))).toBeNull();
  });

  it('catches every single-character typo', () => {
    fc.assert(
      fc.property(body, fc.nat(9), fc.constantFrom(...CROCKFORD), (b, position, replacement) => {
        const code = `QL${b}${checkCharacter(b)}`;
        const chars = code.split('');
        fc.pre(chars[2 + position] !== replacement);
        chars[2 + position] = replacement;
        expect(normalizeTrackingCode(chars.join(''))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every swap of two different neighbours', () => {
    fc.assert(
      fc.property(body, fc.nat(8), (b, position) => {
        const code = `QL${b}${checkCharacter(b)}`;
        const chars = code.split('');
        const i = 2 + position;
        fc.pre(chars[i] !== chars[i + 1]);
        [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
        expect(normalizeTrackingCode(chars.join(''))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('catches the swaps a Luhn mod 32 check would miss (0 next to Z)', () => {
    for (const body of ['0000000Z0', 'Z00000000', '12345670Z']) {
      const code = `QL${body}${checkCharacter(body)}`;
      for (let i = 2; i < code.length - 1; i++) {
        if (code[i] === code[i + 1]) continue;
        const chars = code.split('');
        [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
        expect(normalizeTrackingCode(chars.join(''))).toBeNull();
      }
    }
  });
});

describe('access keys', () => {
  it('carry 160 bits in 32 characters and are all different', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateAccessKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{32}$/);
  });

  it('normalize as typed', () => {
    const key = generateAccessKey();
    expect(normalizeAccessKey(key.toLowerCase().replace(/(.{4})/g, '$1 '))).toBe(key);
  });
});
