/**
 * NFKC normalization that remembers where every character came from.
 *
 * The matchers run on NFKC text so that full-width digits and letters (`１３８`, `ｗｘ`, `＠`, `：`) read
 * like their ASCII forms, but reported offsets must point into the text the caller gave us. NFKC can
 * change lengths (`①` → `1`, `㈱` → `(株)`, `ｶﾞ` → `ガ`), so a plain index shift is not enough.
 */

/** Text after NFKC normalization with a way back to the original offsets. */
export interface NormalizedText {
  /** The NFKC form the matchers run on. */
  readonly text: string;
  /** Maps the normalized span `[start, end)` (non-empty) to the UTF-16 span of the original text it came from. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

/**
 * A normalization cluster: one code point and the code points that may compose with it under NFKC
 * (combining marks, Hangul medial and final jamo, half-width kana voicing marks). Normalizing cluster by
 * cluster gives the same text as normalizing the whole string for everything an indicator is made of,
 * while letting every output unit point back at the cluster that produced it.
 */
const CLUSTER = /[\s\S][\p{M}\u1160-\u11ff\uff9e\uff9f]*/gu;

/**
 * Normalizes `original` to NFKC and keeps, for every UTF-16 unit of the result, the original span of the
 * cluster it came from. When the text is already in NFKC (the common case) the map is the identity and
 * nothing is allocated.
 */
export function normalizeWithOffsets(original: string): NormalizedText {
  if (original.normalize('NFKC') === original) {
    return { text: original, toOriginal: (start, end) => ({ start, end }) };
  }
  const pieces: string[] = [];
  const origins: number[] = [];
  const originEnds: number[] = [];
  for (const match of original.matchAll(CLUSTER)) {
    const source = match[0];
    const start = match.index;
    const normalized = source.normalize('NFKC');
    pieces.push(normalized);
    for (let k = 0; k < normalized.length; k++) {
      origins.push(start);
      originEnds.push(start + source.length);
    }
  }
  const starts = Int32Array.from(origins);
  const ends = Int32Array.from(originEnds);
  return {
    text: pieces.join(''),
    toOriginal: (start, end) => ({ start: starts[start] ?? original.length, end: ends[end - 1] ?? original.length }),
  };
}
