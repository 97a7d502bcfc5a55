import { secureRandomBytes } from '../../lib/random';
import { CROCKFORD, TRACKING_CODE_PREFIX, TRACKING_CODE_RANDOM_LENGTH, checkCharacter } from '../../../contracts/tracking-code';

export { CROCKFORD, checkCharacter, formatTrackingCode, normalizeAccessKey, normalizeTrackingCode } from '../../../contracts/tracking-code';

const PREFIX = TRACKING_CODE_PREFIX;
const RANDOM_LENGTH = TRACKING_CODE_RANDOM_LENGTH;

/** A new tracking code: `QL` + 9 random characters (45 bits) + a check character. */
export function generateTrackingCode(): string {
  // 256 is a multiple of 32, so the low five bits of each random byte are uniform.
  const bytes = secureRandomBytes(RANDOM_LENGTH);
  let body = '';
  for (const byte of bytes) body += CROCKFORD[byte & 31];
  return PREFIX + body + checkCharacter(body);
}

/**
 * A new access key: 160 random bits in Crockford base32 (32 characters), shown once to the reporter.
 * Only its keyed hash is stored.
 */
export function generateAccessKey(): string {
  const bytes = secureRandomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
