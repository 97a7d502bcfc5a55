/**
 * MinHash signatures of report texts and their LSH band keys (mechanism 7: near-duplicate reports).
 *
 * A text becomes a set of 3-character shingles; the signature keeps, for each of `SIGNATURE_SIZE` hash
 * functions, the smallest hash over the set, so two signatures agree in a slot with probability equal
 * to the Jaccard similarity of the two shingle sets. The signature is cut into `BANDS` bands of
 * `ROWS_PER_BAND` slots; two texts become candidates when they agree on a whole band, and candidates
 * are then verified by the signature's estimate.
 *
 * The S-curve of b = 20 bands × r = 5 rows, P(candidate | similarity s) = 1 − (1 − s⁵)²⁰:
 *
 *     s    0.3    0.4    0.5    0.6    0.7    0.8    0.9
 *     P    0.05   0.19   0.47   0.80   0.975  0.9996 1.0
 *
 * Its threshold (1/b)^(1/r) ≈ 0.55 sits just below the suggestion threshold of 0.6, so pairs worth
 * suggesting (≥ 0.7 almost always, 0.6 four times in five) become candidates while unrelated texts
 * (≤ 0.3) rarely cost a verification. More rows per band would cut false candidates further but lose
 * recall at 0.6–0.7 (b = 16 × r = 7: 0.75 at 0.7); more bands would cost more index rows per report.
 * With 100 slots the estimate's standard deviation is at most √(0.25/100) = 0.05.
 *
 * Everything here is fixed: stored signatures and band keys are only comparable with ones made by
 * the same constants, so changing any of them means recomputing every stored signature.
 */

/** Characters per shingle. */
export const SHINGLE_SIZE = 3;
/** Bands of the LSH index. */
export const BANDS = 20;
/** Signature slots per band. */
export const ROWS_PER_BAND = 5;
/** Hash functions, one slot each. */
export const SIGNATURE_SIZE = BANDS * ROWS_PER_BAND;
/** Verified similarity from which a report is suggested as a near-duplicate. */
export const DEFAULT_MIN_SIMILARITY = 0.6;

/** A MinHash signature: `SIGNATURE_SIZE` unsigned 32-bit minima. */
export type Signature = Uint32Array;

/** One LSH index entry of a signature: the band and the hash of its slots (a signed 32-bit integer). */
export interface BandKey {
  band: number;
  bucket: number;
}

/** Probability that two texts of similarity `s` share at least one band (the S-curve above). */
export function candidateProbability(s: number, bands = BANDS, rows = ROWS_PER_BAND): number {
  return 1 - (1 - s ** rows) ** bands;
}

// ───────────── Hashing ─────────────

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3's finalizer: every input bit reaches every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: mixes a 32-bit word into the running hash. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * The hash family: h_i(x) = (a_i·x + b_i) mod 2³² over one well-mixed base hash x per shingle, with
 * odd a_i so each h_i is a permutation of the 32-bit values. Two multiplies per slot and shingle is
 * what keeps a 300-character report in tens of microseconds; the base hash (MurmurHash3 of the
 * shingle's code points) supplies the randomness the affine maps alone lack.
 */
const MULTIPLIERS = new Uint32Array(SIGNATURE_SIZE);
const INCREMENTS = new Uint32Array(SIGNATURE_SIZE);
{
  // splitmix32 from a fixed seed, so every process derives the same family.
  let state = 0x51_4c_4e_47; // "QLNG"
  const next = () => {
    state = (state + 0x9e3779b9) | 0;
    return fmix32(state);
  };
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    MULTIPLIERS[i] = next() | 1;
    INCREMENTS[i] = next();
  }
}

// ───────────── Normalization and shingles ─────────────

/** Scratch buffers reused across calls (the work is synchronous), grown when a longer text comes. */
let codePoints = new Uint32Array(4096);
let shingleScratch = new Uint32Array(4096);

/** Scripts written without spaces between words: a space next to them carries no meaning. */
function isUnspaced(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0x3400 && cp <= 0x4dbf) || // extension A
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0x20000 && cp <= 0x3134f) // extensions B–G
  );
}

const WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;
const wordCache = new Map<number, boolean>();

/** Letters, digits and marks; punctuation, symbols, spaces and controls are not. */
function isWordCharacter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39);
  if (isUnspaced(cp)) return true;
  let known = wordCache.get(cp);
  if (known === undefined) {
    known = WORD_CHARACTER.test(String.fromCodePoint(cp));
    if (wordCache.size < 10_000) wordCache.set(cp, known);
  }
  return known;
}

/**
 * Writes the text's comparable form into `codePoints` and answers its length: NFKC (the form the
 * indicator extractor matches on, so full-width `１３８` and `ＡＢＣ` read as `138` and `abc`), lower case,
 * punctuation and symbols dropped, and whitespace kept only as one space between two words of a
 * spaced script (`pay 5000 yuan`), never next to Chinese. Added or changed punctuation and spacing
 * therefore change nothing.
 */
function comparableCodePoints(text: string): number {
  // The extractor's `normalizeWithOffsets` gives the same NFKC text but also builds a map back to the
  // original offsets, which nothing here needs: with the full-width punctuation of any Chinese text it
  // costs ~20 µs a report, the whole string's normalize() under 1 µs.
  const normalized = text.normalize('NFKC').toLowerCase();
  if (codePoints.length < normalized.length) codePoints = new Uint32Array(normalized.length * 2);
  let length = 0;
  let separated = false;
  for (let i = 0; i < normalized.length; i++) {
    let cp = normalized.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < normalized.length) {
      const low = normalized.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (!isWordCharacter(cp)) {
      separated = true;
      continue;
    }
    if (separated && length > 0 && !isUnspaced(cp) && !isUnspaced(codePoints[length - 1]!)) codePoints[length++] = 0x20;
    codePoints[length++] = cp;
    separated = false;
  }
  return length;
}

/**
 * Fills `shingleScratch` with the base hash of every 3-code-point shingle of the text (a shorter
 * non-empty text is one shingle) and answers how many; repeated shingles repeat, which a minimum ignores.
 */
function fillShingleHashes(text: string): number {
  const length = comparableCodePoints(text);
  if (length === 0) return 0;
  const count = Math.max(1, length - SHINGLE_SIZE + 1);
  if (shingleScratch.length < count) shingleScratch = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    let h = 0x9747b28c;
    const end = Math.min(length, i + SHINGLE_SIZE);
    for (let j = i; j < end; j++) h = mixWord(h, codePoints[j]!);
    shingleScratch[i] = fmix32(h ^ (end - i));
  }
  return count;
}

/** The distinct shingle hashes of a text, for tests and diagnostics (the exact Jaccard works on these). */
export function shingleHashes(text: string): Set<number> {
  const count = fillShingleHashes(text);
  return new Set(shingleScratch.subarray(0, count));
}

/** The normalized form shingles are taken from (diagnostics and tests). */
export function comparableText(text: string): string {
  const length = comparableCodePoints(text);
  return String.fromCodePoint(...codePoints.subarray(0, length));
}

// ───────────── Signatures and bands ─────────────

/** The MinHash signature of a text, or null when it has nothing to compare (no letters or digits). */
export function minhashSignature(text: string): Signature | null {
  const count = fillShingleHashes(text);
  if (count === 0) return null;
  const signature = new Uint32Array(SIGNATURE_SIZE);
  const hashes = shingleScratch;
  for (let s = 0; s < SIGNATURE_SIZE; s++) {
    const a = MULTIPLIERS[s]!;
    const b = INCREMENTS[s]!;
    let min = 0xffffffff;
    for (let i = 0; i < count; i++) {
      const v = (Math.imul(a, hashes[i]!) + b) >>> 0;
      if (v < min) min = v;
    }
    signature[s] = min;
  }
  return signature;
}

/** The estimated Jaccard similarity of two signatures: the share of slots where they agree. */
export function estimateSimilarity(a: Signature, b: Signature): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/** The LSH index entries of a signature: for each band, a 32-bit hash of its slots. */
export function bandKeys(signature: Signature): BandKey[] {
  const keys: BandKey[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = band;
    for (let row = band * ROWS_PER_BAND; row < (band + 1) * ROWS_PER_BAND; row++) h = mixWord(h, signature[row]!);
    keys.push({ band, bucket: fmix32(h ^ ROWS_PER_BAND) | 0 });
  }
  return keys;
}

/** A signature as stored: `SIGNATURE_SIZE` little-endian 32-bit words. */
export function encodeSignature(signature: Signature): Buffer {
  const bytes = Buffer.alloc(SIGNATURE_SIZE * 4);
  for (let i = 0; i < SIGNATURE_SIZE; i++) bytes.writeUInt32LE(signature[i]!, i * 4);
  return bytes;
}

/** A stored signature read back; null when it is not one of this scheme's size. */
export function decodeSignature(bytes: Uint8Array): Signature | null {
  if (bytes.byteLength !== SIGNATURE_SIZE * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = new Uint32Array(SIGNATURE_SIZE);
  for (let i = 0; i < SIGNATURE_SIZE; i++) signature[i] = view.getUint32(i * 4, true);
  return signature;
}
