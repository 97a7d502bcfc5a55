import { createHmac, randomInt } from 'node:crypto';

/**
 * One-time recovery codes for when the authenticator is lost. They are shown once, printed or
 * written down, and stored only as keyed hashes.
 */

/** Lower-case letters and digits without the ones that are read or typed for each other: 0/o, 1/i/l. */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 10;
const GROUP_LENGTH = 5;
/** An HMAC key shorter than this is a configuration mistake, not a key. */
const MIN_KEY_BYTES = 16;

/**
 * A fresh set of recovery codes, each ten characters (about 49.5 bits) from
 * {@link RECOVERY_CODE_ALPHABET}, shown as `xxxxx-xxxxx`. Codes within a set are distinct.
 */
export function newRecoveryCodes(count = 10): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const codes = new Set<string>();
  while (codes.size < count) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += RECOVERY_CODE_ALPHABET.charAt(randomInt(RECOVERY_CODE_ALPHABET.length));
    codes.add(`${code.slice(0, GROUP_LENGTH)}-${code.slice(GROUP_LENGTH)}`);
  }
  return [...codes];
}

/**
 * The canonical form of a code as typed: lower case, without spaces or dashes (full-width
 * characters from a Chinese input method are folded first). `ABCDE-FGHJK`, `abcde fghjk` and
 * `abcdefghjk` all give `abcdefghjk`.
 */
export function normalizeRecoveryCode(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{Pd}]+/gu, '');
}

/** Whether the input, once normalized, has the shape of a recovery code (rather than, say, a TOTP code). */
export function looksLikeRecoveryCode(input: string): boolean {
  const normalized = normalizeRecoveryCode(input);
  return normalized.length === CODE_LENGTH && [...normalized].every((char) => RECOVERY_CODE_ALPHABET.includes(char));
}

/**
 * The stored form of a recovery code: HMAC-SHA256 (hex) of its normalized form under a server key,
 * so the database alone does not let anyone test codes offline. Compare stored hashes with
 * `crypto.timingSafeEqual`.
 */
export function hashRecoveryCode(code: string, key: Buffer): string {
  if (key.length < MIN_KEY_BYTES) throw new RangeError(`the recovery-code key must be at least ${MIN_KEY_BYTES} bytes`);
  return createHmac('sha256', key).update(normalizeRecoveryCode(code), 'utf8').digest('hex');
}
