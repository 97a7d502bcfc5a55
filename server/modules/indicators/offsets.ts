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
  // NFKC can expand one character into many (U+FDFA into 18), so the maps grow as needed.
  const starts: number[] = [];
  const ends: number[] = [];
  let length = 0;
  const push = (normalized: string, start: number, end: number) => {
    pieces.push(normalized);
    for (let k = 0; k < normalized.length; k++) {
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  };
  // Runs of characters NFKC leaves alone (ASCII and CJK ideographs, most of a Chinese report) are
  // copied with an identity map; only what lies between them is normalized cluster by cluster.
  let position = 0;
  for (const run of original.matchAll(STABLE_RUN)) {
    let runEnd = run.index + run[0].length;
    // A combining mark after the run composes with its last character: leave that one to the clusters.
    if (runEnd < original.length && COMPOSES_WITH_PREVIOUS.test(original[runEnd]!)) runEnd -= 1;
    if (runEnd <= run.index) continue;
    if (run.index > position) normalizeClusters(original.slice(position, run.index), position, push);
    pieces.push(original.slice(run.index, runEnd));
    for (let k = run.index; k < runEnd; k++) {
      starts[length] = k;
      ends[length] = k + 1;
      length++;
    }
    position = runEnd;
  }
  if (position < original.length) normalizeClusters(original.slice(position), position, push);
  return {
    text: pieces.join(''),
    toOriginal: (start, end) => ({
      start: start < length ? starts[start]! : original.length,
      end: end - 1 < length && end > 0 ? ends[end - 1]! : original.length,
    }),
  };
}

/** Characters NFKC maps to themselves: ASCII and the CJK ideographs. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const STABLE_RUN = /[\u0000-\u007f\u3400-\u4dbf\u4e00-\u9fff]+/g;
/** What NFKC may compose with the character before it (the tail of a normalization cluster). */
const COMPOSES_WITH_PREVIOUS = /[\p{M}\u1160-\u11ff\uff9e\uff9f]/u;

function normalizeClusters(segment: string, offset: number, push: (normalized: string, start: number, end: number) => void): void {
  // Most segments between stable runs are one character (the full-width comma of Chinese text), a
  // cluster of its own unless it is half of a surrogate pair.
  const unit = segment.charCodeAt(0);
  if (segment.length === 1 && (unit < 0xd800 || unit > 0xdfff)) {
    push(segment.normalize('NFKC'), offset, offset + 1);
    return;
  }
  for (const match of segment.matchAll(CLUSTER)) {
    const source = match[0];
    const start = offset + match.index;
    push(source.normalize('NFKC'), start, start + source.length);
  }
}
