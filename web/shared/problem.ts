/**
 * RFC 9457 problem details as the Qinglang API answers them, and the errors the front end raises
 * from them. Every API call goes through here, so pages only ever see `ApiError` or `NetworkError`.
 */

/** One field that failed on the server: `description`, `reporter.email`, `targetUrls.3`, `evidence`. */
export interface ProblemFieldError {
  field: string;
  code?: string;
  message: string;
}

/** The body of an `application/problem+json` answer. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
}

/** The server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | null,
    /** Seconds to wait, from `Retry-After`, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The stable problem code (`validation`, `challenge_failed`, …): the last segment of the `type` URI. */
  get code(): string | null {
    if (this.problem?.code) return this.problem.code;
    const type = this.problem?.type;
    if (!type || type === 'about:blank') return null;
    return type.split(/[:/]/).pop() ?? null;
  }

  get fieldErrors(): ProblemFieldError[] {
    return this.problem?.errors ?? [];
  }
}

/** The request never got an answer: offline, DNS, connection reset, CORS, or aborted upload. */
export class NetworkError extends Error {
  constructor(message = 'Network error') {
    super(message);
    this.name = 'NetworkError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a problem body defensively: an answer from a proxy or an older server may be anything. */
export function parseProblem(status: number, contentType: string | null, bodyText: string): ProblemDetails | null {
  if (!contentType || !/json/i.test(contentType) || bodyText.length === 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const errors = Array.isArray(parsed.errors)
    ? parsed.errors
        .filter(isRecord)
        .flatMap((e): ProblemFieldError[] =>
          typeof e.field === 'string' && typeof e.message === 'string'
            ? [{ field: e.field, message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}) }]
            : [],
        )
    : undefined;
  return {
    type: typeof parsed.type === 'string' ? parsed.type : 'about:blank',
    title: typeof parsed.title === 'string' ? parsed.title : '',
    status: typeof parsed.status === 'number' ? parsed.status : status,
    ...(typeof parsed.detail === 'string' ? { detail: parsed.detail } : {}),
    ...(typeof parsed.code === 'string' ? { code: parsed.code } : {}),
    ...(typeof parsed.requestId === 'string' ? { requestId: parsed.requestId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** `Retry-After` as seconds from now: either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the error for a non-2xx answer. */
export function apiErrorFrom(status: number, headers: { get(name: string): string | null }, bodyText: string): ApiError {
  return new ApiError(status, parseProblem(status, headers.get('content-type'), bodyText), parseRetryAfter(headers.get('retry-after')));
}

/** A form field path (`['reporter', 'email']`) and the messages to show at it. */
export interface FieldErrorAssignment {
  name: (string | number)[];
  errors: string[];
}

/**
 * Places the server's field errors on the form's fields. `fields` lists the form's field paths in the
 * API's dotted form; an error lands on the longest listed prefix of its path (`targetUrls.3` on
 * `targetUrls`), and what is left of the path (the item index) is passed to `describe` so the message
 * can say which item is meant. Errors with no matching field are returned in `unplaced`.
 */
export function placeFieldErrors(
  errors: ProblemFieldError[],
  fields: readonly string[],
  describe: (field: string, rest: string[], message: string) => string = (_f, _r, message) => message,
): { placed: FieldErrorAssignment[]; unplaced: ProblemFieldError[] } {
  const byField = new Map<string, string[]>();
  const unplaced: ProblemFieldError[] = [];
  for (const error of errors) {
    const segments = error.field.replace(/^\//, '').split(/[./]/).filter(Boolean);
    let matched: string | null = null;
    for (let length = segments.length; length > 0 && !matched; length--) {
      const candidate = segments.slice(0, length).join('.');
      if (fields.includes(candidate)) matched = candidate;
    }
    if (!matched) {
      unplaced.push(error);
      continue;
    }
    const rest = segments.slice(matched.split('.').length);
    const list = byField.get(matched) ?? [];
    list.push(describe(matched, rest, error.message));
    byField.set(matched, list);
  }
  return {
    placed: [...byField].map(([field, messages]) => ({ name: field.split('.'), errors: messages })),
    unplaced,
  };
}
