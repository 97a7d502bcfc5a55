/**
 * Mainland resident ID numbers (居民身份证号码, GB 11643-1999): 18 characters, region, birth date,
 * sequence and an ISO 7064 MOD 11-2 check character. The web forms check a number as the user types
 * with the same rule the server applies (server/modules/indicators/checks.ts `isResidentIdNumber`).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Spaces and dashes removed, full-width characters folded, upper case: how a person's typing is compared. */
export function cleanResidentId(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
}

/** Whether `value` (already cleaned) is an 18-character resident ID number with a real birth date and the right check character. */
export function isValidResidentId(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(upper)) return false;
  const year = Number(upper.slice(6, 10));
  const month = Number(upper.slice(10, 12));
  const day = Number(upper.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (upper.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11) === upper.charAt(17);
}
