import type { Insertable, Kysely } from 'kysely';
import type { CaseAttachmentsTable, Database } from '../../db/schema';

type Db = Kysely<Database>;

/** Registers the blobs (once per content) and the case's attachment rows, in the caller's transaction. */
export async function insertAttachments(trx: Db, rows: Insertable<CaseAttachmentsTable>[], at: string): Promise<void> {
  if (rows.length === 0) return;
  const blobs = new Map(rows.map((r) => [r.sha256, { sha256: r.sha256, size: Number(r.size), media_type: r.media_type, created_at: at }]));
  await trx
    .insertInto('evidence_blobs')
    .values([...blobs.values()])
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  await trx.insertInto('case_attachments').values(rows).execute();
}

/** Only what the viewer's organization may see: shared attachments and its own internal ones. */
function visibleTo(db: Db, caseId: string, viewerOrgId: string | null) {
  let query = db
    .selectFrom('case_attachments')
    .innerJoin('organizations', 'organizations.id', 'case_attachments.org_id')
    .innerJoin('users', 'users.id', 'case_attachments.uploaded_by')
    .selectAll('case_attachments')
    .select(['organizations.name as org_name', 'users.display_name as uploader_name'])
    .where('case_attachments.case_id', '=', caseId);
  if (viewerOrgId !== null)
    query = query.where((eb) => eb.or([eb('case_attachments.visibility', '=', 'shared'), eb('case_attachments.org_id', '=', viewerOrgId)]));
  return query;
}

/** A case's attachments the viewer may see, oldest first. */
export async function listAttachments(db: Db, caseId: string, viewerOrgId: string | null) {
  return visibleTo(db, caseId, viewerOrgId).orderBy('case_attachments.created_at').orderBy('case_attachments.id').execute();
}

export type CaseAttachment = Awaited<ReturnType<typeof listAttachments>>[number];

/** One attachment of the case, if the viewer may see it. */
export async function findAttachment(db: Db, caseId: string, attachmentId: string, viewerOrgId: string | null) {
  return visibleTo(db, caseId, viewerOrgId).where('case_attachments.id', '=', attachmentId).executeTakeFirst();
}
