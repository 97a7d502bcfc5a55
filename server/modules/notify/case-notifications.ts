import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { reporterIdentityContext } from '../../security/sealed-columns';
import type { CaseNotification } from '../cases/cases.service';
import type { EnqueuedCounts, NotificationEvent } from './enqueue-notification';

/** What turning a case's notification into outbox rows needs. */
export interface CaseNotifierDeps {
  enqueue: (trx: Kysely<Database>, event: NotificationEvent) => Promise<EnqueuedCounts>;
  /** Opens a report's sealed reporter identity (context `report:<id>`). */
  unseal: <T>(sealed: string, context: string) => T;
}

/**
 * Writes a case event's notifications: to the agencies' people and webhooks, and, when the case
 * names reports whose reporters agreed to be contacted, a separate e-mail to each of them in plain
 * words with their tracking code, sealed at rest. Webhooks carry the case's id and number, and the
 * `webhookPayload` the caller gives (never reporters' personal data).
 */
export async function enqueueCaseNotification(
  trx: Kysely<Database>,
  deps: CaseNotifierDeps,
  notification: CaseNotification & { webhookPayload?: object },
): Promise<void> {
  await deps.enqueue(trx, {
    type: notification.type,
    objectType: 'case',
    objectId: notification.caseId,
    orgIds: notification.orgIds,
    roles: notification.roles,
    title: notification.title,
    body: notification.body,
    link: notification.link ?? `/workbench/cases/${notification.caseId}`,
    payload: { ...notification.webhookPayload, caseId: notification.caseId, caseNumber: notification.caseNumber },
  });
  const reportIds = notification.reporterReportIds ?? [];
  if (reportIds.length === 0) return;
  const reports = await trx
    .selectFrom('reports')
    .select(['id', 'tracking_code', 'reporter_sealed', 'contact_consent'])
    .where('id', 'in', reportIds)
    .execute();
  for (const report of reports) {
    if (Number(report.contact_consent) !== 1 || !report.reporter_sealed) continue;
    const identity = deps.unseal<{ email?: string } | null>(report.reporter_sealed, reporterIdentityContext(report.id));
    if (!identity?.email) continue;
    await deps.enqueue(trx, {
      type: notification.type,
      objectType: 'report',
      objectId: report.id,
      orgIds: [],
      emails: [{ to: identity.email, sensitive: true }],
      title: { 'zh-CN': '您的举报有了处理结果', en: 'Your report has a result' },
      body: {
        'zh-CN': `跟踪码 ${report.tracking_code}：${notification.body['zh-CN']}\n请使用跟踪码和访问密钥查看详情。`,
        en: `Tracking code ${report.tracking_code}: ${notification.body.en}\nUse your tracking code and access key to see the details.`,
      },
      link: `/track/${report.tracking_code}`,
    });
  }
}
