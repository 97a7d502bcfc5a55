import { generate, generateSecret, verify } from 'otplib';

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app expects them: SHA-1, six
 * digits, 30-second steps. A thin wrapper over otplib that keeps its quirks here: it throws on a
 * malformed code or a secret outside 16–64 bytes instead of answering "invalid", counts drift in
 * seconds rather than steps, and leaves colons in the URI label unescaped.
 */

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** Steps of clock drift accepted either side of the current one. */
const TOTP_DRIFT_STEPS = 1;
const SECRET_BYTES = 20;
/** otplib's limits on the decoded secret (RFC 4226 asks for at least 128 bits). */
const MIN_SECRET_BYTES = 16;
const MAX_SECRET_BYTES = 64;
export const DEFAULT_TOTP_ISSUER = '清朗 Qinglang';

/** A new shared secret: 160 random bits (RFC 4226's recommended length), Base32 without padding. */
export function newTotpSecret(): string {
  return generateSecret({ length: SECRET_BYTES });
}

/**
 * Whether a secret is one that {@link verifyTotp} can use: Base32 (either case, `=` padding
 * allowed) of 16 to 64 bytes. Secrets that come back from the client during enrolment are checked
 * with this, so a tampered one is a wrong code rather than a server error.
 */
export function isTotpSecret(secret: string): boolean {
  const base32 = canonicalSecret(secret);
  const bytes = Math.floor((base32.length * 5) / 8);
  return /^[A-Z2-7]+$/.test(base32) && bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
}

function canonicalSecret(secret: string): string {
  return secret.toUpperCase().replace(/=+$/, '');
}

/** Options for {@link totpUri}. */
export interface TotpUriOptions {
  /** The Base32 secret from {@link newTotpSecret}. */
  secret: string;
  /** Who the code is for, shown in the authenticator app; usually the e-mail address. */
  account: string;
  /** The service name shown in the authenticator app. */
  issuer?: string;
}

/**
 * The `otpauth://totp/…` URI to show as a QR code when enrolling. Built here rather than with
 * otplib's `generateURI`, which leaves a colon inside the issuer or account unescaped so the label
 * can no longer be split; spaces are written `%20`, since some apps show a `+` literally.
 */
export function totpUri({ secret, account, issuer = DEFAULT_TOTP_ISSUER }: TotpUriOptions): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params: [string, string][] = [
    ['secret', secret],
    ['issuer', issuer],
    ['algorithm', 'SHA1'],
    ['digits', String(TOTP_DIGITS)],
    ['period', String(TOTP_PERIOD_SECONDS)],
  ];
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `otpauth://totp/${label}?${query}`;
}

/** The 30-second time step (counter) that a moment falls in. */
export function totpStepAt(now: Date): number {
  return Math.floor(epochSeconds(now) / TOTP_PERIOD_SECONDS);
}

/** The code an authenticator app shows at this moment; for tests and demos. */
export async function currentTotp(secret: string, now: Date = new Date()): Promise<string> {
  return generate({ secret: canonicalSecret(secret), epoch: epochSeconds(now), period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS });
}

export type TotpVerification = { ok: true; step: number } | { ok: false };

/**
 * Checks a code typed by the user against the secret, accepting the previous, current and next time
 * step for clock drift. Spaces (and full-width digits from a Chinese input method) are tolerated;
 * anything but six digits, or a secret that fails {@link isTotpSecret}, is simply not ok. On
 * success it returns the matched time step: the caller must store it and refuse a code whose step
 * is not greater than the last one used, so an intercepted code cannot be replayed within its window.
 */
export async function verifyTotp(secret: string, code: string, now: Date = new Date()): Promise<TotpVerification> {
  const token = code.normalize('NFKC').replace(/\s+/gu, '');
  if (!/^[0-9]{6}$/.test(token) || !isTotpSecret(secret)) return { ok: false };
  const result = await verify({
    secret: canonicalSecret(secret),
    token,
    epoch: epochSeconds(now),
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_SECONDS,
  });
  if (!result.valid || !('timeStep' in result)) return { ok: false };
  return { ok: true, step: result.timeStep };
}

function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}
