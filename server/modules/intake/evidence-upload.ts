import { open } from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import type { BlobStore, StagedFile } from '../../blobs/blob-store';
import { type FieldProblem, ProblemError } from '../../http/problem';
import type { AcceptedEvidence } from './reports.service';

/** Kinds of evidence accepted, by the type detected from the content (never the name). */
export const ALLOWED_EVIDENCE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/bmp',
  'image/tiff',
  'application/pdf',
  'text/plain',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/aac',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/x-wav',
  'audio/webm',
  'audio/amr',
  'audio/flac',
  'audio/x-flac',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'video/3gpp',
  'video/3gpp2',
  'video/x-msvideo',
  'video/mpeg',
  'application/zip',
] as const;

const ALLOWED = new Set<string>(ALLOWED_EVIDENCE_TYPES);

/**
 * The media type of a file from its first bytes; plain UTF-8 text (chat logs, copied posts) is
 * recognized when no binary signature matches. Null when it is neither.
 */
export async function detectEvidenceType(filePath: string): Promise<string | null> {
  const detected = await fileTypeFromFile(filePath);
  if (detected) return detected.mime;
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return looksLikeText(buffer.subarray(0, bytesRead)) ? 'text/plain' : null;
  } finally {
    await handle.close();
  }
}

function looksLikeText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let sample = bytes;
  // A multi-byte character may be cut at the end of the sample; drop up to three trailing bytes.
  for (let trim = 0; trim <= 3 && sample.length > 0; trim++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
      // Control characters other than tab, newline, carriage return and form feed mean binary.
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
    } catch {
      sample = sample.subarray(0, sample.length - 1);
    }
  }
  return false;
}

// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g;

/** A file name safe to store and show: no path, no control characters, bounded length. */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(CONTROL_CHARACTERS, '').trim().slice(0, 200);
  return cleaned || 'evidence';
}

/** What a multipart report submission carried, before the report part is validated. */
export interface MultipartReport {
  report: unknown;
  /** Moves the checked files to their content addresses; call once the report is otherwise accepted. */
  keepEvidence(): Promise<AcceptedEvidence[]>;
  /** Removes the staged files; call when the submission is refused. */
  discardEvidence(): Promise<void>;
}

/**
 * Reads a multipart submission: a `report` field holding the JSON body and up to `maxFiles` parts
 * named `evidence`. Each file streams to staging while hashed, its type is detected from content and
 * checked against the allow-list. Nothing is kept until the caller says so: on a refusal here every
 * staged file is removed, and the caller keeps or discards the files once it has judged the rest.
 */
export async function readMultipartReport(
  request: FastifyRequest,
  blobs: BlobStore,
  limits: { maxFiles: number; maxFileBytes: number },
): Promise<MultipartReport> {
  const staged: { file: StagedFile; fileName: string }[] = [];
  let reportText: string | undefined;
  const problems: FieldProblem[] = [];
  try {
    for await (const part of request.parts({
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 5, fieldSize: 256 * 1024, parts: limits.maxFiles + 5 },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'evidence') {
          part.file.resume();
          problems.push({ field: part.fieldname, key: 'unknownPart', params: { name: part.fieldname } });
          continue;
        }
        const fileName = safeFileName(part.filename);
        const file = await blobs.stage(part.file);
        staged.push({ file, fileName });
        if (part.file.truncated) {
          throw new ProblemError('payload_too_large', {
            fields: [
              { field: 'evidence', key: 'fileTooLarge', params: { name: fileName, limit: Math.round(limits.maxFileBytes / 1024 / 1024) } },
            ],
          });
        }
      } else if (part.fieldname === 'report') {
        reportText = String(part.value);
      } else {
        problems.push({ field: part.fieldname, key: 'unknownPart', params: { name: part.fieldname } });
      }
    }
    if (reportText === undefined) problems.push({ field: 'report', key: 'reportPartMissing' });
    let report: unknown;
    if (reportText !== undefined) {
      try {
        report = JSON.parse(reportText);
      } catch {
        problems.push({ field: 'report', key: 'json' });
      }
    }
    const types: string[] = [];
    for (const { file, fileName } of staged) {
      if (file.size === 0) {
        problems.push({ field: 'evidence', key: 'fileEmpty', params: { name: fileName } });
        types.push('');
        continue;
      }
      const type = await detectEvidenceType(file.tempPath);
      types.push(type ?? '');
      if (!type || !ALLOWED.has(type)) {
        throw new ProblemError('evidence_type_not_allowed', {
          fields: [{ field: 'evidence', key: 'fileTypeNotAllowed', params: { name: fileName, type: type ?? 'unknown' } }],
        });
      }
    }
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
    return {
      report,
      async keepEvidence() {
        const evidence: AcceptedEvidence[] = [];
        for (const [i, { file, fileName }] of staged.entries()) {
          await blobs.commit(file);
          evidence.push({ fileName, sha256: file.sha256, size: file.size, mediaType: types[i]! });
        }
        return evidence;
      },
      async discardEvidence() {
        await Promise.all(staged.map(({ file }) => blobs.discard(file)));
      },
    };
  } catch (error) {
    await Promise.all(staged.map(({ file }) => blobs.discard(file)));
    throw error;
  }
}
