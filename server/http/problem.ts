import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Locale, negotiateLocale } from './locale';
import { type FieldMessageKey, PROBLEMS, type ProblemCode, fieldMessage } from './messages';

/** A field that failed, as the client sent it: `description`, `reporter.email`, `targetUrls.3`, `evidence`. */
export interface FieldProblem {
  field: string;
  /** What went wrong, as a key into FIELD_MESSAGES; localized when answered. */
  key: FieldMessageKey;
  params?: Record<string, unknown>;
}

/** The RFC 9457 body this API answers with. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ProblemCode;
  requestId?: string;
  errors?: { field: string; code: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The stable `type` URI of a problem code. */
export function problemType(code: ProblemCode): string {
  return `urn:qinglang:problem:${code}`;
}

/** An error a client caused; answered as problem+json with its status and a localized title. */
export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly options: { fields?: FieldProblem[]; detail?: string; headers?: Record<string, string> } = {},
  ) {
    super(code);
    this.name = 'ProblemError';
    this.status = PROBLEMS[code].status;
  }
}

/** Builds the localized problem body. */
export function renderProblem(
  code: ProblemCode,
  locale: Locale,
  options: { fields?: FieldProblem[]; detail?: string; requestId?: string } = {},
): ProblemBody {
  const problem = PROBLEMS[code];
  const body: ProblemBody = { type: problemType(code), title: problem[locale], status: problem.status, code };
  if (options.detail) body.detail = options.detail;
  if (options.requestId) body.requestId = options.requestId;
  if (options.fields && options.fields.length > 0) {
    body.errors = options.fields.map((f) => ({ field: f.field, code: f.key, message: fieldMessage(f.key, locale, f.params) }));
  }
  return body;
}

/** Sends a problem for the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply {
  const locale = negotiateLocale(request.headers['accept-language']);
  for (const [name, value] of Object.entries(error.options.headers ?? {})) void reply.header(name, value);
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(renderProblem(error.code, locale, { ...error.options, requestId: request.id }));
}

interface AjvLikeError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns JSON-pointer paths and Ajv keywords into the API's field problems. */
export function fieldProblemsFromValidation(errors: AjvLikeError[], prefix = ''): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const segments = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (prefix) segments.unshift(prefix);
    let key: FieldMessageKey = 'invalid';
    let params: Record<string, unknown> = {};
    switch (error.keyword) {
      case 'required':
        segments.push(String(error.params.missingProperty));
        key = 'required';
        break;
      case 'additionalProperties':
        segments.push(String(error.params.additionalProperty));
        key = 'additionalProperties';
        break;
      case 'type':
        key = 'type';
        params = { type: error.params.type };
        break;
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minimum':
      case 'maximum':
        key = error.keyword;
        params = { limit: error.params.limit };
        break;
      case 'enum':
        key = 'enum';
        params = { allowed: ((error.params.allowedValues as unknown[]) ?? []).join(', ') };
        break;
      case 'const':
        key = 'const';
        break;
      case 'format':
        key = error.params.format === 'email' ? 'email' : error.params.format === 'uri' ? 'url' : 'format';
        params = { format: error.params.format };
        break;
      case 'pattern':
        key = 'pattern';
        break;
      case 'uniqueItems':
        key = 'uniqueItems';
        break;
      default:
        key = 'invalid';
    }
    const field = segments.join('.') || '(body)';
    const dedupe = `${field}:${key}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({ field, key, params });
  }
  return out;
}

const MULTIPART_CODES: Record<string, ProblemCode> = {
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'too_many_files',
  FST_PARTS_LIMIT: 'too_many_files',
  FST_FIELDS_LIMIT: 'validation',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_PROTO_VIOLATION: 'malformed_body',
};

/**
 * Installs the error and not-found handlers: every error leaves as problem+json; errors the client
 * caused keep their status, anything else is logged with context and answered as a bare 500.
 */
export function installProblemHandlers(
  app: FastifyInstance,
  options: { notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown } = {},
): void {
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(request, reply, error);
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const prefix = fastifyError.validationContext === 'body' ? '' : fastifyError.validationContext;
      return sendProblem(
        request,
        reply,
        new ProblemError('validation', { fields: fieldProblemsFromValidation(fastifyError.validation as AjvLikeError[], prefix) }),
      );
    }
    const code = fastifyError.code;
    if (code && MULTIPART_CODES[code]) return sendProblem(request, reply, new ProblemError(MULTIPART_CODES[code]));
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(request, reply, new ProblemError('payload_too_large'));
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(request, reply, new ProblemError('unsupported_media_type'));
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return sendProblem(request, reply, new ProblemError('malformed_body'));
    }
    if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      return sendProblem(request, reply, new ProblemError('malformed_body'));
    if (fastifyError.statusCode === 429) {
      return sendProblem(request, reply, new ProblemError('rate_limited'));
    }
    if (fastifyError.statusCode === 404) return sendProblem(request, reply, new ProblemError('not_found'));
    if (fastifyError.statusCode === 405) return sendProblem(request, reply, new ProblemError('method_not_allowed'));
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      request.log.info({ err: error }, 'client error without a problem code');
      return sendProblem(request, reply, new ProblemError('malformed_body'));
    }
    request.log.error({ err: error, url: request.url, method: request.method }, 'unhandled error');
    return sendProblem(request, reply, new ProblemError('internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.notFound && !request.url.startsWith('/api/')) return options.notFound(request, reply);
    return sendProblem(request, reply, new ProblemError('not_found'));
  });
}
