import { isValidResidentId } from '../../../contracts/resident-id';
/**
 * Check-digit algorithms and the plausibility rules that tell an identifier from a number that merely
 * has the right length. Everything here takes already-cleaned input (digits only, or upper-case code
 * characters) and answers yes or no.
 */

/** Luhn (mod 10) check over a string of ASCII digits; false for anything that is not only digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export { USCC_CHARSET, isValidUscc, usccCheckCharacter } from '../../../contracts/uscc';

/** Whether year/month/day name a real calendar day between 1900 and 2099. */
export function isPlausibleDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a digit string begins with a `yyyymmdd` date, the way order and transaction numbers do. */
export function startsWithDate(digits: string): boolean {
  if (digits.length < 8) return false;
  return isPlausibleDate(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
}

/**
 * Whether an 18-character string is a mainland resident ID number (GB 11643). National IDs are not an
 * extracted indicator type, so this only keeps them from being mistaken for bank cards or credit codes.
 * The rule lives in contracts so the web forms check a number the same way.
 */
export const isResidentIdNumber: (value: string) => boolean = isValidResidentId;

/**
 * Whether the leading digits could belong to a payment card issuer (ISO/IEC 7812 major industry
 * identifier). No bank issues cards starting with 0 (reserved) or 1 (airlines), and the only 2-series
 * cards are Mastercard's 2221–2720. Long numbers in complaints that start otherwise are order,
 * transaction and tracking numbers (`2023…`, `1…`), which pass Luhn one time in ten by chance.
 */
export function hasPlausibleIssuer(digits: string): boolean {
  const first = digits.charAt(0);
  if (first === '2') {
    const prefix = Number(digits.slice(0, 4));
    return prefix >= 2221 && prefix <= 2720;
  }
  return first >= '3' && first <= '9';
}

/**
 * Whether a digit string found in free text should be reported as a bank card: 13–19 digits, Luhn
 * valid, a plausible issuer, not date-prefixed (order numbers) and not a resident ID number.
 * `announced` (the text said 卡号/银行卡) skips the issuer and date heuristics but never the Luhn check.
 */
export function isPlausibleBankCard(digits: string, announced = false): boolean {
  if (!/^\d{13,19}$/.test(digits) || !luhnValid(digits)) return false;
  if (digits.length === 18 && isResidentIdNumber(digits)) return false;
  if (announced) return true;
  return hasPlausibleIssuer(digits) && !startsWithDate(digits);
}
