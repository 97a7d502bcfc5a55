import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { isUniqueViolation } from '../../db/errors';
import type { Database, LegalProvisionsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import { toIsoString } from '../../db/values';
import { beijingDate } from '../cases/deadlines';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { type AdmissibilityCriterion, checkCriteria, criteriaDocument, inForce } from './admissibility';
import { rulesPolicy } from './rules.policy';
import * as repo from './rules.repository';

export interface ProvisionInput {
  title: string;
  source: string;
  article?: string | null;
  text: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
}

export type Provision = ReturnType<typeof presentProvision>;

export function presentProvision(row: Selectable<LegalProvisionsTable>, today: string) {
  return {
    code: row.code,
    version: row.version,
    title: row.title,
    source: row.source,
    article: row.article,
    text: row.text,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    inForce: inForce({ effectiveFrom: row.effective_from, effectiveTo: row.effective_to }, today),
    changeReason: row.change_reason,
    createdAt: toIsoString(row.created_at),
  };
}

function checkDates(input: { effectiveFrom: string; effectiveTo?: string | null }): FieldProblem[] {
  return input.effectiveTo && input.effectiveTo <= input.effectiveFrom ? [{ field: 'effectiveTo', key: 'dateOrder' }] : [];
}

/**
 * The rules registry (mechanism 4): legal provisions that decisions cite, each change a new version
 * under the same code (nothing is rewritten), and the admissibility criteria websites apply to
 * deletion requests, as versioned documents. Every change is audited.
 */
export class RulesService {
  constructor(private readonly deps: { db: Kysely<Database>; dialect: DatabaseDialect }) {}

  private async audit(trx: Kysely<Database>, actor: Actor, action: string, objectType: string, objectId: string, summary: object) {
    await appendAuditEvents(trx, this.deps.dialect, [{ ...auditActor(actor), action, objectType, objectId, summary: { ...summary } }]);
  }

  async listProvisions(filter: { q?: string; inForceOn?: string }) {
    const day = filter.inForceOn ?? beijingDate(new Date());
    let items = (await repo.listCurrentProvisions(this.deps.db)).map((row) => presentProvision(row, day));
    if (filter.inForceOn) items = items.filter((p) => p.inForce);
    const q = filter.q?.trim().toLowerCase();
    if (q) items = items.filter((p) => [p.code, p.title, p.source, p.article ?? '', p.text].some((v) => v.toLowerCase().includes(q)));
    return items;
  }

  async getProvision(code: string) {
    const versions = await repo.listProvisionVersions(this.deps.db, code);
    if (versions.length === 0) throw new ProblemError('not_found');
    const today = beijingDate(new Date());
    return { ...presentProvision(versions[0]!, today), versions: versions.map((v) => presentProvision(v, today)) };
  }

  async createProvision(actor: Actor, input: ProvisionInput & { code: string }) {
    if (!rulesPolicy.edit(actor)) throw new ProblemError('forbidden');
    const fields = checkDates(input);
    if (fields.length > 0) throw new ProblemError('validation', { fields });
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        if ((await repo.listProvisionVersions(trx, input.code)).length > 0)
          throw new ProblemError('conflict', { fields: [{ field: 'code', key: 'provisionExists', params: { code: input.code } }] });
        await this.insertVersion(trx, actor, input.code, 1, input, null);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ProblemError('conflict', { fields: [{ field: 'code', key: 'provisionExists', params: { code: input.code } }] });
      throw error;
    }
    return this.getProvision(input.code);
  }

  /** A new version of a provision: amended text, new dates, or repeal (an end date), with the reason. */
  async amendProvision(actor: Actor, code: string, input: ProvisionInput & { reason: string }) {
    if (!rulesPolicy.edit(actor)) throw new ProblemError('forbidden');
    const fields = checkDates(input);
    if (fields.length > 0) throw new ProblemError('validation', { fields });
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        const versions = await repo.listProvisionVersions(trx, code);
        if (versions.length === 0) throw new ProblemError('not_found');
        await this.insertVersion(trx, actor, code, versions[0]!.version + 1, input, input.reason.trim());
      });
    } catch (error) {
      // Two amendments at once: the second finds its version number taken.
      if (isUniqueViolation(error)) throw new ProblemError('conflict');
      throw error;
    }
    return this.getProvision(code);
  }

  private async insertVersion(
    trx: Kysely<Database>,
    actor: Actor,
    code: string,
    version: number,
    input: ProvisionInput,
    reason: string | null,
  ) {
    const id = uuidv7();
    await repo.insertProvision(trx, {
      id,
      code,
      version,
      title: input.title.trim(),
      source: input.source.trim(),
      article: input.article?.trim() || null,
      text: input.text.trim(),
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo ?? null,
      change_reason: reason,
      created_by: auditActor(actor).actorId,
      created_at: new Date().toISOString(),
    });
    await this.audit(trx, actor, version === 1 ? 'provision.created' : 'provision.amended', 'legal_provision', id, {
      code,
      version,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
      ...(reason ? { reason } : {}),
    });
  }

  async criteria(actor: Actor) {
    if (!rulesPolicy.readCriteria(actor)) throw new ProblemError('forbidden');
    const row = await repo.latestCriteria(this.deps.db);
    if (!row) throw new ProblemError('not_found');
    return presentCriteria(row);
  }

  async criteriaHistory(actor: Actor) {
    if (!rulesPolicy.readCriteria(actor)) throw new ProblemError('forbidden');
    return (await repo.listCriteriaVersions(this.deps.db)).map((r) => ({
      version: r.version,
      sha256: r.sha256,
      changeReason: r.change_reason,
      createdAt: toIsoString(r.created_at),
    }));
  }

  /** Replaces the criteria with a new version; refused whole, naming every problem. Unchanged criteria make no version. */
  async replaceCriteria(actor: Actor, criteria: AdmissibilityCriterion[], reason: string) {
    if (!rulesPolicy.edit(actor)) throw new ProblemError('forbidden');
    return this.deps.db.transaction().execute(async (trx) => {
      const problems = checkCriteria(criteria, await repo.knownProvisionCodes(trx));
      if (problems.length > 0)
        throw new ProblemError('validation', {
          fields: problems.map((p) => ({ field: p.field, key: p.key, ...(p.params ? { params: p.params } : {}) })),
        });
      const doc = criteriaDocument(criteria);
      const current = await repo.latestCriteria(trx);
      if (current?.sha256 === doc.sha256) return presentCriteria(current);
      const version = (current?.version ?? 0) + 1;
      const row = {
        version,
        criteria: doc.json,
        sha256: doc.sha256,
        change_reason: reason.trim(),
        created_by: auditActor(actor).actorId,
        created_at: new Date().toISOString(),
      };
      await repo.insertCriteriaVersion(trx, row);
      await this.audit(trx, actor, 'admissibility_criteria.replaced', 'admissibility_criteria', String(version), {
        version,
        sha256: doc.sha256,
        reason: reason.trim(),
      });
      return presentCriteria(row);
    });
  }
}

function presentCriteria(row: {
  version: number;
  criteria: string;
  sha256: string;
  change_reason: string | null;
  created_at: Date | string;
}) {
  return {
    version: row.version,
    sha256: row.sha256,
    criteria: JSON.parse(row.criteria) as AdmissibilityCriterion[],
    changeReason: row.change_reason,
    createdAt: toIsoString(row.created_at),
  };
}
