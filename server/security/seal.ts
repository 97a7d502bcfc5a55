import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts a JSON value with AES-256-GCM. The output names its format version, carries a fresh
 * 96-bit IV and the authentication tag, and binds `context` (e.g. the record id) as associated data
 * so a sealed value copied onto another record does not open.
 */
export function seal(key: Buffer, value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), Buffer.concat([body, tag]).toString('base64url')].join('.');
}

/** Opens a value sealed by `seal`; throws when the key, context or ciphertext do not match. */
export function unseal<T>(key: Buffer, sealed: string, context: string): T {
  const [version, ivText, payloadText] = sealed.split('.');
  if (version !== VERSION || !ivText || !payloadText) throw new Error('Unknown sealed value format');
  const payload = Buffer.from(payloadText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(payload.subarray(payload.length - 16));
  const text = Buffer.concat([decipher.update(payload.subarray(0, payload.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}
