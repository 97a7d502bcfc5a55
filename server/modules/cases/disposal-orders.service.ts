import type { Kysely, Updateable } from 'kysely';
import { AGENCY_KINDS, type OrgKind } from '../../../contracts/orgs';
import type { DatabaseDialect } from '../../config';
import type { Database, DisposalOrderRow, DisposalOrdersTable } from '../../db/schema';
import { inTransaction } from '../../http/idempotency';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor, hasRole } from '../auth/principal';
import { isHttpUrl } from '../../../contracts/reports';
import * as repo from './cases.repository';
import { casePolicy } from './cases.policy';
import type { CaseNotification } from './cases.service';
import {
  ORDER_KINDS_BY_ORG_KIND,
  ORDER_TRANSITIONS,
  type OrderKind,
  type OrderStatus,
  orderKindFits,
  orderNotificationBody,
} from './disposal-orders';

export interface IssueOrderInput {
  executingOrgId: string;
  kind: OrderKind;
  targetUrls?: string[];
  legalBasis: string;
  instructions?: string;
  dueAt: string;
}

/**
 * An order with the names of the organizations on either side and its case's number, which the
 * executing organization may not otherwise see (websites are outside the agency directory and
 * cannot read cases).
 */
export type NamedDisposalOrder = DisposalOrderRow & { issuing_org_name: string; executing_org_name: string; case_number: string };

/** An organization an agency can order, with the kinds of order that fit it. */
export interface ExecutingOrganization {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  orderKinds: OrderKind[];
}

/** Names the organizations and the case of each order: two queries, whatever the number of orders (`db` may be a transaction). */
async function withNames(db: Kysely<Database>, orders: DisposalOrderRow[]): Promise<NamedDisposalOrder[]> {
  if (orders.length === 0) return [];
  const orgIds = [...new Set(orders.flatMap((o) => [o.issuing_org_id, o.executing_org_id]))];
  const caseIds = [...new Set(orders.map((o) => o.case_id))];
  const orgs = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute();
  const cases = await db.selectFrom('cases').select(['id', 'number']).where('id', 'in', caseIds).execute();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  return orders.map((o) => ({
    ...o,
    issuing_org_name: names.get(o.issuing_org_id) ?? '',
    executing_org_name: names.get(o.executing_org_id) ?? '',
    case_number: numbers.get(o.case_id) ?? '',
  }));
}

/** Roles that act for an executing organization in the workbench. */
const EXECUTING_ROLES = ['website_compliance', 'case_officer', 'agency_lead', 'admin'] as const;

/**
 * Disposal orders (处置指令): an agency orders a website, the police or a regulator to act, with the
 * legal basis and a deadline; the executing organization acknowledges and reports execution with
 * proof (workbench or API token); the issuing agency verifies or disputes.
 */
export class DisposalOrderService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: DatabaseDialect;
      notify: (trx: Kysely<Database>, notification: CaseNotification & { webhookPayload?: object }) => Promise<void>;
    },
  ) {}

  /** Whether the actor acts for the executing organization: its people, or its system with an `orders:write` token. */
  private executes(actor: Actor, order: { executing_org_id: string }): boolean {
    if (actor.kind === 'token') return actor.orgId === order.executing_org_id && actor.scopes.includes('orders:write');
    return actor.kind === 'user' && actor.orgId === order.executing_org_id && hasRole(actor, ...EXECUTING_ROLES);
  }

  private issues(actor: Actor, order: { issuing_org_id: string }): boolean {
    return actor.kind === 'user' && actor.orgId === order.issuing_org_id && hasRole(actor, 'case_officer', 'agency_lead');
  }

  /** Who may see an order: the executing organization, and whoever may see its case. */
  private async visible(db: Kysely<Database>, actor: Actor, order: DisposalOrderRow): Promise<boolean> {
    if (this.executes(actor, order) || (actor.kind === 'token' && actor.orgId === order.executing_org_id)) return true;
    if (actor.kind === 'user' && actor.orgId === order.executing_org_id) return true;
    return casePolicy.read(actor, await repo.listCaseAgencies(db, order.case_id));
  }

  /** Issues an order; in `within` when given (an idempotent request's transaction), else in a transaction of its own. */
  /**
   * The organizations the actor's agency can order (websites, the police, regulators), for the form
   * that issues an order: for those who issue orders at an agency only. Websites are outside the
   * agency directory, so this is where an agency learns their names.
   */
  async executingOrganizations(actor: Actor): Promise<ExecutingOrganization[]> {
    if (actor.kind !== 'user' || !AGENCY_KINDS.includes(actor.orgKind) || !hasRole(actor, 'case_officer', 'agency_lead'))
      throw new ProblemError('forbidden');
    const kinds = Object.keys(ORDER_KINDS_BY_ORG_KIND) as OrgKind[];
    const rows = await this.deps.db
      .selectFrom('organizations')
      .select(['id', 'name', 'kind', 'region_code'])
      .where('status', '=', 'active')
      .where('kind', 'in', kinds)
      .orderBy('name')
      .limit(5000)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind as OrgKind,
      regionCode: row.region_code,
      orderKinds: [...(ORDER_KINDS_BY_ORG_KIND[row.kind as OrgKind] ?? [])] as OrderKind[],
    }));
  }

  async issue(actor: Actor, caseId: string, input: IssueOrderInput, within?: Kysely<Database>): Promise<NamedDisposalOrder> {
    return inTransaction(this.deps.db, within, async (trx) => {
      const found = await repo.findCase(trx, caseId);
      const agencies = found ? await repo.listCaseAgencies(trx, caseId) : [];
      if (!found || !casePolicy.read(actor, agencies)) throw new ProblemError('not_found');
      if (actor.kind !== 'user' || !casePolicy.atLead(actor, found.lead_org_id) || !hasRole(actor, 'case_officer', 'agency_lead'))
        throw new ProblemError('forbidden');
      if (!['investigating', 'disposing'].includes(found.status))
        throw new ProblemError('conflict', { detail: 'Orders are issued while a case is being investigated or disposed of.' });
      const fields: FieldProblem[] = [];
      const executing = await trx
        .selectFrom('organizations')
        .select(['id', 'kind', 'status'])
        .where('id', '=', input.executingOrgId)
        .executeTakeFirst();
      if (!executing || executing.status !== 'active') fields.push({ field: 'executingOrgId', key: 'invalid' });
      else if (!orderKindFits(input.kind, executing.kind as OrgKind)) fields.push({ field: 'kind', key: 'orderKindNotForOrg' });
      (input.targetUrls ?? []).forEach((url, i) => {
        if (!isHttpUrl(url)) fields.push({ field: `targetUrls.${i}`, key: 'url' });
      });
      const due = new Date(input.dueAt);
      if (Number.isNaN(due.getTime()) || due <= new Date()) fields.push({ field: 'dueAt', key: 'dueInPast' });
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const at = new Date().toISOString();
      const row = {
        id: uuidv7(),
        case_id: caseId,
        issuing_org_id: actor.orgId,
        executing_org_id: input.executingOrgId,
        kind: input.kind,
        target_urls: JSON.stringify(input.targetUrls ?? []),
        instructions: input.instructions?.trim() || null,
        legal_basis: input.legalBasis.trim(),
        status: 'issued',
        due_at: due.toISOString() as string,
        issued_by: actor.userId,
        issued_at: at,
        acknowledged_at: null,
        executed_at: null,
        execution_note: null,
        proof_urls: '[]',
        verified_at: null,
        dispute_reason: null,
        updated_at: at,
      };
      await trx
        .insertInto('disposal_orders')
        .values({ ...row, due_at: row.due_at as string, issued_at: at, updated_at: at })
        .execute();
      // Ordering disposal is the case's move into disposing, with the order's legal basis.
      if (found.status === 'investigating')
        await repo.updateCase(trx, caseId, { status: 'disposing', legal_basis: row.legal_basis, updated_at: at });
      await repo.insertCaseEvents(trx, [
        {
          id: uuidv7(),
          case_id: caseId,
          type: 'order_issued',
          from_status: found.status,
          to_status: 'disposing',
          actor_user_id: actor.userId,
          actor_org_id: actor.orgId,
          reason: null,
          legal_basis: row.legal_basis,
          visible_to_org_id: null,
          body: row.instructions,
          data: JSON.stringify({ orderId: row.id, kind: row.kind, executingOrgId: row.executing_org_id, dueAt: row.due_at }),
          created_at: at,
        },
      ]);
      await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...auditActor(actor),
          action: 'order.issued',
          objectType: 'disposal_order',
          objectId: row.id,
          summary: { caseId, kind: row.kind, executingOrgId: row.executing_org_id, dueAt: row.due_at },
        },
      ]);
      await this.deps.notify(trx, {
        type: 'order.issued',
        caseId,
        caseNumber: found.number,
        orgIds: [row.executing_org_id],
        roles: ['website_compliance', 'case_officer', 'agency_lead'],
        title: { 'zh-CN': `处置指令：${found.number}`, en: `Disposal order: ${found.number}` },
        body: orderNotificationBody('issued', { dueAt: row.due_at }),
        // The executing organization is no agency on the case: it works its orders on the orders page.
        link: '/workbench/orders',
        webhookPayload: {
          orderId: row.id,
          caseNumber: found.number,
          kind: row.kind,
          targetUrls: input.targetUrls ?? [],
          legalBasis: row.legal_basis,
          dueAt: row.due_at,
        },
      });
      return (await withNames(trx, [row as DisposalOrderRow]))[0]!;
    });
  }

  /** Orders for the caller's organization to execute (its inbox), or issued by it. */
  async list(actor: Actor, filter: { role: 'executing' | 'issuing'; status?: OrderStatus[] }): Promise<NamedDisposalOrder[]> {
    if (actor.kind === 'anonymous') throw new ProblemError('unauthenticated');
    if (actor.kind === 'system') throw new ProblemError('forbidden');
    if (actor.kind === 'token' && (!actor.scopes.includes('orders:write') || filter.role !== 'executing'))
      throw new ProblemError('forbidden');
    let query = this.deps.db
      .selectFrom('disposal_orders')
      .selectAll()
      .where(filter.role === 'executing' ? 'executing_org_id' : 'issuing_org_id', '=', actor.orgId);
    if (filter.status && filter.status.length > 0) query = query.where('status', 'in', filter.status);
    return withNames(this.deps.db, await query.orderBy('due_at').limit(500).execute());
  }

  async get(actor: Actor, id: string): Promise<NamedDisposalOrder> {
    const order = await this.deps.db.selectFrom('disposal_orders').selectAll().where('id', '=', id).executeTakeFirst();
    if (!order || !(await this.visible(this.deps.db, actor, order))) throw new ProblemError('not_found');
    return (await withNames(this.deps.db, [order]))[0]!;
  }

  /** Acknowledge, report execution, verify or dispute an order. */
  async move(
    actor: Actor,
    id: string,
    action: keyof typeof ORDER_TRANSITIONS,
    details: { note?: string; proofUrls?: string[]; reason?: string } = {},
    within?: Kysely<Database>,
  ): Promise<NamedDisposalOrder> {
    return inTransaction(this.deps.db, within, async (trx) => {
      const order = await trx.selectFrom('disposal_orders').selectAll().where('id', '=', id).executeTakeFirst();
      if (!order || !(await this.visible(trx, actor, order))) throw new ProblemError('not_found');
      const transition = ORDER_TRANSITIONS[action];
      const allowed = transition.by === 'executing' ? this.executes(actor, order) : this.issues(actor, order);
      if (!allowed) throw new ProblemError('forbidden');
      if (!transition.from.includes(order.status as OrderStatus))
        throw new ProblemError('conflict', { detail: `The order is ${order.status}; it cannot be ${action}d now.` });
      const fields: FieldProblem[] = [];
      if (action === 'execute') {
        if (!details.note?.trim()) fields.push({ field: 'note', key: 'required' });
        (details.proofUrls ?? []).forEach((url, i) => {
          if (!isHttpUrl(url)) fields.push({ field: `proofUrls.${i}`, key: 'url' });
        });
      }
      if (action === 'dispute' && !details.reason?.trim()) fields.push({ field: 'reason', key: 'required' });
      if (fields.length > 0) throw new ProblemError('validation', { fields });
      const at = new Date().toISOString();
      const changes: Updateable<DisposalOrdersTable> = { status: transition.to, updated_at: at };
      if (action === 'acknowledge') changes.acknowledged_at = at;
      if (action === 'execute')
        Object.assign(changes, {
          executed_at: at,
          execution_note: details.note!.trim(),
          proof_urls: JSON.stringify(details.proofUrls ?? []),
          dispute_reason: null,
        });
      if (action === 'verify') changes.verified_at = at;
      if (action === 'dispute') changes.dispute_reason = details.reason!.trim();
      await trx.updateTable('disposal_orders').set(changes).where('id', '=', id).execute();
      const found = await repo.findCase(trx, order.case_id);
      await repo.insertCaseEvents(trx, [
        {
          id: uuidv7(),
          case_id: order.case_id,
          type: `order_${transition.to}`,
          from_status: null,
          to_status: null,
          actor_user_id: actor.kind === 'user' ? actor.userId : null,
          actor_org_id: actor.kind === 'user' || actor.kind === 'token' ? actor.orgId : null,
          reason: details.reason?.trim() || null,
          legal_basis: null,
          visible_to_org_id: null,
          body: details.note?.trim() || null,
          data: JSON.stringify({ orderId: id, via: actor.kind, proofUrls: details.proofUrls ?? [] }),
          created_at: at,
        },
      ]);
      await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...auditActor(actor),
          action: `order.${transition.to}`,
          objectType: 'disposal_order',
          objectId: id,
          summary: { caseId: order.case_id, reason: details.reason ?? null },
        },
      ]);
      const toIssuer = transition.by === 'executing';
      await this.deps.notify(trx, {
        type: `order.${transition.to}`,
        caseId: order.case_id,
        caseNumber: found?.number ?? '',
        orgIds: [toIssuer ? order.issuing_org_id : order.executing_org_id],
        roles: toIssuer ? ['case_officer', 'agency_lead'] : ['website_compliance', 'case_officer', 'agency_lead'],
        title: {
          'zh-CN': `处置指令${ORDER_WORDS[transition.to]}：${found?.number ?? ''}`,
          en: `Disposal order ${transition.to}: ${found?.number ?? ''}`,
        },
        body: orderNotificationBody(transition.to, details),
        link: '/workbench/orders',
        webhookPayload: { orderId: id, status: transition.to, caseNumber: found?.number ?? '' },
      });
      return (await withNames(trx, [{ ...order, ...changes } as DisposalOrderRow]))[0]!;
    });
  }
}

const ORDER_WORDS: Record<OrderStatus, string> = {
  issued: '已下达',
  acknowledged: '已签收',
  executed: '已执行',
  verified: '已核验',
  disputed: '有异议',
};
