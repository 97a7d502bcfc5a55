import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandKeys, comparableText, decodeSignature, encodeSignature, estimateSimilarity, minhashSignature } from './minhash';

// The exact Jaccard of 3-character shingle sets, computed on strings rather than on the module's
// hashes, so the estimate is graded by something it does not share.
function exactJaccard(a: string, b: string): number {
  const shingles = (text: string) => {
    const chars = [...comparableText(text)];
    const set = new Set<string>();
    if (chars.length > 0 && chars.length < 3) set.add(chars.join(''));
    for (let i = 0; i + 3 <= chars.length; i++) set.add(chars.slice(i, i + 3).join(''));
    return set;
  };
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

// A small alphabet of report words and characters, so random texts share shingles and the pairs
// cover the whole range of similarity rather than clustering at 0.
const PIECES = [
  '删',
  '帖',
  '敲',
  '诈',
  '微',
  '信',
  '公',
  '关',
  '费',
  '元',
  '万',
  '付',
  '款',
  '电',
  '话',
  'a',
  'b',
  'q',
  '1',
  '8',
  '，',
  ' ',
  '。',
];
const text = fc.array(fc.constantFrom(...PIECES), { minLength: 5, maxLength: 300 }).map((chars) => chars.join(''));

/** A text and an edited copy: characters replaced, inserted and removed at random places. */
const editedPair = fc
  .tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.constantFrom(...PIECES)), { maxLength: 60 }))
  .map(([original, edits]) => {
    const chars = [...original];
    for (const [at, kind, piece] of edits) {
      const i = at % (chars.length + 1);
      if (kind === 'insert') chars.splice(i, 0, piece);
      else if (kind === 'replace' && i < chars.length) chars[i] = piece;
      else if (kind === 'delete' && chars.length > 1 && i < chars.length) chars.splice(i, 1);
    }
    return [original, chars.join('')] as const;
  })
  .filter(([a, b]) => minhashSignature(a) !== null && minhashSignature(b) !== null);

describe('MinHash properties', () => {
  it('answers 1.0 for identical texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }), (t) => {
        const signature = minhashSignature(t);
        if (signature === null) return;
        expect(estimateSimilarity(signature, minhashSignature(t)!)).toBe(1);
      }),
    );
  });

  it('estimates the exact Jaccard similarity within 5 standard deviations of 100 slots', () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        expect(Math.abs(estimateSimilarity(minhashSignature(a)!, minhashSignature(b)!) - exactJaccard(a, b))).toBeLessThanOrEqual(0.25);
      }),
      { numRuns: 300 },
    );
  });

  it('is unbiased: over many pairs the mean error is near 0 and the mean absolute error near the binomial one', () => {
    const errors = fc
      .sample(editedPair, { numRuns: 400, seed: 20261128 })
      .map(([a, b]) => estimateSimilarity(minhashSignature(a)!, minhashSignature(b)!) - exactJaccard(a, b));
    const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
    const meanAbsolute = errors.reduce((sum, e) => sum + Math.abs(e), 0) / errors.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(meanAbsolute).toBeLessThan(0.05);
  });

  it('is symmetric, and two texts whose estimate is 1 share every band', () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        const sa = minhashSignature(a)!;
        const sb = minhashSignature(b)!;
        expect(estimateSimilarity(sa, sb)).toBe(estimateSimilarity(sb, sa));
        if (estimateSimilarity(sa, sb) === 1) expect(bandKeys(sa)).toEqual(bandKeys(sb));
      }),
    );
  });

  it('reads back every stored signature', () => {
    fc.assert(
      fc.property(text, (t) => {
        const signature = minhashSignature(t);
        if (signature === null) return;
        expect(decodeSignature(encodeSignature(signature))).toEqual(signature);
      }),
    );
  });
});
