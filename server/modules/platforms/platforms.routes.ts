import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { type IdempotencyStore, IdempotencyKeyHeaders, replyIdempotently } from '../../http/idempotency';
import { problemResponses } from '../../http/schema-helpers';
import { negotiateLocale } from '../../http/locale';
import { EXPORT_CONTENT_TYPES } from '../../lib/table-export';
import { complianceToCsv, complianceToXlsx } from './compliance-export';
import { presentDeletionRequest, presentDeletionRequestDetail } from './platforms.presenter';
import {
  ComplianceExportQuerySchema,
  ComplianceQuerySchema,
  ComplianceSchema,
  DecisionBody,
  DeletionRequestBody,
  DeletionRequestListSchema,
  DeletionRequestParams,
  DeletionRequestSchema,
  DeletionRequestSummarySchema,
  ImportBody,
  ListQuerystring,
  NoteBody,
  PublicStatisticsSchema,
  ReviewBody,
} from './platforms.schemas';
import type { PlatformsService } from './platforms.service';

/**
 * Deletion requests at websites (mechanism 6): the website's log and review, the regulator's
 * cross-website view, and public aggregate counts.
 */
export async function platformsRoutes(parent: FastifyInstance, options: { platforms: PlatformsService; idempotency: IdempotencyStore }) {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { platforms, idempotency } = options;
  app.addSchema(DeletionRequestSummarySchema);
  app.addSchema(DeletionRequestSchema);
  const tags = ['deletion-requests'];
  const Detail = Type.Ref('DeletionRequest');

  app.post(
    '/api/v1/deletion-requests',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'Record a deletion request the website received (workbench, or its system with a `deletion_requests:write` token)',
        headers: IdempotencyKeyHeaders,
        body: DeletionRequestBody,
        response: { 201: Detail, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) =>
      replyIdempotently(idempotency, request, reply, 201, async (trx) =>
        presentDeletionRequestDetail(await platforms.create(request.principal, request.body, trx)),
      ),
  );

  app.post(
    '/api/v1/deletion-requests/import',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary:
          'Import deletion requests (JSON rows or CSV). All or nothing: any invalid row stores nothing and the 400 lists every problem as `rows.<n>.<field>`',
        body: ImportBody,
        response: {
          201: Type.Object({ total: Type.Integer(), stored: Type.Integer(), ids: Type.Array(Type.String()) }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await platforms.importRequests(request.principal, request.body)),
  );

  app.get(
    '/api/v1/deletion-requests',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'The website’s deletion requests, newest first; `scope=region` is the regulator’s and supervisors’ cross-website view',
        querystring: ListQuerystring,
        response: { 200: DeletionRequestListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, signals, counts, nextCursor } = await platforms.list(request.principal, {
        ...request.query,
        scope: request.query.scope ?? 'website',
      });
      return { items: items.map((row) => presentDeletionRequest(row, signals)), counts, nextCursor };
    },
  );

  app.get(
    '/api/v1/deletion-requests/compliance',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary:
          'Compliance evaluation per website of the requests received in a month (China Standard Time) or, without `month`, the last 90 days; each lost point explained; `scope=region` for agencies and supervisors',
        querystring: ComplianceQuerySchema,
        response: { 200: ComplianceSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => platforms.compliance(request.principal, request.query.scope ?? 'website', request.query.month),
  );

  app.get(
    '/api/v1/deletion-requests/compliance/export',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The compliance evaluation as CSV or XLSX, for the monthly report (the same scope and period as the evaluation)',
        querystring: ComplianceExportQuerySchema,
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { format, scope = 'website', month } = request.query;
      const { items } = await platforms.compliance(request.principal, scope, month);
      const locale = negotiateLocale(request.headers['accept-language']);
      const name = `compliance-${month ?? new Date().toISOString().slice(0, 10)}.${format}`;
      void reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .type(EXPORT_CONTENT_TYPES[format]);
      return format === 'csv' ? complianceToCsv(items, locale) : complianceToXlsx(items, locale);
    },
  );

  app.get(
    '/api/v1/deletion-requests/statistics/public',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Public aggregate counts of deletion requests per website per month (China Standard Time), the last 12 months',
        response: { 200: PublicStatisticsSchema },
      },
    },
    async () => ({ items: await platforms.publicStatistics() }),
  );

  app.get(
    '/api/v1/deletion-requests/:id',
    {
      config: { auth: 'user_or_token' },
      schema: {
        tags,
        summary: 'One deletion request with its signals, review steps, timeline and the caller’s actions',
        params: DeletionRequestParams,
        response: { 200: Detail, ...problemResponses(401, 404) },
      },
    },
    async (request) => presentDeletionRequestDetail(await platforms.get(request.principal, request.params.id)),
  );

  app.post(
    '/api/v1/deletion-requests/:id/reviews',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Record the next review step (identity, authority, legal basis) with an answer per criterion in force',
        params: DeletionRequestParams,
        body: ReviewBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentDeletionRequestDetail(await platforms.review(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/deletion-requests/:id/decision',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Approve or reject, citing provisions; the approver must not have checked the identity or the legal basis (four eyes)',
        params: DeletionRequestParams,
        body: DecisionBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentDeletionRequestDetail(await platforms.decide(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/deletion-requests/:id/execute',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Record that the approved deletion was carried out',
        params: DeletionRequestParams,
        body: NoteBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentDeletionRequestDetail(await platforms.execute(request.principal, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/deletion-requests/:id/refer',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Refer the request to the reporting centre as a clue: a paid-deletion report in the triage queue, linked back',
        params: DeletionRequestParams,
        body: NoteBody,
        response: { 200: Detail, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentDeletionRequestDetail(await platforms.refer(request.principal, request.params.id, request.body)),
  );
}
