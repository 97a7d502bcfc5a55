import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { CaseStatus } from '../../../contracts/cases-lifecycle';
import { toIsoString } from '../../db/values';
import { userOf } from '../../http/authenticate';
import { ProblemError } from '../../http/problem';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import { availableActions } from './case-lifecycle';
import { casePolicy } from './cases.policy';
import { presentCase, presentCaseSummary } from './cases.presenter';
import {
  AssistBody,
  CaseListQuery,
  CaseParams,
  CaseSummarySchema,
  CommentBody,
  DuplicateBody,
  ExtendBody,
  NotAcceptBody,
  OpenCaseBody,
  ReportIdsBody,
  ReportParams,
  TransitionBody,
  TriageQueueQuery,
} from './cases.schemas';
import type { CaseService } from './cases.service';
import { casesToCsv, casesToXlsx } from './case-export';
import { negotiateLocale } from '../../http/locale';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { REPORT_CATEGORIES } from '../../../contracts/reports';

const EXPORT_LIMIT = 10_000;

const STAFF = { auth: 'user' as const };
const Detail = Type.Record(Type.String(), Type.Unknown(), { description: 'The case page: see the workbench' });

function encodeCursor(row: { opened_at: Date | string; id: string }): string {
  return Buffer.from(JSON.stringify({ openedAt: toIsoString(row.opened_at), id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { openedAt?: unknown; id?: unknown };
    if (typeof parsed.openedAt === 'string' && typeof parsed.id === 'string') return { openedAt: parsed.openedAt, id: parsed.id };
  } catch {
    // fall through
  }
  throw new ProblemError('validation', { fields: [{ field: 'before', key: 'invalid' }] });
}

/** The triage flag: the report's indicators match a confirmed registry entity (which ones). */
function confirmedEntityFlag(rows: readonly { entity_id: string; display_name: string; kind: string }[]) {
  return {
    touchesConfirmedEntity: rows.length > 0,
    confirmedEntities: rows.map((e) => ({ id: e.entity_id, displayName: e.display_name, kind: e.kind })),
  };
}

/** Triage of reports and the case workflow. */
export async function casesRoutes(parent: FastifyInstance, options: { cases: CaseService }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { cases } = options;
  app.addSchema(CaseSummarySchema);
  const triageTags = ['triage'];
  const tags = ['cases'];

  async function casePage(actor: Parameters<CaseService['getCase']>[0], id: string) {
    const detail = await cases.getCase(actor, id);
    const actions =
      actor.kind === 'user'
        ? availableActions(
            detail.case.status as CaseStatus,
            actor.roles,
            casePolicy.triage(actor),
            casePolicy.atLead(actor, detail.case.lead_org_id),
          )
        : [];
    return presentCase(detail, actions);
  }

  app.get(
    '/api/v1/triage/reports',
    {
      config: STAFF,
      schema: {
        tags: triageTags,
        summary: 'Reports waiting for triage, oldest first, with counts by status',
        querystring: TriageQueueQuery,
        response: { 200: Detail, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const page = await cases.triageQueue(request.principal, request.query);
      return {
        items: page.items.map((r) => ({
          id: r.id,
          trackingCode: r.tracking_code,
          category: r.category,
          status: r.status,
          description: r.description,
          platform: r.platform,
          money: r.money_amount ? { amount: Number(r.money_amount), currency: r.money_currency } : null,
          reporterKind: r.reporter_kind,
          source: r.source,
          receivedAt: toIsoString(r.received_at),
          ...confirmedEntityFlag(page.confirmedEntities.filter((e) => e.report_id === r.id)),
        })),
        counts: page.counts,
        nextAfter: page.nextAfter,
      };
    },
  );

  app.get(
    '/api/v1/triage/reports/:reportId',
    {
      config: STAFF,
      schema: {
        tags: triageTags,
        summary: 'A report for triage: evidence, indicators, earlier reports and cases sharing its indicators, and near-duplicate texts',
        params: ReportParams,
        response: { 200: Detail, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const {
        report,
        evidence,
        indicators,
        shared,
        related,
        cases: relatedCases,
        nearDuplicates,
        confirmedEntities,
      } = await cases.triageReport(request.principal, request.params.reportId);
      return {
        report: {
          id: report.id,
          trackingCode: report.tracking_code,
          category: report.category,
          status: report.status,
          description: report.description,
          platform: report.platform,
          occurredAt: report.occurred_at ? toIsoString(report.occurred_at) : null,
          targetUrls: JSON.parse(report.target_urls) as string[],
          money: report.money_amount
            ? { amount: Number(report.money_amount), currency: report.money_currency, channel: report.money_channel }
            : null,
          reporterKind: report.reporter_kind,
          source: report.source,
          receivedAt: toIsoString(report.received_at),
          caseId: report.case_id,
          ...confirmedEntityFlag(confirmedEntities),
        },
        evidence: evidence.map((e) => ({
          position: e.position,
          sha256: e.sha256,
          fileName: e.file_name,
          mediaType: e.media_type,
          size: Number(e.size),
        })),
        indicators,
        suggestions: {
          shared: shared.map((s) => ({ type: s.type, value: s.value, reportIds: s.reports })),
          reports: related.map((r) => ({
            id: r.id,
            trackingCode: r.tracking_code,
            status: r.status,
            category: r.category,
            receivedAt: toIsoString(r.received_at),
            caseId: r.case_id,
          })),
          cases: relatedCases.map((c) => ({ id: c.id, number: c.number, status: c.status, title: c.title, reportId: c.report_id })),
        },
        nearDuplicates: nearDuplicates.map((d) => ({ reportId: d.reportId, trackingCode: d.trackingCode, similarity: d.similarity })),
      };
    },
  );

  app.post(
    '/api/v1/triage/reports/review',
    {
      config: STAFF,
      schema: {
        tags: triageTags,
        summary: 'Start reviewing reports (the reporter sees “under review”)',
        body: ReportIdsBody,
        response: { 200: Type.Object({ count: Type.Integer() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ count: await cases.startReview(request.principal, request.body.reportIds) }),
  );

  app.post(
    '/api/v1/triage/reports/:reportId/duplicate',
    {
      config: STAFF,
      schema: {
        tags: triageTags,
        summary: 'Mark a report as a duplicate of another',
        params: ReportParams,
        body: DuplicateBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await cases.markDuplicate(request.principal, request.params.reportId, request.body.duplicateOf);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/triage/reports/not-accepted',
    {
      config: STAFF,
      schema: {
        tags: triageTags,
        summary: 'Do not accept reports (one, or a spam wave), with a reason the reporter reads',
        body: NotAcceptBody,
        response: { 200: Type.Object({ count: Type.Integer() }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      count: await cases.notAccept(request.principal, request.body.reportIds, request.body.reason, request.body.note),
    }),
  );

  app.post(
    '/api/v1/cases',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Open a case from reports: numbered, routed by the rules (or the officer’s override), deadlines set',
        body: OpenCaseBody,
        response: { 201: Detail, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const row = await cases.openCase(request.principal, request.body);
      return reply.code(201).send(await casePage(request.principal, row.id));
    },
  );

  app.get(
    '/api/v1/cases',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Cases: my agency’s (default), my region’s (leads, auditors) or all (triage); filters, counts, cursor',
        querystring: CaseListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('CaseSummary')),
            total: Type.Integer(),
            nextBefore: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { scope = 'mine', before, ...rest } = request.query;
      const limit = rest.limit ?? 50;
      const { items, total } = await cases.listCases(request.principal, {
        ...rest,
        scope,
        limit,
        ...(before ? { before: decodeCursor(before) } : {}),
      });
      const last = items[items.length - 1];
      return {
        items: items.map((row) => presentCaseSummary(row)),
        total,
        nextBefore: items.length === limit && last && !rest.overdue ? encodeCursor(last) : null,
      };
    },
  );

  app.get(
    '/api/v1/cases/export',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'The case list as CSV or XLSX (the same scope and filters as the list; at most 10,000 rows)',
        querystring: Type.Object({
          format: StringEnum(['csv', 'xlsx'] as const),
          scope: Type.Optional(StringEnum(['mine', 'region', 'all'] as const)),
          status: Type.Optional(Type.Array(StringEnum(CASE_STATUSES))),
          overdue: Type.Optional(Type.Boolean()),
          category: Type.Optional(StringEnum(REPORT_CATEGORIES)),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { format, scope = 'mine', ...filter } = request.query;
      const { items } = await cases.listCases(request.principal, { ...filter, scope, limit: EXPORT_LIMIT });
      const orgNames = await cases.organizationNames(items.map((c) => c.lead_org_id).filter((id): id is string => id !== null));
      const locale = negotiateLocale(request.headers['accept-language']);
      const stamp = new Date().toISOString().slice(0, 10);
      void reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="cases-${stamp}.${format}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(casesToCsv(items, orgNames, locale));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await casesToXlsx(items, orgNames, locale));
    },
  );

  app.get(
    '/api/v1/cases/statistics',
    {
      config: STAFF,
      schema: {
        tags,
        summary:
          'On-time statistics: concluded on time or late, open cases already overdue (counted late), open and not yet due; cases by status and by category',
        querystring: Type.Object({ scope: Type.Optional(StringEnum(['mine', 'region', 'all'] as const)) }),
        response: {
          200: Type.Object({
            concludedOnTime: Type.Integer(),
            concludedLate: Type.Integer(),
            openOverdue: Type.Integer(),
            openNotDue: Type.Integer(),
            late: Type.Integer(),
            onTimeRate: Type.Union([Type.Number(), Type.Null()]),
            byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'Cases in scope by status (statuses with none left out)' }),
            byCategory: Type.Record(Type.String(), Type.Integer(), {
              description: 'Cases in scope by category (categories with none left out)',
            }),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => cases.deadlineStatistics(request.principal, request.query.scope ?? 'mine'),
  );

  app.get(
    '/api/v1/cases/:id',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'A case: agencies, reports, routing, timeline, the actions open to the caller',
        params: CaseParams,
        response: { 200: Detail, ...problemResponses(401, 404) },
      },
    },
    async (request) => casePage(request.principal, request.params.id),
  );

  app.post(
    '/api/v1/cases/:id/reports',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Join reports to a case',
        params: CaseParams,
        body: ReportIdsBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await cases.joinCase(request.principal, request.params.id, request.body.reportIds);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/cases/:id/transitions',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Move a case: route, accept, return, reroute, transfer, investigate, dispose, conclude, close, reopen',
        params: CaseParams,
        body: TransitionBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await cases.transition(request.principal, request.params.id, request.body);
      return casePage(request.principal, request.params.id);
    },
  );

  app.post(
    '/api/v1/cases/:id/assistance',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Ask another agency to assist',
        params: CaseParams,
        body: AssistBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await cases.requestAssistance(request.principal, request.params.id, request.body.orgId, request.body.reason);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/cases/:id/comments',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Comment on a case: shared with all its agencies, or internal to one’s own',
        params: CaseParams,
        body: CommentBody,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await cases.comment(userOf(request), request.params.id, request.body.body, request.body.internal);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/cases/:id/extension',
    {
      config: STAFF,
      schema: {
        tags,
        summary: 'Extend the conclusion deadline (once, with a lead’s approval)',
        params: CaseParams,
        body: ExtendBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await cases.extendDeadline(request.principal, request.params.id, request.body.reason);
      return casePage(request.principal, request.params.id);
    },
  );
}
