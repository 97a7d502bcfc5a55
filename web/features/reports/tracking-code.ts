/**
 * Tracking codes and access keys as people type them. The server accepts either form of a code
 * (`QL7K3M9XQ2PD` or `QL-7K3M-9XQ2-PD`, any case); its check character is checked here too, with the
 * same code as the server's (contracts/), so a mistyped code is caught before it is sent.
 */
import {
  TRACKING_CODE_PREFIX as PREFIX,
  formatTrackingCode as formatCheckedCode,
  normalizeAccessKey as normalizeKey,
  normalizeTrackingCode as checkedTrackingCode,
} from '../../../contracts/tracking-code';

/** Upper case, without spaces or dashes; O read as 0 and I or L as 1 after the `QL` prefix, as the server does. */
export function normalizeTrackingCode(input: string): string {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  if (!compact.startsWith(PREFIX)) return compact;
  return PREFIX + compact.slice(PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Whether the tidied input is a tracking code whose check character is right. */
export function isWellFormedTrackingCode(code: string): boolean {
  return checkedTrackingCode(code) !== null;
}

/** `QL7K3M9XQ2PD` → `QL-7K3M-9XQ2-PD`, easier to read aloud and copy by hand. */
export function formatTrackingCode(code: string): string {
  return isWellFormedTrackingCode(code) ? formatCheckedCode(code) : code;
}

/** Access keys as typed: spaces and dashes dropped, upper case, O read as 0 and I or L as 1, as the server reads them. */
export const normalizeAccessKey = normalizeKey;

/** The longest access key the server reads from the header. */
export const ACCESS_KEY_MAX_LENGTH = 200;

/** The access key given in the URL fragment (`#key=…`), which browsers never send to the server. */
export function accessKeyFromFragment(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  const key = new URLSearchParams(hash.slice(1)).get('key');
  return key ? normalizeAccessKey(key) : null;
}
