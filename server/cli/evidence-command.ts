import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../config';
import { BlobStore } from '../blobs/blob-store';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { describeProblem, verifyPackage } from '../modules/evidence/evidence-manifest';
import { deploymentEvidenceService } from '../modules/evidence/evidence.service';
import { readZip, writeZip } from '../modules/evidence/zip';
import { KeyRing } from '../security/keys';
import type { Print } from './keys-command';

/** `qinglang evidence …`: signed evidence packages for law enforcement. */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('Evidence packages for law enforcement: export a case, verify a package');

  evidence
    .command('export')
    .description('Write a case as a signed evidence package (ZIP); the export is audited as the operator')
    .requiredOption('--case <id-or-number>', 'the case id, or its number such as QL-2026-000123')
    .requiredOption('--out <file>', 'where to write the ZIP')
    .action(async (options: { case: string; out: string }) => {
      process.exitCode = await runEvidenceExport(loadConfig(), options, console.log);
    });

  evidence
    .command('verify')
    .description(
      'Check a package: every file against the manifest, nothing added or missing, and the Ed25519 signature; ' +
        'exit 0 when it holds, 1 naming each thing that does not match',
    )
    .argument('<file>', 'the evidence package (.zip)')
    .option('--fingerprint <sha256>', "the signer key's fingerprint the package must carry (GET /api/v1/evidence/public-key)")
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { fingerprint?: string; json?: boolean }) => {
      process.exitCode = await runEvidenceVerify(file, options, console.log);
    });
}

export async function runEvidenceExport(config: Config, options: { case: string; out: string }, print: Print): Promise<number> {
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const found = await handle.db
      .selectFrom('cases')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', options.case), eb('number', '=', options.case.trim().toUpperCase())]))
      .executeTakeFirst();
    if (!found) {
      print(`No case ${options.case}.`);
      return 1;
    }
    const { service, signer } = deploymentEvidenceService({
      ...handle,
      blobs: new BlobStore(config.dataDir),
      keys: new KeyRing(config.secret, config.encryption),
      pdfFont: config.evidence.pdfFont,
    });
    const built = await service.casePackage({ kind: 'system', name: 'cli:evidence-export' }, found.id);
    await pipeline(writeZip(built.entries), createWriteStream(options.out, { mode: 0o600 }));
    print(`Wrote ${options.out}: ${built.manifest.files.length} files, signed by key ${signer.fingerprint}.`);
    return 0;
  } finally {
    await handle.close();
  }
}

export async function runEvidenceVerify(file: string, options: { fingerprint?: string; json?: boolean }, print: Print): Promise<number> {
  let files: Map<string, Buffer>;
  try {
    files = await readZip(await readFile(file));
  } catch (error) {
    const message = `${file} cannot be read as a ZIP: ${(error as Error).message}`;
    print(options.json ? JSON.stringify({ ok: false, problems: [{ kind: 'unreadable', detail: message }] }) : message);
    return 1;
  }
  const result = verifyPackage(files, options.fingerprint ? { expectedFingerprint: options.fingerprint } : {});
  if (options.json) {
    print(
      JSON.stringify({
        ok: result.ok,
        case: result.manifest?.caseNumber ?? null,
        signer: result.manifest?.signer.fingerprint ?? null,
        problems: result.problems,
      }),
    );
  } else if (result.ok) {
    const m = result.manifest!;
    print(`Evidence package intact: case ${m.caseNumber}, ${m.files.length} files, exported ${m.exportedAt}.`);
    print(`Signed by Ed25519 key ${m.signer.fingerprint}${options.fingerprint ? ' (the expected key)' : ''}.`);
    if (m.auditHead) print(`Audit chain head at export: #${m.auditHead.seq} ${m.auditHead.hash}`);
    if (!options.fingerprint) print("Compare the key fingerprint with the deployment's published one (--fingerprint checks it for you).");
  } else {
    print(`Evidence package does NOT verify (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):`);
    for (const problem of result.problems) print(`  - ${describeProblem(problem)}`);
  }
  return result.ok ? 0 : 1;
}
