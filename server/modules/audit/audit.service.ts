import type { Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../../db/schema';
import { ProblemError } from '../../http/problem';
import type { Actor } from '../auth/principal';
import { auditPolicy } from './audit.policy';

export interface AuditQuery {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  /** Events before this sequence number (the cursor of the next page). */
  before?: number;
  limit?: number;
}

/** Reading the audit log, newest first, with the chain head. */
export class AuditService {
  constructor(private readonly deps: { db: Kysely<Database> }) {}

  async listEvents(actor: Actor, query: AuditQuery) {
    if (!auditPolicy.read(actor)) throw new ProblemError('forbidden');
    const limit = Math.min(query.limit ?? 50, 200);
    const scope = auditPolicy.scope(actor);
    let q = this.deps.db.selectFrom('audit_events').selectAll('audit_events');
    if (scope)
      q = q.where('audit_events.org_id', 'in', (eb) =>
        eb.selectFrom('organizations').select('organizations.id').where('organizations.path', 'like', `${scope}%`),
      );
    if (query.action) q = q.where('audit_events.action', '=', query.action);
    if (query.objectType) q = q.where('audit_events.object_type', '=', query.objectType);
    if (query.objectId) q = q.where('audit_events.object_id', '=', query.objectId);
    if (query.actorId) q = q.where('audit_events.actor_id', '=', query.actorId);
    if (query.from) q = q.where('audit_events.occurred_at', '>=', new Date(query.from).toISOString());
    if (query.to) q = q.where('audit_events.occurred_at', '<', new Date(query.to).toISOString());
    if (query.before !== undefined) q = q.where('audit_events.seq', '<', query.before);
    const rows: AuditEventRow[] = await q
      .orderBy('audit_events.seq', 'desc')
      .limit(limit + 1)
      .execute();
    const head = await this.deps.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const page = rows.slice(0, limit);
    return {
      items: page,
      nextBefore: rows.length > limit ? Number(page[page.length - 1]!.seq) : null,
      head: head ? { seq: Number(head.seq), hash: head.hash } : null,
    };
  }
}
