import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWithOffsets } from './offsets';

describe('normalizeWithOffsets', () => {
  it('gives the NFKC text, mapping every unit back inside the original', () => {
    const pieces = fc.constantFrom(
      '微信',
      '１３８',
      'ｗｘ',
      '：',
      '，',
      'e\u0301',
      'ｶﾞ',
      '\ufdfa',
      '①',
      '㈱',
      'abc',
      ' ',
      '\u1100\u1161',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 20 }), (parts) => {
        const original = parts.join('');
        const { text, toOriginal } = normalizeWithOffsets(original);
        expect(text).toBe(original.normalize('NFKC'));
        for (let i = 0; i < text.length; i++) {
          const span = toOriginal(i, i + 1);
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(original.length);
          expect(span.start).toBeLessThan(span.end);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps full-width digits back to their own positions', () => {
    const original = '电话：１３８１２３４５６７８。';
    const { text, toOriginal } = normalizeWithOffsets(original);
    const start = text.indexOf('138');
    const span = toOriginal(start, start + 11);
    expect(original.slice(span.start, span.end)).toBe('１３８１２３４５６７８');
  });
});
