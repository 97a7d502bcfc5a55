import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../audit/audit-chain';

/**
 * The format of an evidence package: a ZIP whose `manifest.json` lists every other file with its
 * SHA-256 and size, and whose `manifest.sig` is an Ed25519 signature over the manifest's exact bytes
 * by the deployment's evidence key. Anyone holding the package and the deployment's public key can
 * check that nothing was added, removed or changed since export.
 */
export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.sig';
export const PACKAGE_FORMAT = 'qinglang-evidence-package/1';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface EvidenceManifest {
  format: typeof PACKAGE_FORMAT;
  caseId: string;
  caseNumber: string;
  exportedAt: string;
  /** Who exported it: a user id with their organization, or the operator's command line. */
  exportedBy: { actorType: string; actorId: string | null; orgId: string | null };
  /** The audit chain's head when the package was made: anchors the log outside the database. */
  auditHead: { seq: number; hash: string } | null;
  /** The Ed25519 public key that signed the manifest, SPKI DER in base64, and its SHA-256 fingerprint. */
  signer: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string };
  files: ManifestFile[];
}

export interface PackageFile {
  path: string;
  content: Buffer;
}

// PKCS#8 prefix for a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The deployment's signing key pair from a 32-byte seed (derived from the deployment secret). */
export function evidenceSigningKey(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  if (seed.length !== 32) throw new Error('An Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function publicKeyDescription(publicKey: KeyObject): EvidenceManifest['signer'] {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { algorithm: 'Ed25519', publicKey: der.toString('base64'), fingerprint: sha256Hex(der) };
}

export function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The manifest's bytes: canonical JSON, so the same content always signs the same way. */
export function manifestBytes(manifest: EvidenceManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/** Lists the files with their hashes and signs the manifest; returns the two files to add. */
export function sealPackage(
  header: Omit<EvidenceManifest, 'files' | 'signer' | 'format'>,
  files: readonly ManifestFile[],
  key: { privateKey: KeyObject; publicKey: KeyObject },
): { manifest: EvidenceManifest; manifestFile: PackageFile; signatureFile: PackageFile } {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.path === MANIFEST_PATH || file.path === SIGNATURE_PATH) throw new Error(`Reserved path: ${file.path}`);
    if (paths.has(file.path)) throw new Error(`Duplicate path: ${file.path}`);
    paths.add(file.path);
  }
  const manifest: EvidenceManifest = {
    format: PACKAGE_FORMAT,
    ...header,
    signer: publicKeyDescription(key.publicKey),
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  const bytes = manifestBytes(manifest);
  const signature = sign(null, bytes, key.privateKey);
  return {
    manifest,
    manifestFile: { path: MANIFEST_PATH, content: bytes },
    signatureFile: { path: SIGNATURE_PATH, content: Buffer.from(signature.toString('base64') + '\n', 'utf8') },
  };
}

/** One finding of a verification; `ok` only when there are none. */
export type VerificationProblem =
  | { kind: 'missing_manifest' }
  | { kind: 'malformed_manifest'; detail: string }
  | { kind: 'missing_signature' }
  | { kind: 'bad_signature' }
  | { kind: 'unexpected_signer'; fingerprint: string; expected: string }
  | { kind: 'missing_file'; path: string }
  | { kind: 'changed_file'; path: string; expected: string; actual: string }
  | { kind: 'unlisted_file'; path: string };

export interface VerificationResult {
  ok: boolean;
  manifest: EvidenceManifest | null;
  problems: VerificationProblem[];
}

/**
 * Checks a package's files against its manifest and the manifest against its signature. With
 * `expectedFingerprint` the signer must be that key; without it the package only proves it is
 * unchanged since whoever holds the key in the manifest signed it, so callers should compare the
 * fingerprint with the deployment's published one.
 */
export function verifyPackage(files: ReadonlyMap<string, Buffer>, options: { expectedFingerprint?: string } = {}): VerificationResult {
  const problems: VerificationProblem[] = [];
  const manifestBuffer = files.get(MANIFEST_PATH);
  if (!manifestBuffer) return { ok: false, manifest: null, problems: [{ kind: 'missing_manifest' }] };
  let manifest: EvidenceManifest;
  try {
    manifest = parseManifest(manifestBuffer);
  } catch (error) {
    return { ok: false, manifest: null, problems: [{ kind: 'malformed_manifest', detail: (error as Error).message }] };
  }

  const signatureBuffer = files.get(SIGNATURE_PATH);
  if (!signatureBuffer) problems.push({ kind: 'missing_signature' });
  else {
    let valid = false;
    try {
      const publicKey = createPublicKey({ key: Buffer.from(manifest.signer.publicKey, 'base64'), format: 'der', type: 'spki' });
      valid = verify(null, manifestBuffer, publicKey, Buffer.from(signatureBuffer.toString('utf8').trim(), 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) problems.push({ kind: 'bad_signature' });
  }
  const fingerprint = sha256Hex(Buffer.from(manifest.signer.publicKey, 'base64'));
  if (fingerprint !== manifest.signer.fingerprint) problems.push({ kind: 'bad_signature' });
  if (options.expectedFingerprint && options.expectedFingerprint.toLowerCase() !== fingerprint)
    problems.push({ kind: 'unexpected_signer', fingerprint, expected: options.expectedFingerprint });

  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const content = files.get(entry.path);
    if (!content) {
      problems.push({ kind: 'missing_file', path: entry.path });
      continue;
    }
    const actual = sha256Hex(content);
    if (actual !== entry.sha256 || content.length !== entry.size)
      problems.push({ kind: 'changed_file', path: entry.path, expected: entry.sha256, actual });
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_PATH && path !== SIGNATURE_PATH && !listed.has(path)) problems.push({ kind: 'unlisted_file', path });
  }
  return { ok: problems.length === 0, manifest, problems };
}

function parseManifest(buffer: Buffer): EvidenceManifest {
  const value = JSON.parse(buffer.toString('utf8')) as Partial<EvidenceManifest>;
  if (value.format !== PACKAGE_FORMAT) throw new Error(`not a ${PACKAGE_FORMAT} manifest`);
  if (!Array.isArray(value.files)) throw new Error('no file list');
  if (!value.signer || typeof value.signer.publicKey !== 'string') throw new Error('no signer');
  for (const file of value.files) {
    if (typeof file?.path !== 'string' || typeof file.sha256 !== 'string' || typeof file.size !== 'number')
      throw new Error('a file entry lacks path, sha256 or size');
  }
  return value as EvidenceManifest;
}

/** A problem in words, for the command line. */
export function describeProblem(problem: VerificationProblem): string {
  switch (problem.kind) {
    case 'missing_manifest':
      return `${MANIFEST_PATH} is missing: not an evidence package`;
    case 'malformed_manifest':
      return `${MANIFEST_PATH} cannot be read: ${problem.detail}`;
    case 'missing_signature':
      return `${SIGNATURE_PATH} is missing: the manifest is not signed`;
    case 'bad_signature':
      return 'the signature does not match the manifest: the manifest was changed or signed by another key';
    case 'unexpected_signer':
      return `signed by key ${problem.fingerprint}, not the expected ${problem.expected}`;
    case 'missing_file':
      return `${problem.path}: listed in the manifest but missing`;
    case 'changed_file':
      return `${problem.path}: changed (SHA-256 ${problem.actual}, manifest says ${problem.expected})`;
    case 'unlisted_file':
      return `${problem.path}: not listed in the manifest (added after signing)`;
  }
}
