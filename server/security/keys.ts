import { createHmac, hkdfSync } from 'node:crypto';

/** What a derived key is for; each purpose gets its own key so one leaking does not expose the others. */
export type KeyPurpose = 'access-key-hash' | 'reporter-identity' | 'challenge-hmac' | 'indicator-hash' | 'recovery-code-hash';

/** Keys derived once from the deployment secret with HKDF-SHA256. */
export class KeyRing {
  private readonly keys = new Map<KeyPurpose, Buffer>();

  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('The deployment secret must be at least 32 bytes');
  }

  /** The 32-byte key for one purpose. */
  key(purpose: KeyPurpose): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.secret, Buffer.alloc(0), `qinglang:${purpose}:v1`, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }

  /** HMAC-SHA256 of a value under a purpose's key, hex-encoded; for values only ever matched, never read back. */
  keyedHash(purpose: KeyPurpose, value: string): string {
    return createHmac('sha256', this.key(purpose)).update(value, 'utf8').digest('hex');
  }
}
