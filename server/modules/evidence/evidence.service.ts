import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database, DisposalOrderRow } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { ProblemError } from '../../http/problem';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { casePolicy } from '../cases/cases.policy';
import * as repo from '../cases/cases.repository';
import { presentCase } from '../cases/cases.presenter';
import { presentEntitySummary } from '../registry/registry.presenter';
import * as registry from '../registry/registry.repository';
import {
  type EvidenceManifest,
  type ManifestFile,
  evidenceSigningKey,
  publicKeyDescription,
  sealPackage,
  sha256Hex,
} from './evidence-manifest';
import { buildSummary } from './evidence-summary';
import { type CjkFont, findCjkFont, renderSummaryPdf } from './summary-pdf';
import type { ZipSource } from './zip';

export interface EvidenceDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** Where an evidence blob lives on disk, by its SHA-256. */
  blobPath: (sha256: string) => string;
  signingKey: { privateKey: KeyObject; publicKey: KeyObject };
  /** The font for the Chinese summary; without one the package carries the summary as text. */
  font: CjkFont | undefined;
  now?: () => Date;
}

/** A package ready to write: its signed manifest and the entries of the ZIP, manifest included. */
export interface EvidencePackage {
  manifest: EvidenceManifest;
  fileName: string;
  entries: ZipSource[];
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/** A file name safe in a ZIP on every system: no separators, no control characters, bounded length. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/^\.+/, '_');
  return (cleaned || 'file').slice(0, 120);
}

/**
 * Evidence for law enforcement (mechanism 7): everything the platform holds about a case, in a ZIP
 * whose manifest is signed with the deployment's Ed25519 key. Making one is itself audited, and
 * the manifest records the audit chain's head including that event, so the log and the package
 * vouch for each other.
 */
export class EvidenceService {
  constructor(private readonly deps: EvidenceDeps) {}

  async casePackage(actor: Actor, caseId: string): Promise<EvidencePackage> {
    const { db } = this.deps;
    const found = await repo.findCase(db, caseId);
    const agencies = found ? await repo.listCaseAgencies(db, caseId) : [];
    if (!found || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
    if (!casePolicy.exportEvidence(actor, agencies)) throw new ProblemError('forbidden');
    const now = (this.deps.now ?? (() => new Date()))();

    // The timeline as the exporting organization sees it; the operator's command line sees all of it.
    const viewerOrg = actor.kind === 'user' || actor.kind === 'token' ? actor.orgId : null;
    const [reports, events, orders] = await Promise.all([
      repo.listCaseReports(db, caseId),
      repo.listCaseEvents(db, caseId, viewerOrg),
      db.selectFrom('disposal_orders').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute(),
    ]);
    // Attachments the agencies added: shared ones, and the exporting organization's internal ones.
    let attachmentQuery = db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId);
    if (viewerOrg !== null)
      attachmentQuery = attachmentQuery.where((eb) => eb.or([eb('visibility', '=', 'shared'), eb('org_id', '=', viewerOrg)]));
    const attachments = await attachmentQuery.orderBy('created_at').orderBy('id').execute();
    const reportIds = reports.map((r) => r.id);
    const evidence =
      reportIds.length === 0
        ? []
        : await db
            .selectFrom('report_evidence')
            .selectAll()
            .where('report_id', 'in', reportIds)
            .orderBy('report_id')
            .orderBy('position')
            .execute();

    const files: { path: string; content?: Buffer; file?: string; sha256: string; size: number }[] = [];
    const addJson = (path: string, value: unknown) => {
      const content = json(value);
      files.push({ path, content, sha256: sha256Hex(content), size: content.length });
    };

    const casePresented = presentCase({ case: found, agencies, reports, events }, []);
    addJson('case.json', { ...casePresented, disposalOrders: orders.map(presentOrder) });
    addJson(
      'timeline.json',
      events.map((e) => ({
        id: e.id,
        type: e.type,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        actorUserId: e.actor_user_id,
        actorOrgId: e.actor_org_id,
        reason: e.reason,
        legalBasis: e.legal_basis,
        internalTo: e.visible_to_org_id,
        body: e.body,
        data: JSON.parse(e.data) as unknown,
        at: toIsoString(e.created_at),
      })),
    );

    const trackingOf = new Map(reports.map((r) => [r.id, r.tracking_code]));
    const evidenceIndex = evidence.map((e) => {
      const path = `evidence/${trackingOf.get(e.report_id)}/${String(e.position).padStart(2, '0')}-${safeFileName(e.file_name)}`;
      files.push({ path, file: this.deps.blobPath(e.sha256), sha256: e.sha256, size: Number(e.size) });
      return { reportId: e.report_id, path, fileName: e.file_name, mediaType: e.media_type, sha256: e.sha256, size: Number(e.size) };
    });
    const attachmentIndex = attachments.map((a, i) => {
      const path = `attachments/${String(i + 1).padStart(3, '0')}-${safeFileName(a.file_name)}`;
      files.push({ path, file: this.deps.blobPath(a.sha256), sha256: a.sha256, size: Number(a.size) });
      return {
        path,
        fileName: a.file_name,
        mediaType: a.media_type,
        sha256: a.sha256,
        size: Number(a.size),
        orgId: a.org_id,
        uploadedBy: a.uploaded_by,
        visibility: a.visibility,
        addedAt: toIsoString(a.created_at),
      };
    });
    addJson('attachments.json', attachmentIndex);

    // The registry records this case put on file, with the entities they are against (national IDs
    // only masked, as staff see them).
    const records = await db
      .selectFrom('registry_records')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    const entityIds = [...new Set(records.map((r) => r.entity_id))];
    const [entities, identifiers] = await Promise.all([
      entityIds.length === 0 ? [] : db.selectFrom('registry_entities').selectAll().where('id', 'in', entityIds).execute(),
      registry.identifiersOf(db, entityIds),
    ]);
    addJson(
      'registry.json',
      entities.map((entity) => ({
        ...presentEntitySummary(entity, identifiers.get(entity.id) ?? []),
        mergedInto: entity.merged_into,
        records: records
          .filter((r) => r.entity_id === entity.id)
          .map((r) => ({
            id: r.id,
            summary: r.summary,
            evidence: JSON.parse(r.evidence) as unknown,
            sourceOrgId: r.source_org_id,
            legalBasis: r.legal_basis,
            occurredAt: toIsoString(r.occurred_at),
            recordedBy: r.recorded_by,
            recordedAt: toIsoString(r.recorded_at),
          })),
      })),
    );
    // Reports as the agencies see them: never the reporter's identity, only whether there is one.
    addJson(
      'reports.json',
      reports.map((r) => ({
        id: r.id,
        trackingCode: r.tracking_code,
        category: r.category,
        description: r.description,
        platform: r.platform,
        targetUrls: JSON.parse(r.target_urls) as string[],
        money: r.money_amount === null ? null : { amount: Number(r.money_amount), currency: r.money_currency, channel: r.money_channel },
        reporterKind: r.reporter_kind,
        receivedAt: toIsoString(r.received_at),
        joinedAt: toIsoString(r.joined_at),
        evidence: evidenceIndex.filter((e) => e.reportId === r.id).map(({ reportId: _, ...rest }) => rest),
      })),
    );

    const auditObjects: [string, string[]][] = [
      ['case', [caseId]],
      ['report', reportIds],
      ['disposal_order', orders.map((o) => o.id)],
    ];

    // The export is audited, and the audit events (ending with this export) go into the package.
    const who = auditActor(actor);
    const head = await db.transaction().execute(async (trx) => {
      const [appended] = await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...who,
          action: 'case.evidence_exported',
          objectType: 'case',
          objectId: caseId,
          summary: {
            number: found.number,
            reports: reports.length,
            evidenceFiles: evidence.length,
            attachments: attachments.length,
            orders: orders.length,
          },
          occurredAt: now.toISOString(),
        },
      ]);
      const audit = [];
      for (const [type, ids] of auditObjects) {
        if (ids.length === 0) continue;
        audit.push(
          ...(await trx.selectFrom('audit_events').selectAll().where('object_type', '=', type).where('object_id', 'in', ids).execute()),
        );
      }
      audit.sort((a, b) => Number(a.seq) - Number(b.seq));
      addJson(
        'audit-events.json',
        audit.map((a) => ({ ...a, seq: Number(a.seq), occurred_at: toIsoString(a.occurred_at) })),
      );
      return appended!;
    });

    const summary = buildSummary({
      case: casePresented,
      orders,
      reports,
      evidence: [...evidenceIndex, ...attachmentIndex],
      events,
      exportedAt: now,
      auditHead: head,
      signerFingerprint: sha256Hex(this.deps.signingKey.publicKey.export({ format: 'der', type: 'spki' })),
      registry: entities.map((e) => ({
        displayName: e.display_name,
        kind: e.kind,
        status: e.status,
        records: records.filter((r) => r.entity_id === e.id).length,
      })),
    });
    if (this.deps.font) {
      const pdf = await renderSummaryPdf(summary, this.deps.font, now);
      files.push({ path: 'summary.pdf', content: pdf, sha256: sha256Hex(pdf), size: pdf.length });
    } else {
      const text = Buffer.from(
        [
          summary.title,
          summary.subtitle,
          ...summary.sections.flatMap((s) => [``, s.heading, ...(s.fields ?? []).map(([k, v]) => `${k}：${v}`), ...(s.lines ?? [])]),
        ].join('\n') + '\n',
        'utf8',
      );
      files.push({ path: 'summary.txt', content: text, sha256: sha256Hex(text), size: text.length });
    }

    const sealed = sealPackage(
      {
        caseId,
        caseNumber: found.number,
        exportedAt: now.toISOString(),
        exportedBy: { actorType: who.actorType, actorId: who.actorId, orgId: who.orgId },
        auditHead: head,
      },
      files.map(({ path, sha256, size }): ManifestFile => ({ path, sha256, size })),
      this.deps.signingKey,
    );
    return {
      manifest: sealed.manifest,
      fileName: `${found.number}-evidence.zip`,
      entries: [
        sealed.manifestFile,
        sealed.signatureFile,
        ...files.map((f): ZipSource => (f.content ? { path: f.path, content: f.content } : { path: f.path, file: f.file! })),
      ],
    };
  }
}

function presentOrder(o: DisposalOrderRow) {
  const at = (value: Date | string | null) => (value === null ? null : toIsoString(value));
  return {
    id: o.id,
    issuingOrgId: o.issuing_org_id,
    executingOrgId: o.executing_org_id,
    kind: o.kind,
    targetUrls: JSON.parse(o.target_urls) as string[],
    instructions: o.instructions,
    legalBasis: o.legal_basis,
    status: o.status,
    dueAt: at(o.due_at),
    issuedAt: at(o.issued_at),
    acknowledgedAt: at(o.acknowledged_at),
    executedAt: at(o.executed_at),
    executionNote: o.execution_note,
    proofUrls: JSON.parse(o.proof_urls) as string[],
    verifiedAt: at(o.verified_at),
    disputeReason: o.dispute_reason,
  };
}

/** The service as a deployment runs it: its database, blob folder, signing key from the secret, and font. */
export function deploymentEvidenceService(options: {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  blobs: { pathOf(sha256: string): string };
  keys: { key(purpose: 'evidence-signing'): Buffer };
  pdfFont: string | null;
}): { service: EvidenceService; signer: EvidenceManifest['signer'] } {
  const signingKey = evidenceSigningKey(options.keys.key('evidence-signing'));
  const service = new EvidenceService({
    db: options.db,
    dialect: options.dialect,
    blobPath: (sha256) => options.blobs.pathOf(sha256),
    signingKey,
    font: findCjkFont(options.pdfFont),
  });
  return { service, signer: publicKeyDescription(signingKey.publicKey) };
}
