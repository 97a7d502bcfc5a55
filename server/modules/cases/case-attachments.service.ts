import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, type UserPrincipal, auditActor } from '../auth/principal';
import * as attachments from './case-attachments.repository';
import * as repo from './cases.repository';
import { casePolicy } from './cases.policy';

/** Who sees an attachment: the uploading agency only, or every agency on the case (as with comments). */
export const ATTACHMENT_VISIBILITIES = ['internal', 'shared'] as const;
export type AttachmentVisibility = (typeof ATTACHMENT_VISIBILITIES)[number];

/** A file checked and hashed in staging, described for its attachment row. */
export interface CheckedFile {
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/**
 * Files attached to a case by the agencies working it — screenshots, notices served, replies from
 * websites — stored by SHA-256 like report evidence. Attaching follows the comment rule (staff of an
 * agency on the case, and triage), seeing follows the case (and an internal file stays with its
 * agency); every attachment is a timeline event and an audit event in the transaction of its row,
 * and every download is audited.
 */
export class CaseAttachmentService {
  constructor(private readonly deps: { db: Kysely<Database>; dialect: DatabaseDialect }) {}

  /** The case if the actor may see it ("not found" otherwise), with its agencies. */
  private async readable(db: Kysely<Database>, actor: Actor, caseId: string) {
    const found = await repo.findCase(db, caseId);
    const agencies = found ? await repo.listCaseAgencies(db, caseId) : [];
    if (!found || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
    return { found, agencies };
  }

  private static viewerOrg(actor: Actor): string | null {
    return actor.kind === 'user' || actor.kind === 'token' ? actor.orgId : null;
  }

  /** Refuses before an upload is read: 404 to those who may not see the case, 403 to those who may not attach. */
  async requireAttach(actor: Actor, caseId: string): Promise<UserPrincipal> {
    const { agencies } = await this.readable(this.deps.db, actor, caseId);
    if (!casePolicy.comment(actor, agencies)) throw new ProblemError('forbidden');
    return actor;
  }

  /**
   * Attaches checked files. `keep` moves them to their content addresses; it runs inside the
   * transaction once every check has passed, so a refused upload keeps nothing (a blob kept by a
   * transaction that then fails is unreferenced content, never a row without its file).
   */
  async attach(
    actor: Actor,
    caseId: string,
    input: { visibility: AttachmentVisibility; files: CheckedFile[] },
    keep: () => Promise<void>,
  ): Promise<attachments.CaseAttachment[]> {
    if (input.files.length === 0) throw new ProblemError('validation', { fields: [{ field: 'file', key: 'required' }] });
    return this.deps.db.transaction().execute(async (trx) => {
      const { agencies } = await this.readable(trx, actor, caseId);
      if (!casePolicy.comment(actor, agencies)) throw new ProblemError('forbidden');
      await keep();
      const at = new Date().toISOString();
      const rows = input.files.map((file) => ({
        id: uuidv7(),
        case_id: caseId,
        sha256: file.sha256,
        size: file.size,
        media_type: file.mediaType,
        file_name: file.fileName,
        uploaded_by: actor.userId,
        org_id: actor.orgId,
        visibility: input.visibility,
        created_at: at,
      }));
      await attachments.insertAttachments(trx, rows, at);
      await repo.insertCaseEvents(
        trx,
        rows.map((row) => ({
          id: uuidv7(),
          case_id: caseId,
          type: 'attachment_added',
          from_status: null,
          to_status: null,
          actor_user_id: actor.userId,
          actor_org_id: actor.orgId,
          reason: null,
          legal_basis: null,
          visible_to_org_id: row.visibility === 'internal' ? actor.orgId : null,
          body: row.file_name,
          data: JSON.stringify({ attachmentId: row.id, sha256: row.sha256, size: row.size, mediaType: row.media_type }),
          created_at: at,
        })),
      );
      // The audit log keeps the hash, not the file name: names can carry personal data, hashes prove content.
      await appendAuditEvents(
        trx,
        this.deps.dialect,
        rows.map((row) => ({
          ...auditActor(actor),
          action: 'case.attachment_added',
          objectType: 'case',
          objectId: caseId,
          summary: { attachmentId: row.id, sha256: row.sha256, size: row.size, mediaType: row.media_type, visibility: row.visibility },
        })),
      );
      const ids = new Set(rows.map((r) => r.id));
      return (await attachments.listAttachments(trx, caseId, actor.orgId)).filter((a) => ids.has(a.id));
    });
  }

  /** The case's attachments the actor may see. */
  async list(actor: Actor, caseId: string): Promise<attachments.CaseAttachment[]> {
    await this.readable(this.deps.db, actor, caseId);
    return attachments.listAttachments(this.deps.db, caseId, CaseAttachmentService.viewerOrg(actor));
  }

  /** One attachment to download, "not found" unless the actor may see it; the download is audited. */
  async open(actor: Actor, caseId: string, attachmentId: string): Promise<attachments.CaseAttachment> {
    return this.deps.db.transaction().execute(async (trx) => {
      await this.readable(trx, actor, caseId);
      const found = await attachments.findAttachment(trx, caseId, attachmentId, CaseAttachmentService.viewerOrg(actor));
      if (!found) throw new ProblemError('not_found');
      await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...auditActor(actor),
          action: 'case.attachment_downloaded',
          objectType: 'case',
          objectId: caseId,
          summary: { attachmentId, sha256: found.sha256 },
        },
      ]);
      return found;
    });
  }
}
