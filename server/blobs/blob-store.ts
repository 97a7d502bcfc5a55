import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file received into the staging area, hashed while it streamed in. */
export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/**
 * Evidence files stored by their SHA-256 in a local folder: one copy however often a file is sent,
 * and the name proves the content. Files stream to a staging folder first and are only moved into
 * place once accepted.
 */
export class BlobStore {
  private readonly blobDir: string;
  private readonly stagingDir: string;

  constructor(root: string) {
    this.blobDir = path.join(root, 'blobs', 'sha256');
    this.stagingDir = path.join(root, 'blobs', 'staging');
  }

  /** Streams a file to staging, hashing as it goes. The caller must `commit` or `discard` it. */
  async stage(source: Readable): Promise<StagedFile> {
    await mkdir(this.stagingDir, { recursive: true });
    const tempPath = path.join(this.stagingDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(tempPath, { mode: 0o600 }));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), size };
  }

  /** Moves a staged file to its content address; a file already there is kept and the copy dropped. */
  async commit(file: StagedFile): Promise<string> {
    const target = this.pathOf(file.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    if (await exists(target)) {
      await rm(file.tempPath, { force: true });
    } else {
      await rename(file.tempPath, target);
    }
    return target;
  }

  async discard(file: StagedFile): Promise<void> {
    await rm(file.tempPath, { force: true });
  }

  /**
   * Removes staged files left behind by a process that stopped mid-upload. Uploads in flight are
   * younger than `olderThanMs`, so several instances sharing the folder do not remove each other's.
   */
  async sweepStaging(olderThanMs = 60 * 60 * 1000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.stagingDir);
    } catch {
      return 0;
    }
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.stagingDir, name);
      try {
        if ((await stat(file)).mtimeMs < cutoff) {
          await rm(file, { force: true });
          removed++;
        }
      } catch {
        // Gone already (moved into place or removed by another instance).
      }
    }
    return removed;
  }

  /** Where a blob lives: `blobs/sha256/ab/cd/abcd…`. */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('Not a SHA-256 hex digest');
    return path.join(this.blobDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
