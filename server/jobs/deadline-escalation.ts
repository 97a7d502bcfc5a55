import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../config';
import type { Database } from '../db/schema';
import { toIsoString } from '../db/values';
import { uuidv7 } from '../lib/ids';
import { appendAuditEvents } from '../modules/audit/audit.repository';
import { OPEN_STATUSES } from '../modules/cases/case-lifecycle';
import { setCaseAgency } from '../modules/cases/cases.repository';
import type { CaseNotification } from '../modules/cases/cases.service';

export interface EscalationDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  notify: (trx: Kysely<Database>, notification: CaseNotification) => Promise<void>;
}

/**
 * Escalates open cases that missed a deadline — the first response (still only assigned) or the
 * conclusion — to the leads of the lead agency's parent organization (the lead agency's own leads
 * when it has no parent), once per case. Each case is taken with a compare-and-set on
 * `escalated_at`, so several server instances running this never escalate a case twice.
 * Answers how many cases were escalated.
 */
export async function escalateOverdueCases(deps: EscalationDeps, now: Date = new Date(), limit = 200): Promise<number> {
  const at = now.toISOString();
  const due = await deps.db
    .selectFrom('cases')
    .select(['id'])
    .where('status', 'in', [...OPEN_STATUSES])
    .where('escalated_at', 'is', null)
    .where('lead_org_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('conclude_due', '<', at),
        eb.and([eb('status', '=', 'assigned'), eb('first_responded_at', 'is', null), eb('first_response_due', '<', at)]),
      ]),
    )
    .limit(limit)
    .execute();
  let escalated = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable('cases')
        .set({ escalated_at: at, updated_at: at })
        .where('id', '=', id)
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) return false;
      const row = await trx
        .selectFrom('cases')
        .innerJoin('organizations', 'organizations.id', 'cases.lead_org_id')
        .select([
          'cases.number',
          'cases.title',
          'cases.status',
          'cases.conclude_due',
          'cases.first_response_due',
          'cases.lead_org_id',
          'organizations.parent_id',
        ])
        .where('cases.id', '=', id)
        .executeTakeFirstOrThrow();
      const concludeMissed = row.conclude_due !== null && toIsoString(row.conclude_due) < at;
      const missed = concludeMissed ? 'conclusion' : 'first_response';
      const escalateTo = row.parent_id ?? row.lead_org_id!;
      await setCaseAgency(
        trx,
        { case_id: id, org_id: escalateTo, role: 'supervising', added_at: at, added_by: null, reason: `overdue:${missed}` },
        { replace: false },
      );
      await trx
        .insertInto('case_events')
        .values({
          id: uuidv7(),
          case_id: id,
          type: 'escalated',
          from_status: null,
          to_status: null,
          actor_user_id: null,
          actor_org_id: null,
          reason: null,
          legal_basis: null,
          visible_to_org_id: null,
          body: null,
          data: JSON.stringify({ missed, escalatedToOrgId: escalateTo }),
          created_at: at,
        })
        .execute();
      await appendAuditEvents(trx, deps.dialect, [
        {
          actorType: 'system',
          actorId: 'deadline-escalation',
          orgId: escalateTo,
          action: 'case.escalated',
          objectType: 'case',
          objectId: id,
          summary: { missed, escalatedToOrgId: escalateTo },
        },
      ]);
      await deps.notify(trx, {
        type: 'case.overdue',
        caseId: id,
        caseNumber: row.number,
        orgIds: [escalateTo],
        roles: ['agency_lead'],
        title: { 'zh-CN': `案件逾期督办：${row.number}`, en: `Overdue case escalated: ${row.number}` },
        body: {
          'zh-CN': `案件“${row.title}”${missed === 'conclusion' ? '未在期限内办结' : '未在期限内首次响应'}，请督促办理。`,
          en: `Case "${row.title}" missed its ${missed === 'conclusion' ? 'conclusion' : 'first-response'} deadline; please follow it up.`,
        },
      });
      return true;
    });
    if (done) escalated += 1;
  }
  return escalated;
}
