/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): the 18-character identifier of every
 * Chinese organisation. Shared by the server (extraction, validation) and the web form (checking as
 * the user types), so both judge a code the same way.
 */

/** The 31 characters a code may use (no I, O, S, V, Z). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character the standard assigns to the first 17 characters, or null if they are not from the charset. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return USCC_CHARSET.charAt(check === 31 ? 0 : check);
}

/**
 * Whether `code` is a unified social credit code whose check character is right. Case-insensitive;
 * no other cleaning (callers trim and NFKC-normalize text typed by a person).
 */
export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false;
  const upper = code.toUpperCase();
  return usccCheckCharacter(upper.slice(0, 17)) === upper.charAt(17);
}
