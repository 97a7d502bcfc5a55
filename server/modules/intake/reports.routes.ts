import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ACCESS_KEY_HEADER, CHALLENGE_HEADER } from '../../../contracts/reports';
import type { BlobStore } from '../../blobs/blob-store';
import type { Config } from '../../config';
import { negotiateLocale } from '../../http/locale';
import { ProblemError, fieldProblemsFromValidation } from '../../http/problem';
import { problemResponses } from '../../http/schema-helpers';
import { compileSchema, type createAjv, validateUnlessMultipart } from '../../http/validation';
import type { ProofOfWork } from './challenge';
import { ALLOWED_EVIDENCE_TYPES, readMultipartReport } from './evidence-upload';
import { PublicConfigSchema, ReportReceiptSchema, ReportSubmission, ReportTrackingSchema, TrackingParams } from './reports.schemas';
import type { IntakeService } from './reports.service';

export interface IntakeRouteOptions {
  config: Config;
  intake: IntakeService;
  blobs: BlobStore;
  proofOfWork: ProofOfWork | null;
  ajv: ReturnType<typeof createAjv>;
}

/** Public reporting: the report form's API, the tracking lookup, the challenge. */
export async function intakeRoutes(parent: FastifyInstance, options: IntakeRouteOptions): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { config, intake, blobs, proofOfWork, ajv } = options;
  const validateSubmission = compileSchema(ajv, ReportSubmission);
  const reportLimit = config.rateLimit.enabled ? { max: config.rateLimit.reportsPerMinute, timeWindow: '1 minute' } : false;

  /** A verified proof-of-work solution, or the problem explaining what is missing. */
  async function requireChallenge(request: FastifyRequest) {
    if (!proofOfWork) return null;
    const payload = request.headers[CHALLENGE_HEADER];
    if (typeof payload !== 'string' || payload.length === 0) throw new ProblemError('challenge_required');
    if (payload.length > 4096) throw new ProblemError('challenge_failed');
    const solved = await proofOfWork.verify(payload);
    if (!solved) throw new ProblemError('challenge_failed');
    return solved;
  }

  app.get(
    '/api/v1/config/public',
    {
      config: { auth: 'public' },
      schema: { tags: ['reports'], summary: 'Settings the public report form needs', response: { 200: PublicConfigSchema } },
    },
    async () => ({
      challenge: proofOfWork !== null,
      evidence: {
        maxFiles: config.evidence.maxFiles,
        maxFileBytes: config.evidence.maxFileBytes,
        allowedTypes: [...ALLOWED_EVIDENCE_TYPES],
      },
    }),
  );

  app.get(
    '/api/v1/challenge',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['reports'],
        summary: 'A proof-of-work challenge (ALTCHA) to solve before submitting a report',
        response: {
          200: Type.Object({
            algorithm: Type.String(),
            challenge: Type.String(),
            maxnumber: Type.Optional(Type.Number()),
            salt: Type.String(),
            signature: Type.String(),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (_request, reply) => {
      if (!proofOfWork) throw new ProblemError('not_found');
      void reply.header('cache-control', 'no-store');
      return proofOfWork.issue();
    },
  );

  app.post(
    '/api/v1/reports',
    {
      config: { auth: 'public', rateLimit: reportLimit },
      schema: {
        tags: ['reports'],
        summary: 'File a report',
        description:
          'JSON body, or multipart/form-data with a `report` field holding the same JSON and up to 10 `evidence` files. ' +
          `When the proof-of-work challenge is on, send the solved payload in the \`${CHALLENGE_HEADER}\` header.`,
        body: ReportSubmission,
        headers: Type.Object({ [CHALLENGE_HEADER]: Type.Optional(Type.String()) }),
        response: { 201: ReportReceiptSchema, ...problemResponses(400, 403, 413, 415, 429) },
      },
      // A multipart body is validated by the handler (its `report` part).
      validatorCompiler: validateUnlessMultipart(ajv),
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.headers['accept-language']);
      if (request.isMultipart()) {
        // Checked before the files are read, so an unsolved challenge costs the server no upload.
        const challenge = await requireChallenge(request);
        const upload = await readMultipartReport(request, blobs, config.evidence);
        try {
          if (!validateSubmission(upload.report)) {
            throw new ProblemError('validation', { fields: fieldProblemsFromValidation(validateSubmission.errors ?? []) });
          }
          const receipt = await intake.submitReport(upload.report as ReportSubmission, {
            locale,
            verifyChallenge: () => Promise.resolve(challenge),
            keepEvidence: () => upload.keepEvidence(),
          });
          return reply.code(201).header('cache-control', 'no-store').send(receipt);
        } finally {
          // Whatever was not kept is still staged and is dropped; kept files are no longer there.
          await upload.discardEvidence();
        }
      }
      if (request.body === undefined || request.body === null)
        throw new ProblemError('validation', { fields: [{ field: '(body)', key: 'required' }] });
      const receipt = await intake.submitReport(request.body, { locale, verifyChallenge: () => requireChallenge(request) });
      return reply.code(201).header('cache-control', 'no-store').send(receipt);
    },
  );

  app.post(
    '/api/v1/reports/validate',
    {
      config: { auth: 'public', rateLimit: reportLimit },
      schema: {
        tags: ['reports'],
        summary: 'Check a report body without filing it',
        description: 'Answers 200 when `POST /api/v1/reports` would accept the body, or the same problem it would answer. Stores nothing.',
        body: ReportSubmission,
        response: { 200: Type.Object({ valid: Type.Literal(true) }), ...problemResponses(400, 429) },
      },
    },
    async (request) => {
      intake.validateSubmission(request.body);
      return { valid: true as const };
    },
  );

  app.get(
    '/api/v1/reports/:trackingCode',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['reports'],
        summary: 'Follow a report',
        description: `The reporter’s view. Send the access key in the \`${ACCESS_KEY_HEADER}\` header. An unknown code and a wrong key answer the same 404.`,
        params: TrackingParams,
        headers: Type.Object({ [ACCESS_KEY_HEADER]: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: ReportTrackingSchema, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const locale = negotiateLocale(request.headers['accept-language']);
      const key = request.headers[ACCESS_KEY_HEADER];
      const tracking = await intake.trackReport(request.params.trackingCode, typeof key === 'string' ? key : undefined, locale);
      void reply.header('cache-control', 'no-store').header('vary', 'accept-language, x-access-key');
      return tracking;
    },
  );
}
