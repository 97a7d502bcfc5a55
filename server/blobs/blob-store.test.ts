import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobStore } from './blob-store';

const dirs: string[] = [];
function store(): { blobs: BlobStore; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'qinglang-blobs-'));
  dirs.push(root);
  return { blobs: new BlobStore(root), root };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('BlobStore', () => {
  it('stores a file under its SHA-256, once however often it is sent', async () => {
    const { blobs, root } = store();
    const content = Buffer.from('证据 evidence '.repeat(1000));
    const sha = createHash('sha256').update(content).digest('hex');
    const first = await blobs.stage(Readable.from([content.subarray(0, 100), content.subarray(100)]));
    expect(first).toMatchObject({ sha256: sha, size: content.length });
    const second = await blobs.stage(Readable.from([content]));
    await blobs.commit(first);
    await blobs.commit(second);
    expect(readFileSync(blobs.pathOf(sha))).toEqual(content);
    expect(readdirSync(path.join(root, 'blobs', 'staging'))).toEqual([]);
  });

  it('discards a staged file without keeping anything', async () => {
    const { blobs } = store();
    const staged = await blobs.stage(Readable.from([Buffer.from('x')]));
    await blobs.discard(staged);
    expect(existsSync(staged.tempPath)).toBe(false);
    expect(await blobs.has(staged.sha256)).toBe(false);
  });

  it('sweeps only staged files older than the cut-off', async () => {
    const { blobs } = store();
    const old = await blobs.stage(Readable.from([Buffer.from('old')]));
    const fresh = await blobs.stage(Readable.from([Buffer.from('fresh')]));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old.tempPath, twoHoursAgo, twoHoursAgo);
    expect(await blobs.sweepStaging()).toBe(1);
    expect(existsSync(old.tempPath)).toBe(false);
    expect(existsSync(fresh.tempPath)).toBe(true);
  });

  it('refuses a path that is not a SHA-256 digest', () => {
    const { blobs } = store();
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow();
  });
});
