import type { Kysely } from 'kysely';
import type { ReportReceipt, ReportTracking } from '../../../contracts/reports';
import type { Database } from '../../db/schema';
import { toCount, toIsoString } from '../../db/values';
import type { Locale } from '../../http/locale';
import { ProblemError } from '../../http/problem';
import type { Actor } from '../auth/principal';
import { countReportEvidence, listPublicReportEvents } from '../intake/reports.repository';
import type { ReportSubmission } from '../intake/reports.schemas';
import { type AcceptedEvidence, type IntakeService, presentReportTracking } from '../intake/reports.service';
import type { NotificationEvent } from '../notify/enqueue-notification';
import * as repo from './enterprise-reports.repository';
import { enterpriseReportsPolicy } from './enterprise-reports.policy';
import { findEnterprise, findLiaison } from './protection.repository';

/** What an enterprise types on its desk: the report itself; who is reporting comes from its record. */
export type EnterpriseReportInput = Omit<ReportSubmission, 'reporter'> & {
  /** The person's phone, when they want to be called back; everything else about them is on record. */
  contactPhone?: string | undefined;
  contactConsent?: boolean | undefined;
};

export interface EnterpriseReportsDeps {
  db: Kysely<Database>;
  intake: IntakeService;
}

const LIST_LIMIT = 200;

type ReportWithCase = NonNullable<Awaited<ReturnType<typeof repo.findReportWithCase>>>;

/**
 * Reports an enterprise files from its desk and follows there (mechanism 3). They go through the
 * public intake, with the reporter filled in from the enterprise's record and the signed-in user,
 * and the enterprise's liaison at the regulator is told in the same transaction.
 */
export class EnterpriseReportsService {
  constructor(private readonly deps: EnterpriseReportsDeps) {}

  /** Who the desk files as: the enterprise's name and credit code, and the signed-in person. */
  async reporter(actor: Actor) {
    if (!enterpriseReportsPolicy.file(actor)) throw new ProblemError('not_found');
    const enterprise = await findEnterprise(this.deps.db, actor.orgId);
    if (!enterprise) throw new ProblemError('not_found');
    return {
      enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc },
      contact: { name: actor.displayName, email: actor.email },
    };
  }

  async fileReport(
    actor: Actor,
    input: EnterpriseReportInput,
    context: { locale: Locale; keepEvidence?: () => Promise<AcceptedEvidence[]> },
  ): Promise<ReportReceipt & { id: string }> {
    if (!enterpriseReportsPolicy.file(actor)) throw new ProblemError('not_found');
    const enterprise = await findEnterprise(this.deps.db, actor.orgId);
    if (!enterprise || enterprise.status !== 'active') throw new ProblemError('not_found');
    // An enterprise registers with its credit code; without one the desk cannot say who is reporting.
    if (!enterprise.uscc) throw new ProblemError('validation', { fields: [{ field: 'reporter.enterprise.uscc', key: 'required' }] });
    const liaison = await findLiaison(this.deps.db, enterprise.id);
    const { contactPhone, contactConsent, ...report } = input;
    const submission: ReportSubmission = {
      ...report,
      reporter: {
        anonymous: false,
        name: actor.displayName,
        email: actor.email,
        ...(contactPhone?.trim() && { phone: contactPhone }),
        enterprise: { name: enterprise.name, uscc: enterprise.uscc },
        contactConsent: contactConsent ?? true,
      },
    };
    let reportId = '';
    const receipt = await this.deps.intake.submitReport(submission, {
      locale: context.locale,
      ...(context.keepEvidence && { keepEvidence: context.keepEvidence }),
      enterpriseDesk: {
        enterpriseOrgId: enterprise.id,
        userId: actor.userId,
        notification: (stored): NotificationEvent | null => {
          reportId = stored.id;
          if (!liaison) return null;
          return {
            type: 'report.enterprise_filed',
            objectType: 'report',
            objectId: stored.id,
            orgIds: [],
            userIds: [liaison.liaison_user_id],
            title: { 'zh-CN': `${enterprise.name} 举报了一起敲诈勒索`, en: `${enterprise.name} reported an extortion attempt` },
            body: {
              'zh-CN': `您联络的企业 ${enterprise.name} 从企业工作台提交了举报，跟踪码 ${stored.trackingCode}，等待分诊。`,
              en: `${enterprise.name}, an enterprise you are liaison for, filed a report from its desk (tracking code ${stored.trackingCode}); it awaits triage.`,
            },
            // The liaison may not triage; the enterprise's record is what they can open.
            link: `/workbench/protection/${enterprise.id}`,
          };
        },
      },
    });
    return { ...receipt, id: reportId };
  }

  /** The enterprise's own desk reports, newest first, each as its reporter sees it. */
  async listReports(actor: Actor, locale: Locale) {
    if (!enterpriseReportsPolicy.file(actor)) throw new ProblemError('not_found');
    const rows = await repo.listEnterpriseReports(this.deps.db, actor.orgId, LIST_LIMIT);
    const ids = rows.map((row) => row.id);
    // Two queries for the whole list, not two per report.
    const [events, evidence] = await Promise.all([repo.listPublicEventsOf(this.deps.db, ids), repo.countEvidenceOf(this.deps.db, ids)]);
    const eventsOf = new Map<string, typeof events>();
    for (const event of events) eventsOf.set(event.report_id, [...(eventsOf.get(event.report_id) ?? []), event]);
    const evidenceOf = new Map(evidence.map((e) => [e.report_id, toCount(e.n)]));
    return {
      items: rows.map((row) => {
        const tracking = presentReportTracking(row, eventsOf.get(row.id) ?? [], evidenceOf.get(row.id) ?? 0, locale);
        return {
          id: row.id,
          trackingCode: row.tracking_code,
          category: tracking.category,
          status: tracking.status,
          statusText: tracking.statusText,
          caseNumber: row.case_number,
          result: tracking.result,
          steps: tracking.steps,
          receivedAt: tracking.receivedAt,
          updatedAt: tracking.updatedAt,
        };
      }),
    };
  }

  /** One desk report with its public timeline; "not found" to anyone but the enterprise's own people. */
  async report(actor: Actor, reportId: string, locale: Locale) {
    const row = await repo.findReportWithCase(this.deps.db, reportId);
    if (!row || !enterpriseReportsPolicy.read(actor, row)) throw new ProblemError('not_found');
    const [tracking, evidence] = await Promise.all([this.tracking(row, locale), repo.listEvidence(this.deps.db, row.id)]);
    return {
      ...tracking,
      evidence: evidence.map((file) => ({
        fileName: file.file_name,
        mediaType: file.media_type,
        size: Number(file.size),
        sha256: file.sha256,
      })),
      id: row.id,
      caseNumber: row.case_number,
      description: row.description,
      platform: row.platform,
      targetUrls: JSON.parse(row.target_urls) as string[],
      receivedAt: toIsoString(row.received_at),
    };
  }

  private async tracking(row: ReportWithCase, locale: Locale): Promise<ReportTracking> {
    const [events, evidenceCount] = await Promise.all([
      listPublicReportEvents(this.deps.db, row.id),
      countReportEvidence(this.deps.db, row.id),
    ]);
    return presentReportTracking(row, events, evidenceCount, locale);
  }
}
