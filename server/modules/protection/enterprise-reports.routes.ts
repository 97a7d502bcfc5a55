import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { REPORT_CATEGORIES, REPORT_STATUSES } from '../../../contracts/reports';
import type { BlobStore } from '../../blobs/blob-store';
import type { Config } from '../../config';
import { negotiateLocale } from '../../http/locale';
import { ProblemError, fieldProblemsFromValidation } from '../../http/problem';
import { StringEnum, problemResponses } from '../../http/schema-helpers';
import { compileSchema, type createAjv, validateUnlessMultipart } from '../../http/validation';
import { readMultipartReport } from '../intake/evidence-upload';
import { ReportReceiptSchema, ReportSubmission, ReportTrackingSchema } from '../intake/reports.schemas';
import type { EnterpriseReportInput, EnterpriseReportsService } from './enterprise-reports.service';

const tags = ['protection'];
const fields = ReportSubmission.properties;

/** The report an enterprise files from its desk; who is reporting comes from its record, not from here. */
const EnterpriseReportBody = Type.Object(
  {
    category: fields.category,
    description: fields.description,
    targetUrls: fields.targetUrls,
    platform: fields.platform,
    occurredAt: fields.occurredAt,
    money: fields.money,
    contactPhone: Type.Optional(Type.String({ maxLength: 40, description: 'A phone to call the person filing back on' })),
    contactConsent: Type.Optional(Type.Boolean({ description: 'The enterprise agrees to be contacted about the report (default true)' })),
  },
  { additionalProperties: false },
);

const Result = Type.Union([
  Type.Object({ code: Type.String(), text: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }),
  Type.Null(),
]);
const CaseNumber = Type.Union([Type.String(), Type.Null()], { description: 'The number of the case the report joined' });

const DeskReportSummary = Type.Object({
  id: Type.String(),
  trackingCode: Type.String(),
  category: StringEnum(REPORT_CATEGORIES),
  status: StringEnum(REPORT_STATUSES),
  statusText: Type.String(),
  caseNumber: CaseNumber,
  result: Result,
  steps: ReportTrackingSchema.properties.steps,
  receivedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const DeskReport = Type.Object({
  ...ReportTrackingSchema.properties,
  id: Type.String(),
  caseNumber: CaseNumber,
  description: Type.String(),
  platform: Type.Union([Type.String(), Type.Null()]),
  targetUrls: Type.Array(Type.String()),
  evidence: Type.Array(Type.Object({ fileName: Type.String(), mediaType: Type.String(), size: Type.Integer(), sha256: Type.String() }), {
    description: 'The evidence files sent with the report, in order: what the enterprise sent, not the files themselves',
  }),
});

export interface EnterpriseReportRouteOptions {
  reports: EnterpriseReportsService;
  config: Config;
  blobs: BlobStore;
  ajv: ReturnType<typeof createAjv>;
}

/** The enterprise's desk: report an extortion attempt with its details filled in, and follow its reports. */
export async function enterpriseReportRoutes(parent: FastifyInstance, options: EnterpriseReportRouteOptions): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { reports, config, blobs, ajv } = options;
  const validateBody = compileSchema(ajv, EnterpriseReportBody);
  // The same limit as the public form; signed-in people are spared only the proof-of-work challenge.
  const reportLimit = config.rateLimit.enabled ? { max: config.rateLimit.reportsPerMinute, timeWindow: '1 minute' } : false;

  app.get(
    '/api/v1/protection/desk/reporter',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Who a desk report is filed as: the enterprise’s name and credit code, and the signed-in person',
        response: {
          200: Type.Object({
            enterprise: Type.Object({ id: Type.String(), name: Type.String(), uscc: Type.Union([Type.String(), Type.Null()]) }),
            contact: Type.Object({ name: Type.String(), email: Type.String() }),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => reports.reporter(request.principal),
  );

  app.post(
    '/api/v1/protection/desk/reports',
    {
      config: { auth: 'user', rateLimit: reportLimit },
      schema: {
        tags,
        summary: 'Report an extortion attempt from the enterprise’s desk',
        description:
          'The reporter is filled in from the enterprise’s record and the signed-in user. JSON body, or multipart/form-data with a ' +
          '`report` field holding the same JSON and `evidence` files. No proof-of-work challenge; rate-limited like the public form.',
        body: EnterpriseReportBody,
        response: {
          201: Type.Object({ ...ReportReceiptSchema.properties, id: Type.String() }),
          ...problemResponses(400, 401, 404, 413, 415, 429),
        },
      },
      // A multipart body is validated by the handler (its `report` part).
      validatorCompiler: validateUnlessMultipart(ajv),
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.headers['accept-language']);
      // Only the enterprise's people may upload; anyone else is refused before a file is read.
      await reports.reporter(request.principal);
      if (request.isMultipart()) {
        const upload = await readMultipartReport(request, blobs, config.evidence);
        try {
          if (!validateBody(upload.report))
            throw new ProblemError('validation', { fields: fieldProblemsFromValidation(validateBody.errors ?? []) });
          const receipt = await reports.fileReport(request.principal, upload.report as EnterpriseReportInput, {
            locale,
            keepEvidence: () => upload.keepEvidence(),
          });
          return reply.code(201).header('cache-control', 'no-store').send(receipt);
        } finally {
          await upload.discardEvidence();
        }
      }
      if (request.body === undefined || request.body === null)
        throw new ProblemError('validation', { fields: [{ field: '(body)', key: 'required' }] });
      const receipt = await reports.fileReport(request.principal, request.body, { locale });
      return reply.code(201).header('cache-control', 'no-store').send(receipt);
    },
  );

  app.get(
    '/api/v1/protection/desk/reports',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The enterprise’s own desk reports: status, the case each joined, and the result in plain words',
        response: { 200: Type.Object({ items: Type.Array(DeskReportSummary) }), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store').header('vary', 'accept-language');
      return reports.listReports(request.principal, negotiateLocale(request.headers['accept-language']));
    },
  );

  app.get(
    '/api/v1/protection/desk/reports/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One of the enterprise’s desk reports with its public timeline',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: DeskReport, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store').header('vary', 'accept-language');
      return reports.report(request.principal, request.params.id, negotiateLocale(request.headers['accept-language']));
    },
  );
}
