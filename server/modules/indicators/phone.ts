import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers from digit groups: mainland mobile and landline numbers in all the ways they are
 * written, and international numbers written with `+`.
 */

/** A mainland mobile number, national form (1[3-9] and 9 more digits). */
export const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * A mainland landline with its trunk 0 and area code: the 3-digit area codes (010, 02x) carry 8-digit
 * local numbers, the 4-digit ones 7 or 8 digits; a local number never starts with 0. The shape is
 * checked here rather than by libphonenumber's per-prefix rules alone, because its bundled (min)
 * metadata accepts almost any length and its full metadata rejects real 7-digit numbers like 0755-1234567.
 */
const CN_LANDLINE = /^0(?:10|2\d)[1-9]\d{7}$|^0[3-9]\d{2}[1-9]\d{6,7}$/;

/** National 400/800 service numbers (customer lines of companies, also of "PR agencies"). */
const CN_SERVICE = /^[48]00\d{7}$/;

/** Ways an 11-digit mobile number is grouped when it is not the whole run of digits around it. */
const MOBILE_GROUPINGS = ['11', '3,4,4', '3,8', '7,4', '4,3,4'];
/** Ways a 10-digit 400/800 number is grouped. */
const SERVICE_GROUPINGS = ['10', '3,3,4', '3,7', '4,3,3'];

/** A phone number found in digits. */
export interface PhoneMatch {
  /** E.164, e.g. `+8613812345678`. */
  e164: string;
  /** A mainland mobile number: the kind people also use as their WeChat ID or Alipay account. */
  cnMobile: boolean;
}

/** Digits to classify, as they were grouped in the text. */
export interface DigitsAsWritten {
  /** All digits, separators removed. */
  digits: string;
  /** Written with a leading `+`. */
  plus: boolean;
  /** Length of each digit group in order; their sum is `digits.length`. */
  sizes: readonly number[];
}

/**
 * Classifies digits as a phone number.
 *
 * `strict` is for digits that are only part of a longer run of digit groups in the text (`138 1234
 * 5678 2023`): then the national number must be grouped the way people group that kind of number, so
 * that pieces of order or card numbers do not turn into phones. When the digits are the whole run, any
 * grouping is accepted, because people split numbers every which way to dodge filters.
 */
export function classifyPhone(written: DigitsAsWritten, strict: boolean): PhoneMatch | null {
  const { digits, plus } = written;
  if (digits.length < 8 || digits.length > 16) return null;
  let prefixLength = 0;
  let international = false;
  if (plus) {
    // Other countries group their numbers in too many ways to hold them to a grouping.
    if (!digits.startsWith('86')) return classifyInternational(digits);
    prefixLength = 2;
    international = true;
  } else if (digits.startsWith('0086')) {
    prefixLength = 4;
    international = true;
  } else if (digits.startsWith('86') && CN_MOBILE.test(digits.slice(2))) {
    // Written without + or 00 only for mobiles; "86..." landlines are indistinguishable from other numbers.
    prefixLength = 2;
  }
  const national = digits.slice(prefixLength);
  const nationalSizes = sizesAfterPrefix(written.sizes, prefixLength);
  if (strict && nationalSizes === null) return null;
  const grouping = nationalSizes?.join(',') ?? '';

  if (CN_MOBILE.test(national)) {
    if (strict && !MOBILE_GROUPINGS.includes(grouping)) return null;
    return { e164: `+86${national}`, cnMobile: true };
  }
  if (CN_SERVICE.test(national)) {
    if (strict && !SERVICE_GROUPINGS.includes(grouping)) return null;
    return validCn(national);
  }
  // After +86 / 0086 the trunk 0 is dropped ("+86 10 1234 5678"), sometimes kept as "(0)".
  const withTrunk = international && !national.startsWith('0') ? `0${national}` : national;
  if (!CN_LANDLINE.test(withTrunk)) return null;
  if (strict && nationalSizes !== null && nationalSizes.length > 1) {
    // Area code on its own, then the local number whole or in two blocks: 010-12345678, 010-1234 5678, 0755-123 4567.
    const areaLength = /^0(?:10|2)/.test(withTrunk) ? 3 : 4;
    const writtenArea = areaLength - (withTrunk.length - national.length);
    const local = nationalSizes.slice(1).join(',');
    const localLength = withTrunk.length - areaLength;
    const usual = [String(localLength), localLength === 8 ? '4,4' : '3,4'];
    if (nationalSizes[0] !== writtenArea || !usual.includes(local)) return null;
  }
  return validCn(withTrunk);
}

/**
 * The group sizes left after removing a prefix of `prefixLength` digits, or null when the prefix does not
 * stand as its own groups or at the start of one: `+86 138…` and `+86138…` are fine, `8 6138…` is not.
 */
function sizesAfterPrefix(sizes: readonly number[], prefixLength: number): number[] | null {
  const rest = [...sizes];
  let remaining = prefixLength;
  let wholeGroups = 0;
  while (remaining > 0) {
    const first = rest[0];
    if (first === undefined) return null;
    if (first <= remaining) {
      rest.shift();
      remaining -= first;
      wholeGroups++;
    } else {
      if (wholeGroups > 0) return null;
      rest[0] = first - remaining;
      remaining = 0;
    }
  }
  return rest.length > 0 ? rest : null;
}

function validCn(national: string): PhoneMatch | null {
  const parsed = parsePhoneNumberFromString(national, 'CN');
  if (!parsed || !parsed.isValid() || parsed.countryCallingCode !== '86') return null;
  return { e164: parsed.number, cnMobile: false };
}

function classifyInternational(digits: string): PhoneMatch | null {
  if (digits.length < 8 || digits.length > 15) return null;
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, cnMobile: false };
}
