import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, SIGNATURE_PATH, evidenceSigningKey, sealPackage, sha256Hex, verifyPackage } from './evidence-manifest';
import { readZip, writeZip } from './zip';

const key = evidenceSigningKey(Buffer.alloc(32, 7));
const otherKey = evidenceSigningKey(Buffer.alloc(32, 9));

function build(files: Record<string, string>, signer = key) {
  const list = Object.entries(files).map(([path, text]) => ({ path, content: Buffer.from(text, 'utf8') }));
  const sealed = sealPackage(
    {
      caseId: 'c1',
      caseNumber: 'QL-2026-000001',
      exportedAt: '2026-11-28T00:00:00.000Z',
      exportedBy: { actorType: 'system', actorId: 'test', orgId: null },
      auditHead: { seq: 3, hash: 'a'.repeat(64) },
    },
    list.map((f) => ({ path: f.path, sha256: sha256Hex(f.content), size: f.content.length })),
    signer,
  );
  return new Map<string, Buffer>([
    [MANIFEST_PATH, sealed.manifestFile.content],
    [SIGNATURE_PATH, sealed.signatureFile.content],
    ...list.map((f) => [f.path, f.content] as [string, Buffer]),
  ]);
}

const FILES = { 'case.json': '{"number":"QL-2026-000001"}', 'evidence/A/01-截图.png': 'png bytes', 'summary.pdf': '%PDF-1.3' };

describe('evidence package manifest and signature', () => {
  it('verifies a package as sealed, and derives the same key from the same seed', () => {
    const result = verifyPackage(build(FILES));
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.manifest?.files.map((f) => f.path)).toEqual(['case.json', 'evidence/A/01-截图.png', 'summary.pdf']);
    expect(evidenceSigningKey(Buffer.alloc(32, 7)).publicKey.export({ format: 'der', type: 'spki' })).toEqual(
      key.publicKey.export({ format: 'der', type: 'spki' }),
    );
  });

  it('names a changed, a missing and an added file', () => {
    const files = build(FILES);
    files.set('case.json', Buffer.from('{"number":"QL-2026-000002"}'));
    files.delete('summary.pdf');
    files.set('evidence/A/02-extra.png', Buffer.from('slipped in'));
    const result = verifyPackage(files);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'changed_file', path: 'case.json' }),
        { kind: 'missing_file', path: 'summary.pdf' },
        { kind: 'unlisted_file', path: 'evidence/A/02-extra.png' },
      ]),
    );
    expect(result.problems).toHaveLength(3);
  });

  it('refuses an edited manifest (a file re-hashed to match a change) and a missing signature', () => {
    const files = build(FILES);
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!.toString('utf8'));
    const forged = Buffer.from('{"number":"forged"}');
    manifest.files[0].sha256 = sha256Hex(forged);
    manifest.files[0].size = forged.length;
    files.set('case.json', forged);
    files.set(MANIFEST_PATH, Buffer.from(JSON.stringify(manifest)));
    expect(verifyPackage(files).problems).toEqual([{ kind: 'bad_signature' }]);
    files.delete(SIGNATURE_PATH);
    expect(verifyPackage(files).problems).toEqual([{ kind: 'missing_signature' }]);
  });

  it('refuses a package re-signed by another key when the expected fingerprint is given', () => {
    const files = build(FILES, otherKey);
    expect(verifyPackage(files).ok).toBe(true);
    const expected = sha256Hex(key.publicKey.export({ format: 'der', type: 'spki' }));
    const result = verifyPackage(files, { expectedFingerprint: expected });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'unexpected_signer', expected })]);
  });

  it('refuses reserved or repeated paths when sealing, and says what is wrong with a manifest it cannot read', () => {
    expect(() => sealPackage({} as never, [{ path: MANIFEST_PATH, sha256: '', size: 0 }], key)).toThrow(/Reserved/);
    expect(() =>
      sealPackage(
        {} as never,
        [
          { path: 'a', sha256: '', size: 0 },
          { path: 'a', sha256: '', size: 0 },
        ],
        key,
      ),
    ).toThrow(/Duplicate/);
    expect(verifyPackage(new Map([[MANIFEST_PATH, Buffer.from('{')]])).problems[0]).toMatchObject({ kind: 'malformed_manifest' });
    expect(verifyPackage(new Map()).problems).toEqual([{ kind: 'missing_manifest' }]);
  });

  it('round-trips through a ZIP with Chinese names and binary content intact', async () => {
    const binary = randomBytes(64 * 1024);
    const files = build(FILES);
    files.set('evidence/A/01-截图.png', binary);
    const zipped: Buffer[] = [];
    for await (const chunk of writeZip([...files].map(([path, content]) => ({ path, content })))) zipped.push(chunk as Buffer);
    const read = await readZip(Buffer.concat(zipped));
    expect([...read.keys()].sort()).toEqual([...files.keys()].sort());
    expect(read.get('evidence/A/01-截图.png')).toEqual(binary);
    expect(verifyPackage(read).problems).toEqual([expect.objectContaining({ kind: 'changed_file', path: 'evidence/A/01-截图.png' })]);
  });
});
