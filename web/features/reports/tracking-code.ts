/**
 * Tracking codes and access keys as people type them. The server accepts either form of a code
 * (`QL7K3M9XQ2PD` or `QL-7K3M-9XQ2-PD`, any case) and checks its check character; the front end
 * only tidies the input and catches what is plainly not a code.
 */

const PREFIX = 'QL';
/** `QL` and 10 characters of Crockford's base32 (no I, L, O or U). */
const CODE_PATTERN = /^QL[0-9A-HJKMNP-TV-Z]{10}$/;

/** Upper case, without spaces or dashes; O read as 0 and I or L as 1 after the `QL` prefix, as the server does. */
export function normalizeTrackingCode(input: string): string {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  if (!compact.startsWith(PREFIX)) return compact;
  return PREFIX + compact.slice(PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Whether the tidied input has the shape of a tracking code (the server still checks it). */
export function isWellFormedTrackingCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** `QL7K3M9XQ2PD` → `QL-7K3M-9XQ2-PD`, easier to read aloud and copy by hand. */
export function formatTrackingCode(code: string): string {
  if (!isWellFormedTrackingCode(code)) return code;
  const body = code.slice(PREFIX.length);
  return [PREFIX, body.slice(0, 4), body.slice(4, 8), body.slice(8)].join('-');
}

/** Access keys as typed: spaces and dashes dropped, upper case (the server ignores case). */
export function normalizeAccessKey(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** The longest access key the server reads from the header. */
export const ACCESS_KEY_MAX_LENGTH = 200;

/** The access key given in the URL fragment (`#key=…`), which browsers never send to the server. */
export function accessKeyFromFragment(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  const key = new URLSearchParams(hash.slice(1)).get('key');
  return key ? normalizeAccessKey(key) : null;
}
