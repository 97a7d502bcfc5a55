import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { BlobStore, StagedFile } from '../../blobs/blob-store';
import type { Config } from '../../config';
import { toIsoString } from '../../db/values';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import { ALLOWED_EVIDENCE_TYPES, detectEvidenceType, safeFileName } from '../intake/evidence-upload';
import type { CaseAttachment } from './case-attachments.repository';
import {
  ATTACHMENT_VISIBILITIES,
  type AttachmentVisibility,
  type CaseAttachmentService,
  type CheckedFile,
} from './case-attachments.service';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const ALLOWED = new Set<string>(ALLOWED_EVIDENCE_TYPES);

export const CaseAttachmentSchema = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String({ description: 'SHA-256 of the content, hex' }),
    visibility: StringEnum(ATTACHMENT_VISIBILITIES),
    orgId: Type.String(),
    orgName: Type.String(),
    uploadedBy: Type.Object({ id: Type.String(), displayName: Type.String() }),
    createdAt: Type.String({ format: 'date-time' }),
    contentUrl: Type.String(),
  },
  { $id: 'CaseAttachment' },
);

/** What an agency sees of an attachment. */
export function presentAttachment(row: CaseAttachment) {
  return {
    id: row.id,
    caseId: row.case_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    visibility: row.visibility as AttachmentVisibility,
    orgId: row.org_id,
    orgName: row.org_name,
    uploadedBy: { id: row.uploaded_by, displayName: row.uploader_name },
    createdAt: toIsoString(row.created_at),
    contentUrl: `/api/v1/cases/${row.case_id}/attachments/${row.id}/content`,
  };
}

/**
 * `Content-Disposition: attachment` with the original name: an ASCII fallback for old clients and
 * the UTF-8 name (RFC 6266, RFC 8187) for the rest, so Chinese names survive.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A multipart upload of attachments: files staged and checked, not yet kept. */
interface AttachmentUpload {
  visibility: AttachmentVisibility;
  files: (CheckedFile & { staged: StagedFile })[];
}

/**
 * Reads `visibility` and up to `maxFiles` parts named `file`, each streamed to staging while hashed
 * and its type detected from the content against the evidence allow-list. On any refusal every staged
 * file is removed; otherwise the caller keeps or discards them.
 */
async function readAttachmentUpload(
  request: FastifyRequest,
  blobs: BlobStore,
  limits: { maxFiles: number; maxFileBytes: number },
): Promise<AttachmentUpload> {
  const staged: { file: StagedFile; fileName: string }[] = [];
  const problems: FieldProblem[] = [];
  let visibility: string | undefined;
  try {
    for await (const part of request.parts({
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 3, fieldSize: 1024, parts: limits.maxFiles + 3 },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          problems.push({ field: part.fieldname, key: 'unknownPart', params: { name: part.fieldname } });
          continue;
        }
        const fileName = safeFileName(part.filename);
        const file = await blobs.stage(part.file);
        staged.push({ file, fileName });
        if (part.file.truncated)
          throw new ProblemError('payload_too_large', {
            fields: [
              { field: 'file', key: 'fileTooLarge', params: { name: fileName, limit: Math.round(limits.maxFileBytes / 1024 / 1024) } },
            ],
          });
      } else if (part.fieldname === 'visibility') {
        visibility = String(part.value);
      } else {
        problems.push({ field: part.fieldname, key: 'unknownPart', params: { name: part.fieldname } });
      }
    }
    if (visibility === undefined) problems.push({ field: 'visibility', key: 'required' });
    else if (!(ATTACHMENT_VISIBILITIES as readonly string[]).includes(visibility))
      problems.push({ field: 'visibility', key: 'enum', params: { allowed: ATTACHMENT_VISIBILITIES.join(', ') } });
    if (staged.length === 0) problems.push({ field: 'file', key: 'required' });
    const files: AttachmentUpload['files'] = [];
    for (const { file, fileName } of staged) {
      if (file.size === 0) {
        problems.push({ field: 'file', key: 'fileEmpty', params: { name: fileName } });
        continue;
      }
      const type = await detectEvidenceType(file.tempPath);
      if (!type || !ALLOWED.has(type))
        throw new ProblemError('evidence_type_not_allowed', {
          fields: [{ field: 'file', key: 'fileTypeNotAllowed', params: { name: fileName, type: type ?? 'unknown' } }],
        });
      files.push({ fileName, sha256: file.sha256, size: file.size, mediaType: type, staged: file });
    }
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
    return { visibility: visibility as AttachmentVisibility, files };
  } catch (error) {
    await Promise.all(staged.map(({ file }) => blobs.discard(file)));
    throw error;
  }
}

/** Attachments on cases: upload (multipart), list, download. */
export async function caseAttachmentRoutes(
  parent: FastifyInstance,
  options: { attachments: CaseAttachmentService; blobs: BlobStore; config: Config },
) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { attachments, blobs, config } = options;
  app.addSchema(CaseAttachmentSchema);
  const tags = ['cases'];
  const Attachment = Type.Ref('CaseAttachment');
  const List = Type.Object({ items: Type.Array(Attachment) });

  app.post(
    '/api/v1/cases/:id/attachments',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Attach files to a case',
        description:
          'multipart/form-data: a `visibility` field (`internal`: your agency only; `shared`: every agency on the case) and up to ' +
          `${config.evidence.maxFiles} \`file\` parts of at most ${Math.round(config.evidence.maxFileBytes / 1024 / 1024)} MB, ` +
          'of the types accepted as report evidence (recognized from the content). Staff of an agency on the case, and triage.',
        params: Type.Object({ id: Id }),
        response: { 201: List, ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      // Refused callers are refused before a byte of their upload is stored.
      const actor = await attachments.requireAttach(request.principal, request.params.id);
      if (!request.isMultipart()) throw new ProblemError('unsupported_media_type');
      const upload = await readAttachmentUpload(request, blobs, config.evidence);
      try {
        const rows = await attachments.attach(actor, request.params.id, upload, async () => {
          for (const file of upload.files) await blobs.commit(file.staged);
        });
        return await reply.code(201).send({ items: rows.map(presentAttachment) });
      } finally {
        // Whatever was not kept is still staged and is dropped; kept files are no longer there.
        await Promise.all(upload.files.map((file) => blobs.discard(file.staged)));
      }
    },
  );

  app.get(
    '/api/v1/cases/:id/attachments',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The files attached to a case that my organization may see',
        params: Type.Object({ id: Id }),
        response: { 200: List, ...problemResponses(401, 404) },
      },
    },
    async (request) => ({ items: (await attachments.list(request.principal, request.params.id)).map(presentAttachment) }),
  );

  app.get(
    '/api/v1/cases/:id/attachments/:attachmentId/content',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Download an attached file (audited)',
        params: Type.Object({ id: Id, attachmentId: Id }),
        response: { 200: Type.Unknown({ description: 'The file, with its stored type' }), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const found = await attachments.open(request.principal, request.params.id, request.params.attachmentId);
      if (!(await blobs.has(found.sha256))) throw new Error(`blob ${found.sha256} of attachment ${found.id} is missing`);
      return reply
        .header('content-type', found.media_type === 'text/plain' ? 'text/plain; charset=utf-8' : found.media_type)
        .header('content-length', String(found.size))
        .header('content-disposition', attachmentDisposition(found.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(blobs.open(found.sha256));
    },
  );
}
