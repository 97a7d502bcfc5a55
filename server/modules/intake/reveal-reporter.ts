import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { ProblemError } from '../../http/problem';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { reportPolicy } from './reports.policy';

/** A reporter as staff see them after revealing. */
export interface RevealedReporter {
  reportId: string;
  kind: string;
  contactConsent: boolean;
  identity: { name?: string; phone?: string; email?: string; enterprise?: { name: string; uscc: string } } | null;
}

/**
 * Opens a report's sealed reporter identity for someone allowed to see it, and records that they
 * did, in the same transaction: no look without its audit event.
 */
export async function revealReporter(
  deps: { db: Kysely<Database>; dialect: DatabaseDialect; unseal: <T>(sealed: string, context: string) => T },
  actor: Actor,
  reportId: string,
  reason: string | undefined,
): Promise<RevealedReporter> {
  if (!reportPolicy.revealReporter(actor)) throw new ProblemError('forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom('reports')
      .select(['id', 'reporter_kind', 'reporter_sealed', 'contact_consent'])
      .where('id', '=', reportId)
      .executeTakeFirst();
    if (!report) throw new ProblemError('not_found');
    const identity = report.reporter_sealed
      ? deps.unseal<RevealedReporter['identity']>(report.reporter_sealed, `report:${report.id}`)
      : null;
    const who = auditActor(actor);
    await appendAuditEvents(trx, deps.dialect, [
      {
        ...who,
        action: 'report.reporter_revealed',
        objectType: 'report',
        objectId: report.id,
        summary: { reason: reason ?? null, anonymous: identity === null },
      },
    ]);
    return { reportId: report.id, kind: report.reporter_kind, contactConsent: Number(report.contact_consent) === 1, identity };
  });
}
