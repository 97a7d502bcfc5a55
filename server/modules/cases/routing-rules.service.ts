import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { canonicalJson } from '../audit/audit-chain';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor, hasRole } from '../auth/principal';
import { ProblemError } from '../../http/problem';
import { DEFAULT_ROUTING_RULES } from './default-routing-rules';
import { type DirectoryOrganization, type RuleProblem, ruleProblemFields, validateRules } from './routing';
import type { RoutingRule, RoutingRuleBody } from './routing.schemas';

/**
 * The routing rules as data an administrator edits. Triage and administrators read them; an
 * administrator of a top-level organization (the national reporting centre or regulator) replaces
 * them as a whole, after they pass validation. Each change is audited with a hash of the rule set,
 * so the rules in force at any time can be proved.
 */
export const routingRulesPolicy = {
  read(actor: Actor): boolean {
    return actor.kind === 'system' || hasRole(actor, 'admin', 'triage_officer');
  },
  replace(actor: Actor): boolean {
    return actor.kind === 'system' || (hasRole(actor, 'admin') && actor.orgPath.split('/').filter(Boolean).length === 1);
  },
};

export async function loadRoutingRules(db: Kysely<Database>): Promise<{ rules: RoutingRule[]; source: 'default' | 'stored' }> {
  const rows = await db.selectFrom('routing_rules').selectAll().orderBy('priority').orderBy('id').execute();
  if (rows.length === 0) return { rules: [...DEFAULT_ROUTING_RULES], source: 'default' };
  return {
    source: 'stored',
    rules: rows.map((r) => ({
      ...(JSON.parse(r.rule) as Pick<RoutingRule, 'when' | 'then' | 'note'>),
      id: r.id,
      name: r.name,
      priority: r.priority,
      enabled: Number(r.enabled) === 1,
    })),
  };
}

async function directory(db: Kysely<Database>): Promise<DirectoryOrganization[]> {
  const rows = await db.selectFrom('organizations').select(['id', 'kind', 'region_code', 'parent_id', 'status']).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as DirectoryOrganization['kind'],
    regionCode: r.region_code,
    parentId: r.parent_id,
    status: r.status as 'active' | 'disabled',
  }));
}

export async function readRoutingRules(db: Kysely<Database>, actor: Actor) {
  if (!routingRulesPolicy.read(actor)) throw new ProblemError('forbidden');
  const { rules, source } = await loadRoutingRules(db);
  return { rules, source, problems: validateRules(rules, await directory(db)) };
}

/** Replaces the rule set; refuses it whole, naming every problem, when any rule is wrong. */
export async function replaceRoutingRules(
  deps: { db: Kysely<Database>; dialect: DatabaseDialect },
  actor: Actor,
  rules: RoutingRuleBody[],
) {
  if (!routingRulesPolicy.replace(actor)) throw new ProblemError('forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const problems: RuleProblem[] = validateRules(rules, await directory(trx));
    if (problems.length > 0)
      throw new ProblemError('validation', {
        fields: ruleProblemFields(problems),
      });
    const at = new Date().toISOString();
    const by = auditActor(actor).actorId;
    await trx.deleteFrom('routing_rules').execute();
    await trx
      .insertInto('routing_rules')
      .values(
        rules.map((rule) => ({
          id: rule.id!,
          name: rule.name,
          priority: rule.priority,
          enabled: rule.enabled ? 1 : 0,
          rule: JSON.stringify({ when: rule.when, then: rule.then, ...(rule.note ? { note: rule.note } : {}) }),
          updated_by: by,
          updated_at: at,
        })),
      )
      .execute();
    const digest = createHash('sha256').update(canonicalJson(rules)).digest('hex');
    await appendAuditEvents(trx, deps.dialect, [
      {
        ...auditActor(actor),
        action: 'routing_rules.replaced',
        objectType: 'routing_rules',
        objectId: null,
        summary: { count: rules.length, sha256: digest },
      },
    ]);
    return { rules: (await loadRoutingRules(trx)).rules, sha256: digest };
  });
}
