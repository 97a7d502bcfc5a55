import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { type EncryptionKey, newEncryptionKey, readEncryptionKeysFile, writeEncryptionKeysFile } from '../security/encryption-keys';
import { KeyRing } from '../security/keys';
import { type ColumnRotation, RotationError, type SealedValueStatus, rotateSealedValues, sealedValueStatus } from '../security/rotate-keys';
import { DERIVED_KID } from '../security/seal';

/** Where a keys command writes its lines. */
export type Print = (line: string) => void;

/**
 * How long a running server may go on sealing with the key that was current before a rotation: it
 * looks at the keys file again at most every 10 seconds. A key is only retired once it has not been
 * current for longer than this.
 */
const SWITCH_OVER_MS = 30_000;

/** `qinglang keys …`: the data-encryption keys that seal reporter identities and TOTP seeds. */
export function registerKeysCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('Data-encryption keys (reporter identities, TOTP seeds): which keys values are under, and rotation');

  keys
    .command('status')
    .description('Count the sealed values of every sealed column by the key they are under; exit 1 when some are under keys not configured')
    .option('--json', 'print the counts as JSON')
    .action(async (options: { json?: boolean }) => {
      process.exitCode = await runKeysStatus(loadConfig(), { json: options.json === true }, console.log);
    });

  keys
    .command('rotate')
    .description(
      'Re-encrypt every sealed value under a new key. With QINGLANG_ENCRYPTION_KEYS set, its first key is the new key; ' +
        'otherwise a key is generated and written first into encryption-keys.json in the data folder, keeping the older keys. ' +
        'Safe to interrupt: run again (with --resume) to finish.',
    )
    .option('--resume', 'do not generate a key: re-encrypt what is not yet under the current key (finishes an interrupted rotation)')
    .option('--retire', 'afterwards, drop keys no value uses any more from encryption-keys.json (back up the file first)')
    .option('--batch-size <rows>', 'rows re-encrypted per transaction and audit event', '500')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { resume?: boolean; retire?: boolean; batchSize: string; json?: boolean }) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
        throw new Error(`--batch-size must be a whole number from 1 to 100000 (got "${options.batchSize}")`);
      process.exitCode = await runKeysRotate(
        loadConfig(),
        { resume: options.resume === true, retire: options.retire === true, batchSize, json: options.json === true },
        console.log,
      );
    });
}

/** `qinglang keys status`. Answers the exit code: 1 when some values are under keys not configured, or in no known format. */
export async function runKeysStatus(config: Config, options: { json: boolean }, print: Print): Promise<number> {
  const ring = new KeyRing(config.secret, config.encryption);
  const handle = openDatabase(config.database);
  try {
    const status = await sealedValueStatus(handle.db, ring.sealing);
    const unreadable = status.missingKids.length > 0 || status.columns.some((c) => (c.byKid['?'] ?? 0) > 0);
    if (options.json) {
      print(JSON.stringify({ source: config.encryption.source, ...status, notCurrent: notCurrent(status) }));
    } else {
      print(`Current key: ${status.currentKid} (${describeSource(config)})`);
      print(`Configured keys: ${status.configuredKids.join(', ')}`);
      for (const line of statusLines(status)) print(line);
      const pending = notCurrent(status);
      print(
        pending > 0
          ? `${pending} values are not under the current key: run \`qinglang keys rotate --resume\`.`
          : 'Every value is under the current key.',
      );
      if (status.missingKids.length > 0)
        print(`Values are under keys that are not configured, and cannot be opened: ${status.missingKids.join(', ')}.`);
    }
    return unreadable ? 1 : 0;
  } finally {
    await handle.close();
  }
}

/** Options of `qinglang keys rotate`. */
export interface KeysRotateOptions {
  /** Re-encrypt to the current key without generating a new one. */
  resume: boolean;
  /** Drop keys no value uses from the keys file afterwards. */
  retire: boolean;
  batchSize: number;
  json: boolean;
  /** How long a key must have been superseded before `retire` drops it; tests shorten it. */
  switchOverMs?: number;
  /** Waits; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `qinglang keys rotate`. Writes a new key to the keys file first (unless the keys come from
 * `QINGLANG_ENCRYPTION_KEYS` or `resume` is set), so the file always holds every key a value may be
 * under, then re-encrypts batch by batch. Answers the exit code.
 */
export async function runKeysRotate(config: Config, options: KeysRotateOptions, print: Print): Promise<number> {
  const say = (line: string) => {
    if (!options.json) print(line);
  };
  const switchOverMs = options.switchOverMs ?? SWITCH_OVER_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const fromEnv = config.encryption.source === 'env';
  let fileKeys = config.encryption.keys;
  let created: EncryptionKey | null = null;

  if (!fromEnv && !options.resume) {
    created = newEncryptionKey();
    while (fileKeys.some((k) => k.kid === created!.kid)) created = newEncryptionKey();
    fileKeys = [created, ...fileKeys];
    mkdirSync(path.dirname(config.encryption.file), { recursive: true });
    writeEncryptionKeysFile(config.encryption.file, fileKeys);
    say(
      `Generated key ${created.kid} and wrote it, with ${fileKeys.length - 1} older key(s), to ${config.encryption.file}. Back this file up.`,
    );
  }
  const encryption = fromEnv ? config.encryption : { ...config.encryption, source: 'file' as const, keys: fileKeys };
  const ring = new KeyRing(config.secret, encryption);
  const sealing = ring.sealing;
  say(
    `Re-encrypting to key ${sealing.currentKid} (${fromEnv ? 'the first key of QINGLANG_ENCRYPTION_KEYS' : fileKeys.length > 0 ? config.encryption.file : 'derived from the secret'}).`,
  );

  const handle = openDatabase(config.database);
  try {
    let rotated: ColumnRotation[];
    const rotate = async () =>
      (
        await rotateSealedValues(handle.db, handle.dialect, sealing, {
          batchSize: options.batchSize,
          onProgress: ({ column, rewritten, pending }) => say(`  ${column}: ${rewritten} re-encrypted, ${pending} left`),
        })
      ).columns;
    try {
      rotated = await rotate();
      if (created && options.retire) {
        // Servers may go on sealing with the previous key until they notice the new file: wait, then catch those values.
        say(`Waiting ${Math.round(switchOverMs / 1000)} s for running servers to switch to the new key…`);
        await sleep(switchOverMs);
        rotated = mergeRotations(rotated, await rotate());
      }
    } catch (error) {
      if (!(error instanceof RotationError)) throw error;
      print(`${error.message}`);
      print(
        'Nothing of that batch was written; earlier batches were. Configure the missing key or repair that row, then run `qinglang keys rotate --resume`.',
      );
      return 1;
    }
    for (const r of rotated)
      say(
        `${r.column}: ${r.absent ? 'no such column in this database' : `${r.rewritten} value(s) re-encrypted in ${r.batches} batch(es)`}`,
      );
    const changed = rotated.reduce((n, r) => n + r.changedMeanwhile, 0);
    if (changed > 0)
      say(`${changed} value(s) changed while being rotated and were left as they are: run \`qinglang keys rotate --resume\` again.`);

    const status = await sealedValueStatus(handle.db, sealing);
    const retirement = options.retire ? retire(config, encryption.keys, status, switchOverMs, fromEnv) : null;
    if (retirement) for (const line of retirement.lines) say(line);
    if (fromEnv) say('Running servers must have the same QINGLANG_ENCRYPTION_KEYS, with this key first, to seal new values with it.');
    if (options.json)
      print(
        JSON.stringify({
          toKid: sealing.currentKid,
          generated: created?.kid ?? null,
          columns: rotated,
          notCurrent: notCurrent(status),
          retired: retirement?.retired ?? [],
        }),
      );
    return 0;
  } finally {
    await handle.close();
  }
}

/** Drops superseded keys no value uses from the keys file; with keys from the environment, only says which could go. */
function retire(
  config: Config,
  keys: EncryptionKey[],
  status: SealedValueStatus,
  switchOverMs: number,
  fromEnv: boolean,
): { retired: string[]; lines: string[] } {
  const inUse = new Set(status.columns.flatMap((c) => Object.keys(c.byKid)));
  const lines: string[] = [];
  const unused = keys.slice(1).filter((k) => !inUse.has(k.kid));
  if (fromEnv) {
    if (unused.length > 0)
      lines.push(`No value is under ${unused.map((k) => k.kid).join(', ')} any more: they may be removed from QINGLANG_ENCRYPTION_KEYS.`);
    return { retired: [], lines };
  }
  // A key stopped being current when the key before it in the file was made.
  const supersededAt = (kid: string) => keys[keys.findIndex((k) => k.kid === kid) - 1]?.createdAt;
  const retired = unused.filter((k) => {
    const at = supersededAt(k.kid);
    const recent = at !== undefined && Date.now() - Date.parse(at) < switchOverMs;
    if (recent) lines.push(`Kept ${k.kid}: it was current until moments ago; run \`qinglang keys rotate --resume --retire\` later.`);
    return !recent;
  });
  if (retired.length > 0) {
    // Read the file again so a key added meanwhile by another run is not lost.
    const problems: string[] = [];
    const current = readEncryptionKeysFile(config.encryption.file, problems);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const drop = new Set(retired.map((k) => k.kid));
    writeEncryptionKeysFile(
      config.encryption.file,
      current.filter((k) => !drop.has(k.kid)),
    );
    lines.push(`Retired ${[...drop].join(', ')}: removed from ${config.encryption.file}.`);
  } else if (lines.length === 0) {
    lines.push('No key to retire.');
  }
  lines.push(`The key ${DERIVED_KID} is derived from the secret and always available.`);
  return { retired: retired.map((k) => k.kid), lines };
}

function mergeRotations(first: ColumnRotation[], second: ColumnRotation[]): ColumnRotation[] {
  return first.map((r, i) => {
    const s = second[i]!;
    return { ...r, rewritten: r.rewritten + s.rewritten, batches: r.batches + s.batches, changedMeanwhile: s.changedMeanwhile };
  });
}

function notCurrent(status: SealedValueStatus): number {
  return status.columns.reduce((n, c) => n + c.total - (c.byKid[status.currentKid] ?? 0), 0);
}

function statusLines(status: SealedValueStatus): string[] {
  return status.columns.map((c) => {
    if (c.absent) return `${c.column}: no such column in this database`;
    const kids = Object.entries(c.byKid)
      .sort(([a], [b]) => (a === status.currentKid ? -1 : b === status.currentKid ? 1 : a.localeCompare(b)))
      .map(([kid, n]) => `${kid} ${n}`);
    return `${c.column}: ${c.total} sealed${kids.length > 0 ? ` (${kids.join(', ')})` : ''}`;
  });
}

function describeSource(config: Config): string {
  switch (config.encryption.source) {
    case 'env':
      return 'QINGLANG_ENCRYPTION_KEYS';
    case 'file':
      return config.encryption.file;
    case 'derived':
      return 'derived from the secret; no keys configured yet';
  }
}
