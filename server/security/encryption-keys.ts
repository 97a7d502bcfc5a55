import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DERIVED_KID, isValidKid } from './seal';

/** One configured data-encryption key. */
export interface EncryptionKey {
  kid: string;
  key: Buffer;
  /** When `qinglang keys rotate` made it; unknown for keys from the environment. */
  createdAt?: string;
}

/** Where the data-encryption keys come from, as `loadConfig` found them. */
export interface EncryptionKeySettings {
  /**
   * `env`: `QINGLANG_ENCRYPTION_KEYS`; `file`: the keys file in the data folder; `derived`: neither,
   * so the key derived from the secret (`d1`) is the only one.
   */
  source: 'env' | 'file' | 'derived';
  /** The configured keys, the current one first; the derived key `d1` is always available besides them. */
  keys: EncryptionKey[];
  /** Where the keys file is (or would be). */
  file: string;
}

/** The keys file's name in the data folder. */
export const ENCRYPTION_KEYS_FILE = 'encryption-keys.json';

const ENV_NAME = 'QINGLANG_ENCRYPTION_KEYS';
const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Finds the data-encryption keys: `QINGLANG_ENCRYPTION_KEYS` when set, else the keys file in the data
 * folder when it exists, else none besides the derived key. Problems are added to `problems`; key
 * material never appears in them.
 */
export function loadEncryptionKeys(raw: string | undefined, dataDir: string, problems: string[]): EncryptionKeySettings {
  const file = path.join(dataDir, ENCRYPTION_KEYS_FILE);
  if (raw !== undefined && raw.trim() !== '') return { source: 'env', keys: parseEncryptionKeyList(raw, problems), file };
  if (existsSync(file)) return { source: 'file', keys: readEncryptionKeysFile(file, problems), file };
  return { source: 'derived', keys: [], file };
}

/** Parses `kid:base64key,kid:base64key,…` (the first is current). */
export function parseEncryptionKeyList(raw: string, problems: string[]): EncryptionKey[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const keys: EncryptionKey[] = [];
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${ENV_NAME}: entry ${index + 1} must be kid:base64key (e.g. k1:$(openssl rand -base64 32))`);
      return;
    }
    const key = checkedKey(entry.slice(0, colon).trim(), entry.slice(colon + 1).trim(), `${ENV_NAME}: entry ${index + 1}`, problems);
    if (key) keys.push(key);
  });
  if (entries.length === 0) problems.push(`${ENV_NAME} is set but names no key`);
  checkDuplicates(keys, ENV_NAME, problems);
  return keys;
}

/** Reads the keys file: `{"keys":[{"kid","key","createdAt"}…]}`, the current key first. */
export function readEncryptionKeysFile(file: string, problems: string[]): EncryptionKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
  const list = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push(`${file} must hold {"keys":[{"kid":…,"key":…}]} with at least one key`);
    return [];
  }
  const keys: EncryptionKey[] = [];
  list.forEach((item: unknown, index) => {
    const { kid, key, createdAt } = (item ?? {}) as { kid?: unknown; key?: unknown; createdAt?: unknown };
    if (typeof kid !== 'string' || typeof key !== 'string') {
      problems.push(`${file}: key ${index + 1} must have a string "kid" and a string "key"`);
      return;
    }
    const checked = checkedKey(kid, key, `${file}: key ${index + 1}`, problems);
    if (checked) keys.push({ ...checked, ...(typeof createdAt === 'string' && { createdAt }) });
  });
  checkDuplicates(keys, file, problems);
  return keys;
}

/**
 * Writes the keys file atomically with mode 0600: a temporary file next to it, flushed, then renamed
 * over it, so a crash leaves either the old file or the new one, never half of one.
 */
export function writeEncryptionKeysFile(file: string, keys: EncryptionKey[]): void {
  const text = `${JSON.stringify(
    {
      keys: keys.map((k) => ({ kid: k.kid, key: k.key.toString('base64'), ...(k.createdAt && { createdAt: k.createdAt }) })),
    },
    null,
    2,
  )}\n`;
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  // The rename itself is durable once the folder is flushed; not every platform lets a folder be opened.
  try {
    const dir = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // best effort
  }
}

/** A fresh key with an id made of the date and a random suffix, e.g. `k20261201-3fa9c2`. */
export function newEncryptionKey(now: Date = new Date()): EncryptionKey {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return { kid: `k${day}-${randomBytes(3).toString('hex')}`, key: randomBytes(KEY_BYTES), createdAt: now.toISOString() };
}

function checkedKey(kid: string, keyText: string, where: string, problems: string[]): EncryptionKey | undefined {
  let ok = true;
  // An invalid id is not echoed: it may be key material pasted into the wrong place.
  if (!isValidKid(kid)) {
    problems.push(`${where}: the key id must be 1 to 32 characters of a-z, 0-9 and -`);
    ok = false;
  } else if (kid === DERIVED_KID) {
    problems.push(`${where}: the key id "${DERIVED_KID}" is reserved for the key derived from the secret; choose another id`);
    ok = false;
  }
  // Node's base64 decoder takes the URL-safe alphabet too.
  const key = BASE64.test(keyText) ? Buffer.from(keyText, 'base64') : null;
  if (!key || key.length !== KEY_BYTES) {
    problems.push(
      `${where}: the key${isValidKid(kid) ? ` "${kid}"` : ''} must be ${KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)` +
        (key ? `, not ${key.length} bytes` : ''),
    );
    ok = false;
  }
  return ok && key ? { kid, key } : undefined;
}

function checkDuplicates(keys: EncryptionKey[], where: string, problems: string[]): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const { kid } of keys) {
    if (seen.has(kid) && !reported.has(kid)) {
      problems.push(`${where}: the key id "${kid}" appears more than once`);
      reported.add(kid);
    }
    seen.add(kid);
  }
}
