import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm, Options, Version } from '@node-rs/argon2';

// The package declares these as `const enum`s, which isolated modules cannot read; the values are
// fixed by its API (Algorithm.Argon2id = 2, Version.V0x13 = 1).
const ARGON2ID: Algorithm = 2;
const VERSION_0X13: Version = 1;

/** Argon2id with OWASP's first recommended setting: 19 MiB, two passes, one lane. */
const PARAMETERS = {
  algorithm: ARGON2ID,
  version: VERSION_0X13,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;
const MIN_SALT_BYTES = 16;

/**
 * Passwords are compared in NFKC form, so the same password typed with full-width characters
 * (a Chinese input method) or composed differently (é as one or two code points) still matches.
 */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password for storage, as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), PARAMETERS);
}

/**
 * Whether the password matches the stored hash. A stored value that is not an argon2 hash (empty,
 * corrupt) never matches, and is checked against the dummy hash first so that it costs the same.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!parses(storedHash)) return verifyAgainstDummy(password);
  return verify(storedHash, normalize(password));
}

/** Whether a stored hash was made with other parameters than today's, so it should be replaced after the next successful sign-in. */
export function needsRehash(storedHash: string): boolean {
  let stored;
  try {
    stored = parseOptions(storedHash);
  } catch {
    return true;
  }
  return (
    stored.algorithm !== PARAMETERS.algorithm ||
    stored.version !== PARAMETERS.version ||
    stored.memoryCost !== PARAMETERS.memoryCost ||
    stored.timeCost !== PARAMETERS.timeCost ||
    stored.parallelism !== PARAMETERS.parallelism ||
    stored.outputLen !== PARAMETERS.outputLen ||
    stored.saltLen < MIN_SALT_BYTES
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password that nobody knows, made once with today's parameters. Sign-in checks
 * a password against it when the e-mail is unknown, so that answer takes as long as a wrong
 * password; call it at start-up to keep the first such sign-in from paying for the hash too.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'), PARAMETERS);
  return dummyHash;
}

/** Spends the time of one password check on the dummy hash, and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verify(await dummyPasswordHash(), normalize(password));
  return false;
}

function parses(storedHash: string): boolean {
  try {
    parseOptions(storedHash);
    return true;
  } catch {
    return false;
  }
}
