import type { Kysely } from 'kysely';
import type { CasePriority, RoutingDecision, TargetKind } from '../../../contracts/cases';
import { CASE_RESULTS, type CaseStatus } from '../../../contracts/cases-lifecycle';
import type { Role } from '../../../contracts/orgs';
import type { ReportCategory } from '../../../contracts/reports';
import type { DatabaseDialect } from '../../config';
import type { CaseRow, Database } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { type AuditEventInput, appendAuditEvents } from '../audit/audit.repository';
import { type Actor, type UserPrincipal, auditActor } from '../auth/principal';
import { REOPENED_NOTE, RESULT_WORDS } from '../intake/report-words';
import { caseSearchDocument, indexDocuments } from '../search/search-index';
import { findNearDuplicates } from '../similarity/near-duplicates';
import { type CaseAction, OPEN_STATUSES, decideTransition } from './case-lifecycle';
import * as repo from './cases.repository';
import { casePolicy } from './cases.policy';
import { occurrencesOfSubjects } from '../../db/indicator-occurrences';
import { confirmedEntitiesTouched } from '../correlation/correlation.repository';
import { loadRoutingRules } from './routing-rules.service';
import { type DirectoryOrganization, overrideRouting, routeCase } from './routing';
import type { RoutingRule } from './routing.schemas';

/** A notification a case event sends, written to the outbox in the event's transaction. */
export interface CaseNotification {
  type: string;
  caseId: string;
  caseNumber: string;
  /** Organizations whose people are told, and which of their roles. */
  orgIds: string[];
  roles: Role[];
  title: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
  /** Reporters who consented to be contacted, by e-mail: report ids whose sealed contact the notifier opens. */
  reporterReportIds?: string[];
  /** Where the inbox item and e-mail lead; the case page by default (not every recipient may open it). */
  link?: string;
}

export interface CaseDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** Due dates for a case opened at `openedAt` (working days, holiday calendar, per category). */
  deadlines: (openedAt: Date, category: string, extensions: number) => { firstResponseDue: Date; concludeDue: Date };
  /** Writes a notification's outbox rows in the caller's transaction. */
  notify: (trx: Kysely<Database>, notification: CaseNotification) => Promise<void>;
  /** Whether an extension is still allowed for the category after `used` extensions. */
  canExtend: (category: string, used: number) => boolean;
}

export interface OpenCaseInput {
  reportIds: string[];
  title: string;
  category: ReportCategory;
  regionCode: string;
  priority: CasePriority;
  tags?: string[];
  targetKind?: TargetKind;
  targetFilingRegionCode?: string;
  moneyPaid: boolean;
  summary?: string;
  /** The triage officer's choice instead of the rules', with the reason. */
  override?: { leadOrgId: string; assistingOrgIds: string[]; reason: string };
}

export interface TransitionInput {
  action: CaseAction;
  reason?: string;
  legalBasis?: string;
  /** Conclude: the result the reporter reads. */
  resultCode?: string;
  resultNote?: string;
  /** Transfer: the agency that leads from now on. */
  transferToOrgId?: string;
  /** Reroute: the triage officer's choice (otherwise the rules route again). */
  override?: { leadOrgId: string; assistingOrgIds: string[]; reason: string };
}

/** Not-accepted reasons a reporter reads in plain words (see RESULT_WORDS). */
export const NOT_ACCEPTED_REASONS = ['out_of_scope', 'insufficient_information', 'not_substantiated'] as const;
export type NotAcceptedReason = (typeof NOT_ACCEPTED_REASONS)[number];

/** Results a case can conclude with. */
export { CASE_RESULTS };

const OPEN_REPORT_STATUSES = ['received', 'under_review'];

/**
 * Triage and cases (mechanisms 1 and 5): reports become clues, clues become cases routed to the
 * right agency, and cases move only by the lifecycle's transitions. Every change writes its case
 * event, audit event and notifications in one transaction.
 */
export class CaseService {
  constructor(private readonly deps: CaseDeps) {}

  private async audit(trx: Kysely<Database>, actor: Actor, events: Omit<AuditEventInput, 'actorType' | 'actorId' | 'orgId'>[]) {
    const who = auditActor(actor);
    await appendAuditEvents(
      trx,
      this.deps.dialect,
      events.map((e) => ({ ...e, ...who })),
    );
  }

  private requireTriage(actor: Actor): UserPrincipal {
    if (!casePolicy.triage(actor) || actor.kind !== 'user') throw new ProblemError('forbidden');
    return actor;
  }

  // ───────────── Triage ─────────────

  async triageQueue(actor: Actor, filter: { category?: string; after?: string; limit?: number }) {
    this.requireTriage(actor);
    const limit = Math.min(filter.limit ?? 50, 200);
    const items = await repo.listTriageQueue(this.deps.db, { statuses: OPEN_REPORT_STATUSES, ...filter, limit: limit + 1 });
    const counts = await repo.countByStatus(this.deps.db, OPEN_REPORT_STATUSES);
    const page = items.slice(0, limit);
    // Reports whose indicators match a confirmed registry entity: one indexed join for the page.
    const touched = await confirmedEntitiesTouched(
      this.deps.db,
      page.map((r) => r.id),
    );
    return {
      items: page,
      confirmedEntities: touched,
      counts,
      nextAfter: items.length > limit ? toIsoString(page[page.length - 1]!.received_at) : null,
    };
  }

  /** A report as triage sees it, with suggestions: other reports and cases sharing its indicators. */
  async triageReport(actor: Actor, reportId: string) {
    this.requireTriage(actor);
    const [report] = await repo.findReports(this.deps.db, [reportId]);
    if (!report) throw new ProblemError('not_found');
    const [evidence, indicators, shared] = await Promise.all([
      this.deps.db.selectFrom('report_evidence').selectAll().where('report_id', '=', reportId).orderBy('position').execute(),
      occurrencesOfSubjects(this.deps.db, 'report', [reportId]).then((rows) =>
        // In the order the primary key gave when they were all in one table.
        rows
          .map(({ type, value, field }) => ({ type, value, field }))
          .sort((a, b) => a.type.localeCompare(b.type) || a.value.localeCompare(b.value) || a.field.localeCompare(b.field)),
      ),
      repo.sharedIndicators(this.deps.db, reportId),
    ]);
    const relatedIds = [...new Set(shared.flatMap((s) => s.reports))];
    const [related, cases] = await Promise.all([
      repo.findReports(this.deps.db, relatedIds),
      repo.findCasesOfReports(this.deps.db, relatedIds),
    ]);
    // Reports whose texts are nearly the same; triage sees every report, so nothing is filtered out.
    const nearDuplicates = await findNearDuplicates(this.deps.db, reportId);
    const confirmedEntities = await confirmedEntitiesTouched(this.deps.db, [reportId]);
    return { report, evidence, indicators, shared, related, cases, nearDuplicates, confirmedEntities };
  }

  /** Moves reports from received to under review (someone is looking at them). */
  async startReview(actor: Actor, reportIds: string[]): Promise<number> {
    const officer = this.requireTriage(actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const reports = (await repo.findReports(trx, reportIds)).filter((r) => r.status === 'received');
      const ids = reports.map((r) => r.id);
      const now = new Date().toISOString();
      await repo.setReportsStatus(trx, ids, { status: 'under_review' }, { idFor: () => uuidv7(), publicNote: null }, officer.userId, now);
      await this.audit(
        trx,
        actor,
        ids.map((id) => ({ action: 'report.review_started', objectType: 'report', objectId: id })),
      );
      return ids.length;
    });
  }

  private async directory(db: Kysely<Database>): Promise<DirectoryOrganization[]> {
    const rows = await db.selectFrom('organizations').select(['id', 'kind', 'region_code', 'parent_id', 'status']).execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as DirectoryOrganization['kind'],
      regionCode: r.region_code,
      parentId: r.parent_id,
      status: r.status as 'active' | 'disabled',
    }));
  }

  private async rules(db: Kysely<Database>): Promise<RoutingRule[]> {
    return (await loadRoutingRules(db)).rules;
  }

  private async route(
    db: Kysely<Database>,
    input: { category: ReportCategory; regionCode: string; targetKind?: TargetKind; targetFilingRegionCode?: string; moneyPaid: boolean },
    override: OpenCaseInput['override'],
  ): Promise<RoutingDecision> {
    const directory = await this.directory(db);
    const decision = routeCase(input, await this.rules(db), directory);
    if (!override) return decision;
    const overridden = overrideRouting(decision, override, directory);
    if (!overridden.ok)
      throw new ProblemError('validation', {
        fields: overridden.problems.map((p) => ({ field: `override.${p.field}`, key: p.code === 'reason_blank' ? 'required' : 'invalid' })),
      });
    return overridden.decision;
  }

  /** Opens a case from one or more reports: numbers it, routes it, sets its deadlines, tells the agencies. */
  async openCase(actor: Actor, input: OpenCaseInput): Promise<CaseRow> {
    const officer = this.requireTriage(actor);
    const reportIds = [...new Set(input.reportIds)];
    return this.deps.db.transaction().execute(async (trx) => {
      const reports = await repo.findReports(trx, reportIds);
      const fields: FieldProblem[] = [];
      if (reports.length !== reportIds.length) fields.push({ field: 'reportIds', key: 'invalid' });
      if (reports.some((r) => !OPEN_REPORT_STATUSES.includes(r.status))) fields.push({ field: 'reportIds', key: 'reportAlreadyTriaged' });
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const decision = await this.route(trx, input, input.override);
      const now = new Date();
      const at = now.toISOString();
      const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
      const number = `QL-${year}-${String(await repo.nextCaseNumber(trx, year)).padStart(6, '0')}`;
      const id = uuidv7();
      const status: CaseStatus = decision.lead ? 'assigned' : 'triage';
      const due = this.deps.deadlines(now, input.category, 0);
      const row = {
        id,
        number,
        category: input.category,
        region_code: input.regionCode,
        priority: input.priority,
        tags: JSON.stringify([...new Set(input.tags ?? [])]),
        status,
        title: input.title.trim(),
        summary: input.summary?.trim() || null,
        target_kind: input.targetKind ?? null,
        money_paid: input.moneyPaid ? 1 : 0,
        lead_org_id: decision.lead?.orgId ?? null,
        routing_rule_id: decision.ruleId,
        routing_rule_name: decision.ruleName,
        routing_explanation: JSON.stringify(decision),
        routing_override_reason: decision.override?.reason ?? null,
        legal_basis: null,
        result_code: null,
        result_note: null,
        extensions: 0,
        opened_at: at,
        assigned_at: decision.lead ? at : null,
        first_response_due: due.firstResponseDue.toISOString(),
        first_responded_at: null,
        conclude_due: due.concludeDue.toISOString(),
        concluded_at: null,
        closed_at: null,
        escalated_at: null,
        created_by: officer.userId,
        updated_at: at,
      };
      await repo.insertCase(trx, row);
      await indexDocuments(trx, [caseSearchDocument(row)], { fresh: true });
      await this.placeAgencies(trx, id, decision, officer.userId, at);
      await repo.joinReportsToCase(trx, id, reportIds, officer.userId, at);
      await repo.setReportsStatus(
        trx,
        reportIds,
        { status: 'accepted', case_id: id },
        { idFor: () => uuidv7(), publicNote: null },
        officer.userId,
        at,
      );
      await repo.insertCaseEvents(trx, [
        this.event(id, officer, 'created', { toStatus: 'triage', data: { reportIds } }),
        ...(decision.lead
          ? [
              this.event(id, officer, 'routed', {
                fromStatus: 'triage',
                toStatus: 'assigned',
                reason: decision.override?.reason ?? null,
                data: routingSummary(decision),
              }),
            ]
          : []),
      ]);
      await this.audit(trx, actor, [
        {
          action: 'case.opened',
          objectType: 'case',
          objectId: id,
          summary: { number, reportIds, leadOrgId: row.lead_org_id, ruleId: decision.ruleId },
        },
        ...reportIds.map((reportId) => ({ action: 'report.accepted', objectType: 'report', objectId: reportId, summary: { caseId: id } })),
      ]);
      if (decision.lead) await this.notifyAssigned(trx, row, decision);
      return row;
    });
  }

  private async placeAgencies(trx: Kysely<Database>, caseId: string, decision: RoutingDecision, by: string, at: string) {
    if (decision.lead)
      await repo.setCaseAgency(trx, {
        case_id: caseId,
        org_id: decision.lead.orgId,
        role: 'lead',
        added_at: at,
        added_by: by,
        reason: decision.override?.reason ?? null,
      });
    for (const agency of decision.assisting)
      await repo.setCaseAgency(trx, { case_id: caseId, org_id: agency.orgId, role: 'assisting', added_at: at, added_by: by, reason: null });
  }

  private async notifyAssigned(trx: Kysely<Database>, row: { id: string; number: string; title: string }, decision: RoutingDecision) {
    if (decision.lead)
      await this.deps.notify(trx, {
        type: 'case.assigned',
        caseId: row.id,
        caseNumber: row.number,
        orgIds: [decision.lead.orgId],
        roles: ['case_officer', 'agency_lead'],
        title: { 'zh-CN': `新案件待受理：${row.number}`, en: `New case to accept: ${row.number}` },
        body: {
          'zh-CN': `案件“${row.title}”已交由贵单位主办，请及时受理。`,
          en: `Case "${row.title}" was assigned to your agency to lead; please accept it.`,
        },
      });
    if (decision.assisting.length > 0)
      await this.deps.notify(trx, {
        type: 'case.assist_requested',
        caseId: row.id,
        caseNumber: row.number,
        orgIds: decision.assisting.map((a) => a.orgId),
        roles: ['case_officer', 'agency_lead'],
        title: { 'zh-CN': `协办案件：${row.number}`, en: `Case to assist: ${row.number}` },
        body: { 'zh-CN': `贵单位被列为案件“${row.title}”的协办单位。`, en: `Your agency assists on case "${row.title}".` },
      });
  }

  private event(
    caseId: string,
    actor: UserPrincipal,
    type: string,
    details: {
      fromStatus?: string | null;
      toStatus?: string | null;
      reason?: string | null;
      legalBasis?: string | null;
      body?: string | null;
      visibleToOrgId?: string | null;
      data?: object;
    },
  ) {
    return {
      id: uuidv7(),
      case_id: caseId,
      type,
      from_status: details.fromStatus ?? null,
      to_status: details.toStatus ?? null,
      actor_user_id: actor.userId,
      actor_org_id: actor.orgId,
      reason: details.reason ?? null,
      legal_basis: details.legalBasis ?? null,
      visible_to_org_id: details.visibleToOrgId ?? null,
      body: details.body ?? null,
      data: JSON.stringify(details.data ?? {}),
      created_at: new Date().toISOString(),
    };
  }

  /** Joins more reports to an existing case (the same matter reported again). */
  async joinCase(actor: Actor, caseId: string, reportIds: string[]): Promise<void> {
    const officer = this.requireTriage(actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const found = await repo.findCase(trx, caseId);
      if (!found) throw new ProblemError('not_found');
      const reports = await repo.findReports(trx, reportIds);
      if (reports.length !== new Set(reportIds).size || reports.some((r) => !OPEN_REPORT_STATUSES.includes(r.status)))
        throw new ProblemError('validation', { fields: [{ field: 'reportIds', key: 'reportAlreadyTriaged' }] });
      const at = new Date().toISOString();
      const ids = reports.map((r) => r.id);
      await repo.joinReportsToCase(trx, caseId, ids, officer.userId, at);
      await repo.setReportsStatus(
        trx,
        ids,
        { status: 'accepted', case_id: caseId },
        { idFor: () => uuidv7(), publicNote: null },
        officer.userId,
        at,
      );
      await repo.insertCaseEvents(trx, [this.event(caseId, officer, 'reports_joined', { data: { reportIds: ids } })]);
      await this.audit(
        trx,
        actor,
        ids.map((id) => ({ action: 'report.accepted', objectType: 'report', objectId: id, summary: { caseId } })),
      );
    });
  }

  /** Marks a report as a duplicate of another: it is handled with it and shows its result. */
  async markDuplicate(actor: Actor, reportId: string, duplicateOf: string): Promise<void> {
    const officer = this.requireTriage(actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const [report] = await repo.findReports(trx, [reportId]);
      const [original] = await repo.findReports(trx, [duplicateOf]);
      if (!report) throw new ProblemError('not_found');
      if (!original || original.id === report.id)
        throw new ProblemError('validation', { fields: [{ field: 'duplicateOf', key: 'invalid' }] });
      if (!OPEN_REPORT_STATUSES.includes(report.status))
        throw new ProblemError('validation', { fields: [{ field: 'reportId', key: 'reportAlreadyTriaged' }] });
      const at = new Date().toISOString();
      await repo.setReportsStatus(
        trx,
        [report.id],
        { status: 'merged', duplicate_of: original.id, case_id: original.case_id ?? null },
        { idFor: () => uuidv7(), publicNote: null },
        officer.userId,
        at,
      );
      if (original.case_id) await repo.joinReportsToCase(trx, original.case_id, [report.id], officer.userId, at);
      await this.audit(trx, actor, [
        { action: 'report.merged', objectType: 'report', objectId: report.id, summary: { duplicateOf: original.id } },
      ]);
    });
  }

  /** Does not accept reports (one or a spam wave), with a reason the reporter reads in plain words. */
  async notAccept(actor: Actor, reportIds: string[], reason: NotAcceptedReason, note?: string): Promise<number> {
    const officer = this.requireTriage(actor);
    return this.deps.db.transaction().execute(async (trx) => {
      const reports = await repo.findReports(trx, [...new Set(reportIds)]);
      if (reports.length !== new Set(reportIds).size || reports.some((r) => !OPEN_REPORT_STATUSES.includes(r.status)))
        throw new ProblemError('validation', { fields: [{ field: 'reportIds', key: 'reportAlreadyTriaged' }] });
      const at = new Date().toISOString();
      const ids = reports.map((r) => r.id);
      await repo.setReportsStatus(
        trx,
        ids,
        { status: 'not_accepted', not_accepted_reason: reason, result_code: reason, result_note: note?.trim() || null },
        { idFor: () => uuidv7(), publicNote: note?.trim() || null },
        officer.userId,
        at,
      );
      await this.audit(
        trx,
        actor,
        ids.map((id) => ({ action: 'report.not_accepted', objectType: 'report', objectId: id, summary: { reason } })),
      );
      return ids.length;
    });
  }

  // ───────────── Cases ─────────────

  /** A case with its agencies, reports and timeline, as the actor may see it; "not found" otherwise. */
  async getCase(actor: Actor, caseId: string) {
    const found = await repo.findCase(this.deps.db, caseId);
    const agencies = found ? await repo.listCaseAgencies(this.deps.db, caseId) : [];
    if (!found || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
    const viewerOrg = actor.kind === 'user' && !casePolicy.triage(actor) ? actor.orgId : actor.kind === 'user' ? actor.orgId : null;
    const [reports, events] = await Promise.all([
      repo.listCaseReports(this.deps.db, caseId),
      repo.listCaseEvents(this.deps.db, caseId, viewerOrg),
    ]);
    return { case: found, agencies, reports, events };
  }

  async listCases(
    actor: Actor,
    filter: {
      scope: 'mine' | 'region' | 'all';
      status?: CaseStatus[];
      overdue?: boolean;
      category?: string;
      q?: string;
      before?: { openedAt: string; id: string };
      limit?: number;
    },
  ) {
    if (actor.kind !== 'user') throw new ProblemError('forbidden');
    const base: Omit<repo.CaseListFilter, 'before' | 'limit' | 'sort'> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.q ? { q: filter.q } : {}),
      ...(filter.overdue
        ? {
            overdueAt: new Date().toISOString(),
            status: filter.status ?? [...OPEN_STATUSES],
          }
        : {}),
    };
    Object.assign(base, this.scopeFilter(actor, filter.scope));
    const limit = Math.min(filter.limit ?? 50, 10_000);
    const [items, total] = await Promise.all([
      repo.listCases(this.deps.db, {
        ...base,
        ...(filter.before ? { before: filter.before } : {}),
        limit,
        sort: filter.overdue ? 'due_asc' : 'opened_desc',
      }),
      repo.countCases(this.deps.db, base),
    ]);
    return { items, total };
  }

  /** Names of organizations by id, for exports and lists. */
  async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.deps.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * On-time statistics of the cases in scope: concluded on time, concluded late, open and already
   * overdue (counted as late), open and not yet due (left out of the rate); and the cases in scope
   * counted by status and by category.
   */
  async deadlineStatistics(actor: Actor, scope: 'mine' | 'region' | 'all') {
    const filter = this.scopeFilter(actor, scope);
    const [counts, byStatus, byCategory] = await Promise.all([
      repo.deadlineCounts(this.deps.db, filter, new Date().toISOString(), OPEN_STATUSES),
      repo.countCasesBy(this.deps.db, filter, 'status'),
      repo.countCasesBy(this.deps.db, filter, 'category'),
    ]);
    const late = counts.concludedLate + counts.openOverdue;
    const decided = counts.concludedOnTime + late;
    return { ...counts, late, onTimeRate: decided === 0 ? null : counts.concludedOnTime / decided, byStatus, byCategory };
  }

  private scopeFilter(actor: Actor, scope: 'mine' | 'region' | 'all'): Omit<repo.CaseListFilter, 'before' | 'limit' | 'sort'> {
    if (actor.kind !== 'user') throw new ProblemError('forbidden');
    if (scope === 'all') {
      if (!casePolicy.triage(actor)) throw new ProblemError('forbidden');
      return {};
    }
    if (scope === 'region') {
      if (!actor.roles.some((r) => r === 'agency_lead' || r === 'auditor')) throw new ProblemError('forbidden');
      return { leadPathPrefix: actor.orgPath };
    }
    return { orgId: actor.orgId };
  }

  /** Moves a case by one of the lifecycle's transitions. */
  async transition(actor: Actor, caseId: string, input: TransitionInput): Promise<CaseRow> {
    if (actor.kind !== 'user') throw new ProblemError('forbidden');
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findCase(trx, caseId);
      const agencies = current ? await repo.listCaseAgencies(trx, caseId) : [];
      if (!current || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
      const decision = decideTransition({
        action: input.action,
        status: current.status as CaseStatus,
        roles: actor.roles,
        atTriage: casePolicy.triage(actor),
        atLead: casePolicy.atLead(actor, current.lead_org_id),
        reason: input.reason ?? null,
        legalBasis: input.legalBasis ?? null,
      });
      if (!decision.ok) throw transitionProblem(decision.refusal);
      const now = new Date();
      const at = now.toISOString();
      const changes: Parameters<typeof repo.updateCase>[2] = { status: decision.to, updated_at: at };
      const data: Record<string, unknown> = {};
      let routed: RoutingDecision | null = null;

      switch (input.action) {
        case 'accept':
          if (!current.first_responded_at) changes.first_responded_at = at;
          break;
        case 'return':
          if (!current.first_responded_at) changes.first_responded_at = at;
          break;
        case 'route':
        case 'reroute': {
          routed = await this.route(
            trx,
            {
              category: current.category as ReportCategory,
              regionCode: current.region_code,
              ...(current.target_kind ? { targetKind: current.target_kind as TargetKind } : {}),
              moneyPaid: Number(current.money_paid) === 1,
            },
            input.override,
          );
          if (!routed.lead) throw new ProblemError('validation', { fields: [{ field: 'override', key: 'noLeadAgency' }] });
          await trx.deleteFrom('case_agencies').where('case_id', '=', caseId).execute();
          await this.placeAgencies(trx, caseId, routed, actor.userId, at);
          Object.assign(changes, {
            lead_org_id: routed.lead.orgId,
            assigned_at: at,
            routing_rule_id: routed.ruleId,
            routing_rule_name: routed.ruleName,
            routing_explanation: JSON.stringify(routed),
            routing_override_reason: routed.override?.reason ?? null,
          });
          Object.assign(data, routingSummary(routed));
          break;
        }
        case 'transfer': {
          const target = input.transferToOrgId
            ? await trx
                .selectFrom('organizations')
                .select(['id', 'kind', 'status'])
                .where('id', '=', input.transferToOrgId)
                .executeTakeFirst()
            : undefined;
          if (!target || target.status !== 'active' || target.id === current.lead_org_id)
            throw new ProblemError('validation', { fields: [{ field: 'transferToOrgId', key: 'invalid' }] });
          // The former lead keeps sight of the case it worked on, without a part in it.
          await trx
            .updateTable('case_agencies')
            .set({ role: 'former_lead' })
            .where('case_id', '=', caseId)
            .where('role', '=', 'lead')
            .execute();
          await repo.setCaseAgency(trx, {
            case_id: caseId,
            org_id: target.id,
            role: 'lead',
            added_at: at,
            added_by: actor.userId,
            reason: input.reason ?? null,
          });
          changes.lead_org_id = target.id;
          changes.assigned_at = at;
          data.fromOrgId = current.lead_org_id;
          data.toOrgId = target.id;
          break;
        }
        case 'dispose':
          changes.legal_basis = input.legalBasis!.trim();
          break;
        case 'conclude': {
          if (!input.resultCode || !(CASE_RESULTS as readonly string[]).includes(input.resultCode))
            throw new ProblemError('validation', { fields: [{ field: 'resultCode', key: 'required' }] });
          Object.assign(changes, {
            concluded_at: at,
            legal_basis: input.legalBasis!.trim(),
            result_code: input.resultCode,
            result_note: input.resultNote?.trim() || null,
          });
          // The reporters read the result on their tracking page, in plain words.
          await this.tellReporters(trx, caseId, {
            resultCode: input.resultCode,
            resultNote: input.resultNote?.trim() || null,
            publicNote: RESULT_WORDS[input.resultCode]?.['zh-CN'] ?? null,
            at,
          });
          data.resultCode = input.resultCode;
          break;
        }
        case 'close':
          changes.closed_at = at;
          break;
        case 'reopen':
          Object.assign(changes, { concluded_at: null, closed_at: null, result_code: null, result_note: null });
          // The result the reporters read no longer stands: their tracking page says the case is handled again.
          await this.tellReporters(trx, caseId, { resultCode: null, resultNote: null, publicNote: REOPENED_NOTE['zh-CN'], at });
          break;
        case 'investigate':
          break;
      }

      await repo.updateCase(trx, caseId, changes);
      await repo.insertCaseEvents(trx, [
        this.event(caseId, actor, input.action, {
          fromStatus: current.status,
          toStatus: decision.to,
          reason: input.reason?.trim() || null,
          legalBasis: input.legalBasis?.trim() || null,
          data,
        }),
      ]);
      await this.audit(trx, actor, [
        {
          action: `case.${input.action}`,
          objectType: 'case',
          objectId: caseId,
          summary: { from: current.status, to: decision.to, reason: input.reason ?? null, legalBasis: input.legalBasis ?? null, ...data },
        },
      ]);
      const updated = { ...current, ...changes } as CaseRow;
      await this.notifyTransition(trx, updated, input.action, routed, input);
      return updated;
    });
  }

  private async notifyTransition(
    trx: Kysely<Database>,
    updated: CaseRow,
    action: CaseAction,
    routed: RoutingDecision | null,
    input: TransitionInput,
  ) {
    const base = { caseId: updated.id, caseNumber: updated.number };
    switch (action) {
      case 'route':
      case 'reroute':
        if (routed) await this.notifyAssigned(trx, updated, routed);
        return;
      case 'transfer':
        await this.deps.notify(trx, {
          ...base,
          type: 'case.assigned',
          orgIds: [updated.lead_org_id!],
          roles: ['case_officer', 'agency_lead'],
          title: { 'zh-CN': `移交案件待受理：${updated.number}`, en: `Case transferred to you: ${updated.number}` },
          body: {
            'zh-CN': `案件“${updated.title}”已移交贵单位主办。`,
            en: `Case "${updated.title}" was transferred to your agency to lead.`,
          },
        });
        return;
      case 'return': {
        const triage = await trx
          .selectFrom('organizations')
          .select('id')
          .where('kind', '=', 'reporting_centre')
          .where('status', '=', 'active')
          .execute();
        await this.deps.notify(trx, {
          ...base,
          type: 'case.returned',
          orgIds: triage.map((o) => o.id),
          roles: ['triage_officer'],
          title: { 'zh-CN': `案件被退回：${updated.number}`, en: `Case returned: ${updated.number}` },
          body: { 'zh-CN': `退回理由：${input.reason ?? ''}`, en: `Reason: ${input.reason ?? ''}` },
        });
        return;
      }
      case 'conclude': {
        const reports = await repo.listCaseReports(trx, updated.id);
        await this.deps.notify(trx, {
          ...base,
          type: 'case.concluded',
          orgIds: (await repo.listCaseAgencies(trx, updated.id)).map((a) => a.org_id),
          roles: ['case_officer', 'agency_lead'],
          title: { 'zh-CN': `案件已办结：${updated.number}`, en: `Case concluded: ${updated.number}` },
          body: {
            'zh-CN': RESULT_WORDS[updated.result_code ?? '']?.['zh-CN'] ?? '',
            en: RESULT_WORDS[updated.result_code ?? '']?.en ?? '',
          },
          reporterReportIds: reports.filter((r) => Number(r.contact_consent) === 1 && r.reporter_sealed).map((r) => r.id),
        });
        return;
      }
      case 'accept':
      case 'investigate':
      case 'dispose':
      case 'close':
      case 'reopen':
        // Seen on the timeline by the agencies on the case; nobody else needs telling.
        return;
    }
  }

  /**
   * Sets the result the reporters of a case read on their tracking page (null: none yet) and adds a
   * public step to each report's timeline saying so, in the same transaction as the case's change.
   */
  private async tellReporters(
    trx: Kysely<Database>,
    caseId: string,
    change: { resultCode: string | null; resultNote: string | null; publicNote: string | null; at: string },
  ): Promise<void> {
    const reports = await repo.listCaseReports(trx, caseId);
    if (reports.length === 0) return;
    await trx
      .updateTable('reports')
      .set({ result_code: change.resultCode, result_note: change.resultNote, updated_at: change.at })
      .where(
        'id',
        'in',
        reports.map((r) => r.id),
      )
      .execute();
    await trx
      .insertInto('report_events')
      .values(
        reports.map((r) => ({
          id: uuidv7(),
          report_id: r.id,
          status: change.resultCode === null ? r.status : 'note',
          public: 1,
          public_note: change.publicNote,
          occurred_at: change.at,
        })),
      )
      .execute();
  }

  /** Asks another agency to assist on a case. */
  async requestAssistance(actor: Actor, caseId: string, orgId: string, reason: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findCase(trx, caseId);
      const agencies = current ? await repo.listCaseAgencies(trx, caseId) : [];
      if (!current || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
      if (!casePolicy.requestAssistance(actor, current.lead_org_id)) throw new ProblemError('forbidden');
      const org = await trx.selectFrom('organizations').select(['id', 'status']).where('id', '=', orgId).executeTakeFirst();
      if (!org || org.status !== 'active' || agencies.some((a) => a.org_id === orgId))
        throw new ProblemError('validation', { fields: [{ field: 'orgId', key: 'invalid' }] });
      const at = new Date().toISOString();
      await repo.setCaseAgency(trx, { case_id: caseId, org_id: orgId, role: 'assisting', added_at: at, added_by: actor.userId, reason });
      await repo.insertCaseEvents(trx, [this.event(caseId, actor, 'assist_requested', { reason, data: { orgId } })]);
      await this.audit(trx, actor, [{ action: 'case.assist_requested', objectType: 'case', objectId: caseId, summary: { orgId, reason } }]);
      await this.deps.notify(trx, {
        type: 'case.assist_requested',
        caseId,
        caseNumber: current.number,
        orgIds: [orgId],
        roles: ['case_officer', 'agency_lead'],
        title: { 'zh-CN': `协办请求：${current.number}`, en: `Request to assist: ${current.number}` },
        body: { 'zh-CN': reason, en: reason },
      });
    });
  }

  /** A comment on the timeline: shared with every agency on the case, or internal to one's own. */
  async comment(actor: Actor, caseId: string, body: string, internal: boolean): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findCase(trx, caseId);
      const agencies = current ? await repo.listCaseAgencies(trx, caseId) : [];
      if (!current || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
      if (!casePolicy.comment(actor, agencies)) throw new ProblemError('forbidden');
      const event = this.event(caseId, actor, 'comment', { body: body.trim(), visibleToOrgId: internal ? actor.orgId : null });
      await repo.insertCaseEvents(trx, [event]);
      await this.audit(trx, actor, [
        { action: 'case.commented', objectType: 'case', objectId: caseId, summary: { eventId: event.id, internal } },
      ]);
    });
  }

  /** Extends the conclusion deadline (once, by default), with a lead's approval and a reason. */
  async extendDeadline(actor: Actor, caseId: string, reason: string): Promise<CaseRow> {
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await repo.findCase(trx, caseId);
      const agencies = current ? await repo.listCaseAgencies(trx, caseId) : [];
      if (!current || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
      if (!casePolicy.extend(actor, current.lead_org_id)) throw new ProblemError('forbidden');
      if (!this.deps.canExtend(current.category, current.extensions))
        throw new ProblemError('conflict', { detail: 'No extension is left for this case.' });
      const due = this.deps.deadlines(new Date(toIsoString(current.opened_at)), current.category, current.extensions + 1);
      const at = new Date().toISOString();
      const changes = { extensions: current.extensions + 1, conclude_due: due.concludeDue.toISOString(), updated_at: at };
      await repo.updateCase(trx, caseId, changes);
      await repo.insertCaseEvents(trx, [
        this.event(caseId, actor, 'deadline_extended', { reason, data: { concludeDue: changes.conclude_due } }),
      ]);
      await this.audit(trx, actor, [
        { action: 'case.deadline_extended', objectType: 'case', objectId: caseId, summary: { reason, concludeDue: changes.conclude_due } },
      ]);
      return { ...current, ...changes };
    });
  }
}

function routingSummary(decision: RoutingDecision) {
  return {
    ruleId: decision.ruleId,
    ruleName: decision.ruleName,
    leadOrgId: decision.lead?.orgId ?? null,
    assistingOrgIds: decision.assisting.map((a) => a.orgId),
    overridden: decision.override !== null,
  };
}

function transitionProblem(
  refusal: ReturnType<typeof decideTransition> extends infer R ? (R extends { ok: false; refusal: infer F } ? F : never) : never,
) {
  switch (refusal) {
    case 'not_from_this_status':
      return new ProblemError('conflict', { detail: 'This action is not possible in the case’s current status.' });
    case 'not_your_case':
    case 'role_not_allowed':
      return new ProblemError('forbidden');
    case 'reason_required':
      return new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
    case 'legal_basis_required':
      return new ProblemError('validation', { fields: [{ field: 'legalBasis', key: 'required' }] });
  }
}
