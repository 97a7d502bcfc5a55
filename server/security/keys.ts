import { createHmac, hkdfSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { type EncryptionKeySettings, readEncryptionKeysFile } from './encryption-keys';
import { DERIVED_KID, type SealingKeySet, SealingKeys } from './seal';

/** What a derived key is for; each purpose gets its own key so one leaking does not expose the others. */
export type KeyPurpose =
  'access-key-hash' | 'reporter-identity' | 'challenge-hmac' | 'indicator-hash' | 'recovery-code-hash' | 'evidence-signing';

/**
 * Keys derived once from the deployment secret with HKDF-SHA256, and the data-encryption keys.
 *
 * The derived keys never change (the access-key and indicator hashes depend on them). Encryption
 * keys are separate and rotatable: the configured ones (`encryption`), plus the key derived for
 * `reporter-identity`, which opens values sealed before keys were configured, under the id `d1`.
 */
export class KeyRing {
  private readonly keys = new Map<KeyPurpose, Buffer>();
  private sealingKeys: SealingKeys | undefined;
  /** The keys file's modification time when it was last read, so an unchanged file is not read again. */
  private keysFileVersion: string | undefined;

  constructor(
    private readonly secret: Buffer,
    private readonly encryption: EncryptionKeySettings | undefined = undefined,
  ) {
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

  /**
   * The data-encryption keys that seal and open reporter identities and TOTP seeds. When the keys
   * come from the keys file (or from nowhere yet), they follow changes to the file: a value naming an
   * unknown key makes them read it again, and so does sealing once 10 seconds have passed, so a
   * running server opens what `qinglang keys rotate` re-encrypted and seals new values with its key.
   */
  get sealing(): SealingKeys {
    if (!this.sealingKeys) {
      const set = this.sealingKeySet(this.encryption?.keys ?? []);
      const file = this.encryption?.source === 'env' ? undefined : this.encryption?.file;
      this.sealingKeys = new SealingKeys(set.currentKid, set.keys, {
        ...(file && { reload: () => this.reloadSealingKeys(file), refreshMs: 10_000 }),
      });
    }
    return this.sealingKeys;
  }

  private sealingKeySet(configured: { kid: string; key: Buffer }[]): SealingKeySet {
    const keys = new Map<string, Buffer>([[DERIVED_KID, this.key('reporter-identity')]]);
    for (const { kid, key } of configured) keys.set(kid, key);
    return { currentKid: configured[0]?.kid ?? DERIVED_KID, keys };
  }

  private reloadSealingKeys(file: string): SealingKeySet | undefined {
    const version = fileVersion(file);
    if (version === undefined || version === this.keysFileVersion) return undefined;
    const problems: string[] = [];
    const keys = readEncryptionKeysFile(file, problems);
    if (problems.length > 0 || keys.length === 0) return undefined;
    this.keysFileVersion = version;
    return this.sealingKeySet(keys);
  }
}

/** Changes whenever the file is replaced or written; the keys file is replaced by a rename, which gives it a new inode. */
function fileVersion(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}
