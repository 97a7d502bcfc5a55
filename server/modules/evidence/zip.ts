import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';

/** A file going into a ZIP: bytes in memory, or a file on disk (evidence blobs) streamed as it is written. */
export type ZipSource = { path: string; content: Buffer } | { path: string; file: string };

/** Fixed time for every entry, so two exports of the same content differ only where the content does. */
const ENTRY_TIME = new Date(Date.UTC(2000, 0, 1));

/** Writes the entries as a ZIP stream; the caller pipes it to a response or a file. */
export function writeZip(entries: readonly ZipSource[]): Readable {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const options = { mtime: ENTRY_TIME, mode: 0o100644, compress: !/\.(zip|jpe?g|png|gif|webp|mp4|pdf)$/i.test(entry.path) };
    if ('content' in entry) zip.addBuffer(entry.content, entry.path, options);
    else zip.addFile(entry.file, entry.path, options);
  }
  zip.end();
  return zip.outputStream as Readable;
}

/** Files larger than this are not read into memory when verifying (an evidence ZIP is not a bomb). */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/** Reads every file of a ZIP into memory, by path. Directory entries are skipped; unsafe names refused. */
export async function readZip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  const files = new Map<string, Buffer>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
          reject(new Error(`${entry.fileName} is larger than ${MAX_ENTRY_BYTES} bytes`));
          return;
        }
        if (files.has(entry.fileName)) {
          reject(new Error(`${entry.fileName} appears twice in the archive`));
          return;
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error) {
            reject(error);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return files;
}
