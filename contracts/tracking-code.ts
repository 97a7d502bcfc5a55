/**
 * Tracking codes and access keys as people read, type and check them; shared by the server and the
 * web front end, so a mistyped code is caught before it is sent.
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is unambiguous. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_PREFIX = 'QL';
/** Random characters in a code, before the check character. */
export const TRACKING_CODE_RANDOM_LENGTH = 9;
const PREFIX = TRACKING_CODE_PREFIX;
const RANDOM_LENGTH = TRACKING_CODE_RANDOM_LENGTH;

// Arithmetic in GF(32) (polynomial x^5 + x^2 + 1), where every Crockford character is an element.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
for (let i = 0, x = 1; i < 31; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 32) x ^= 0b100101;
}
/** α^k · v in GF(32). */
function timesPowerOfAlpha(v: number, k: number): number {
  return v === 0 ? 0 : EXP[(LOG[v]! + k) % 31]!;
}

/**
 * The check character: the one symbol that makes Σ α^(i+1) · cᵢ vanish over GF(32), counting the
 * check character itself as the last term. Each position has its own non-zero weight, so a single
 * mistyped character always changes the sum; two neighbours swapped change it by
 * α^i·(a+b)·(1+α), never zero for a ≠ b. So the code catches every single typo and every swap of
 * neighbours, the two mistakes people make most when copying a code (Luhn mod N misses some swaps).
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const value = CROCKFORD.indexOf(body[i]!);
    if (value < 0) throw new Error(`Not a Crockford character: ${body[i]}`);
    sum ^= timesPowerOfAlpha(value, i + 1);
  }
  // α^(n+1) · c = sum  ⇒  c = sum · α^(31 − (n+1))
  return CROCKFORD[timesPowerOfAlpha(sum, (31 - ((body.length + 1) % 31)) % 31)]!;
}

/**
 * The canonical form of a tracking code as a person typed it (any case, with spaces or dashes,
 * O for 0 and I or L for 1), or null when it is malformed or its check character is wrong.
 */
export function normalizeTrackingCode(input: string): string | null {
  let text = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  if (!text.startsWith(PREFIX)) return null;
  text = text.slice(PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== RANDOM_LENGTH + 1) return null;
  for (const ch of text) if (!CROCKFORD.includes(ch)) return null;
  const body = text.slice(0, RANDOM_LENGTH);
  return checkCharacter(body) === text[RANDOM_LENGTH] ? PREFIX + text : null;
}

/** `QL7K3M9XQ2PD` → `QL-7K3M-9XQ2-PD`, for reading aloud and printing. */
export function formatTrackingCode(code: string): string {
  const body = code.slice(PREFIX.length);
  return [PREFIX, body.slice(0, 4), body.slice(4, 8), body.slice(8)].join('-');
}

/** Access keys as typed: case-insensitive, spaces and dashes ignored. */
export function normalizeAccessKey(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
