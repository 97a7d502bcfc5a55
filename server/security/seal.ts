import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The key id given to the key derived from the deployment secret. Values sealed before keys had ids
 * (format `v1`) were all sealed with it.
 */
export const DERIVED_KID = 'd1';

const KID_PATTERN = /^[a-z0-9-]{1,32}$/;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether `kid` can name an encryption key: 1 to 32 of a-z, 0-9 and `-`. */
export function isValidKid(kid: string): boolean {
  return KID_PATTERN.test(kid);
}

/** A sealed value names a key that is not configured here. */
export class MissingKeyError extends Error {
  constructor(readonly kid: string) {
    super(
      `This value was sealed with encryption key "${kid}", which is not configured: add it to QINGLANG_ENCRYPTION_KEYS ` +
        `(or to encryption-keys.json in the data folder) to open it`,
    );
    this.name = 'MissingKeyError';
  }
}

/** A sealed value is malformed, or does not open with its key for this context. */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** The keys as a `reload` answers them: the current key's id and every key by id. */
export interface SealingKeySet {
  currentKid: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface SealingKeysOptions {
  /**
   * Answers the keys afresh, or undefined when they have not changed. Called when a value names a key
   * this set does not hold (another process rotated keys since this one started), and before sealing
   * once `refreshMs` have passed since the last call, so new values follow a rotation soon.
   */
  reload?: () => SealingKeySet | undefined;
  refreshMs?: number;
}

/**
 * Data-encryption keys, each with a short id, one of them current. `seal` encrypts with the current
 * key as `v2.<kid>.<iv>.<ciphertext+tag>` (AES-256-GCM, base64url parts); `unseal` opens any value
 * whose key it holds, including `v1.<iv>.<ciphertext+tag>` values, which were sealed with the
 * derived key `d1`. `context` (e.g. the record id) is bound as associated data, so a sealed value
 * copied onto another record does not open.
 */
export class SealingKeys {
  private set: SealingKeySet;
  private lastReload = Date.now();

  constructor(
    currentKid: string,
    keys: ReadonlyMap<string, Buffer>,
    private readonly options: SealingKeysOptions = {},
  ) {
    this.set = checkedSet({ currentKid, keys });
  }

  /** The id of the key new values are sealed with. */
  get currentKid(): string {
    return this.set.currentKid;
  }

  /** The ids of every key held, the current one first. */
  kids(): string[] {
    return [this.set.currentKid, ...[...this.set.keys.keys()].filter((kid) => kid !== this.set.currentKid)];
  }

  /** Encrypts a JSON value with the current key. */
  seal(value: unknown, context: string): string {
    const { refreshMs } = this.options;
    if (refreshMs !== undefined && Date.now() - this.lastReload >= refreshMs) this.reload();
    const kid = this.set.currentKid;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(kid), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v2', kid, iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join('.');
  }

  /**
   * Opens a value sealed by `seal` (or a `v1` value). Throws `MissingKeyError` naming the key id when
   * that key is not configured, and `SealedValueError` when the value is malformed or does not open
   * for this context.
   */
  unseal<T>(sealed: string, context: string): T {
    const { kid, iv, payload } = parse(sealed);
    if (payload.length <= TAG_BYTES) throw new SealedValueError('Sealed value is too short');
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(kid), iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    let text: string;
    try {
      text = Buffer.concat([decipher.update(payload.subarray(0, payload.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError(
        `Sealed value does not open with key "${kid}" for this context: another record's value, a different key under that id, or altered`,
      );
    }
    return JSON.parse(text) as T;
  }

  /** The id of the key a value was sealed with (`d1` for `v1` values). */
  kidOf(sealed: string): string {
    return parse(sealed).kid;
  }

  /** Whether a value is sealed with the current key, i.e. needs no re-encryption. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.set.currentKid}.`);
  }

  private keyFor(kid: string): Buffer {
    let key = this.set.keys.get(kid);
    if (!key && this.reload()) key = this.set.keys.get(kid);
    if (!key) throw new MissingKeyError(kid);
    return key;
  }

  /** Adopts a fresh set of keys when `reload` answers one; keeps the current set when it fails. */
  private reload(): boolean {
    if (!this.options.reload) return false;
    this.lastReload = Date.now();
    try {
      const fresh = this.options.reload();
      if (!fresh) return false;
      this.set = checkedSet(fresh);
      return true;
    } catch {
      return false;
    }
  }
}

function checkedSet(set: SealingKeySet): SealingKeySet {
  for (const [kid, key] of set.keys) {
    if (!isValidKid(kid)) throw new Error(`Invalid encryption key id "${kid}": use 1 to 32 of a-z, 0-9 and -`);
    if (key.length !== KEY_BYTES) throw new Error(`Encryption key "${kid}" must be ${KEY_BYTES} bytes, not ${key.length}`);
  }
  if (!set.keys.has(set.currentKid)) throw new Error(`The current encryption key "${set.currentKid}" is not among the keys`);
  return { currentKid: set.currentKid, keys: new Map(set.keys) };
}

function parse(sealed: string): { kid: string; iv: Buffer; payload: Buffer } {
  const parts = sealed.split('.');
  let kid: string | undefined;
  let ivText: string | undefined;
  let payloadText: string | undefined;
  if (parts[0] === 'v1' && parts.length === 3) [, ivText, payloadText] = parts;
  else if (parts[0] === 'v2' && parts.length === 4) [, kid, ivText, payloadText] = parts;
  else throw new SealedValueError('Unknown sealed value format');
  kid ??= DERIVED_KID;
  if (!isValidKid(kid) || !ivText || !payloadText) throw new SealedValueError('Unknown sealed value format');
  const iv = Buffer.from(ivText, 'base64url');
  if (iv.length !== IV_BYTES) throw new SealedValueError('Unknown sealed value format');
  return { kid, iv, payload: Buffer.from(payloadText, 'base64url') };
}
