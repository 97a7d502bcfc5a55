import { createHash, timingSafeEqual } from 'node:crypto';
import { secureRandomBytes } from '../lib/random';

/** A fresh unguessable token (256 bits by default), base64url-encoded. */
export function newSecretToken(bytes = 32): string {
  return secureRandomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 of a high-entropy token, hex-encoded. Tokens are random, so a plain hash cannot be
 * reversed by guessing; only the hash is stored, and a database leak gives no usable session.
 */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two strings in constant time (for their common length). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
