import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import Type from 'typebox';
import type { DatabaseDialect } from '../config';
import type { Database } from '../db/schema';
import type { Principal } from '../modules/auth/principal';
import { isUniqueViolation } from '../db/errors';
import { canonicalJson } from '../modules/audit/audit-chain';
import { ProblemError } from './problem';

/** The request header, lower-case as Node hands it over. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** How long a key's answer is replayed (draft-ietf-httpapi-idempotency-key-header; Stripe keeps 24 h too). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const MAX_KEY_LENGTH = 255;

/** The header as route schemas document it (the value itself is checked by `parseIdempotencyKey`). */
export const IdempotencyKeyHeaders = Type.Object({
  [IDEMPOTENCY_KEY_HEADER]: Type.Optional(
    Type.String({
      description:
        'Optional. A unique value (e.g. a UUID, at most 255 characters) per logical request: a retry with the same key and body ' +
        'answers the first response again (`Idempotent-Replayed: true`) without repeating the work; the same key with another ' +
        'body answers 422, a key whose first request is still running 409. Keys are kept 24 hours, per caller.',
    }),
  ),
});

/** A stored or fresh answer. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

/** What identifies one idempotent request. */
export interface IdempotencyScope {
  /** The validated header value. */
  key: string;
  /** Who sent it (`user:<id>`, `token:<id>`): the same key from someone else is another request. */
  principal: string;
  /** Method and route pattern, e.g. `POST /api/v1/orders/:id/acknowledge`. */
  route: string;
  /** SHA-256 of the method, path and body (see `requestFingerprint`). */
  fingerprint: string;
}

/**
 * The header's value, or null when the request has none. Accepts the draft's Structured Field string
 * (`"8e03978e-…"`) and Stripe's bare token; anything else (empty, too long, control characters,
 * the header repeated) is a 400.
 */
export function parseIdempotencyKey(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  const invalid = () => new ProblemError('validation', { fields: [{ field: 'Idempotency-Key', key: 'invalid' }] });
  if (Array.isArray(value)) throw invalid();
  let key = value.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key) || /["\\]/.test(key)) throw invalid();
  return key;
}

/** The request's fingerprint: method, path (which names the record) and canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`, 'utf8')
    .digest('hex');
}

/** Whom a key belongs to; null for callers who cannot send one (the public, the operator). */
export function idempotencyPrincipal(principal: Principal): string | null {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'token':
      return `token:${principal.tokenId}`;
    case 'anonymous':
      return null;
  }
}

/** Runs `work` in the caller's transaction when there is one, else in a transaction of its own. */
export function inTransaction<T>(
  db: Kysely<Database>,
  trx: Kysely<Database> | undefined,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return trx ? work(trx) : db.transaction().execute(work);
}

/**
 * Idempotency keys kept in the database. The key's row is written in the same transaction as the
 * work and its answer, so a crash leaves both or neither; a failed request (its transaction rolled
 * back) leaves nothing, and its retry runs again. A request whose key is still being worked on is
 * refused with 409: in this instance by a set of keys in flight, across instances sharing PostgreSQL
 * by a transaction-scoped advisory lock on the key. (SQLite has one writer per process, so the set
 * is enough there.)
 */
export class IdempotencyStore {
  private readonly inFlight = new Set<string>();
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      dialect: DatabaseDialect;
      /** How long answers are replayed; 24 hours unless a test says otherwise. */
      ttlMs?: number;
      now?: () => Date;
    },
  ) {
    this.ttlMs = deps.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Answers the stored response of an earlier request with the same key and fingerprint, or runs
   * `work` in a transaction and stores its response in it. The same key with another fingerprint
   * (or route) answers 422, a key in flight 409.
   */
  async run(scope: IdempotencyScope, work: (trx: Kysely<Database>) => Promise<IdempotentResponse>) {
    const slot = `${scope.principal}\u0000${scope.key}`;
    if (this.inFlight.has(slot)) throw inFlightProblem();
    this.inFlight.add(slot);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        if (this.deps.dialect === 'postgres') {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_xact_lock(${advisoryLockId(slot)}::bigint) as locked`.execute(trx);
          if (!rows[0]?.locked) throw inFlightProblem();
        }
        const now = this.now();
        const stored = await trx
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('principal', '=', scope.principal)
          .where('key', '=', scope.key)
          .executeTakeFirst();
        if (stored) {
          const createdAt = stored.created_at instanceof Date ? stored.created_at : new Date(stored.created_at);
          if (now.getTime() - createdAt.getTime() < this.ttlMs) {
            if (stored.route !== scope.route || stored.request_hash !== scope.fingerprint) throw new ProblemError('idempotency_key_reused');
            return { status: stored.response_status, body: JSON.parse(stored.response_body) as unknown, replayed: true };
          }
          await trx.deleteFrom('idempotency_keys').where('principal', '=', scope.principal).where('key', '=', scope.key).execute();
        }
        const response = await work(trx);
        try {
          await trx
            .insertInto('idempotency_keys')
            .values({
              principal: scope.principal,
              key: scope.key,
              route: scope.route,
              request_hash: scope.fingerprint,
              response_status: response.status,
              response_body: JSON.stringify(response.body ?? null),
              created_at: now.toISOString(),
            })
            .execute();
        } catch (error) {
          // Another process took the key meanwhile (a second process on the same SQLite file): this
          // transaction, work included, rolls back.
          if (isUniqueViolation(error)) throw inFlightProblem();
          throw error;
        }
        return { ...response, replayed: false };
      });
    } finally {
      this.inFlight.delete(slot);
    }
  }

  /** Removes answers older than the replay window; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.ttlMs).toISOString();
    const result = await this.deps.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/**
 * Answers a write route, idempotently when the request carries an `Idempotency-Key`. `work` does
 * the write and answers the response body; it gets the transaction to write in (the key's), or
 * undefined without a key, when the service opens its own as usual.
 */
export async function replyIdempotently(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (trx: Kysely<Database> | undefined) => Promise<unknown>,
): Promise<FastifyReply> {
  const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
  const principal = idempotencyPrincipal(request.principal);
  if (key === null || principal === null) return reply.code(status).send(await work(undefined));
  const path = request.url.split('?')[0] ?? request.url;
  const result = await store.run(
    {
      key,
      principal,
      route: `${request.method} ${request.routeOptions.url ?? path}`,
      fingerprint: requestFingerprint(request.method, path, request.body),
    },
    async (trx) => ({ status, body: await work(trx) }),
  );
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}

function inFlightProblem(): ProblemError {
  return new ProblemError('idempotency_key_in_flight', { headers: { 'retry-after': '1' } });
}

/** A signed 64-bit lock id from the key's slot (a collision only makes an unrelated request wait its turn with a 409). */
function advisoryLockId(slot: string): string {
  const digest = createHash('sha256').update(`idempotency\u0000${slot}`, 'utf8').digest();
  return digest.readBigInt64BE(0).toString();
}
