/**
 * Routing a case to its agencies (mechanism 5: a clue found once is acted on at once, by the right
 * agency). Pure functions over rules kept as data, which an administrator edits, and over the
 * directory of organizations; no I/O, so the service loads both and stores the decision.
 */
import {
  TARGET_KINDS,
  type AgencyRole,
  type ResolutionLevel,
  type RoutedAgency,
  type RoutingDecision,
  type RoutingInput,
  type RoutingRegionSource,
  type RoutingStep,
  type UnresolvedAgency,
} from '../../../contracts/cases';
import { AGENCY_KINDS, ORG_KINDS, type OrgKind } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import type { RoutingAgency, RoutingOverrideBody, RoutingRule, RoutingRuleBody } from './routing.schemas';

/** What routing needs to know of an organization. */
export interface DirectoryOrganization {
  id: string;
  kind: OrgKind;
  regionCode: string;
  parentId: string | null;
  status: 'active' | 'disabled';
}

/** The region code of the national level, above every province. */
export const NATIONAL_REGION_CODE = '100000';

const REGION_CODE = /^[1-9][0-9]{5}$/;
const REGION_PREFIX = /^[1-9][0-9](?:[0-9]{2}){0,2}$/;

/**
 * The region codes that cover a region, most specific first: the county itself, its city
 * (`xxxx00`), its province (`xx0000`), then the national level. A code that is not six digits is
 * covered by the national level only.
 */
export function coveringRegions(regionCode: string): { regionCode: string; level: ResolutionLevel }[] {
  if (!REGION_CODE.test(regionCode) || regionCode === NATIONAL_REGION_CODE)
    return [{ regionCode: NATIONAL_REGION_CODE, level: 'national' }];
  const levels: { regionCode: string; level: ResolutionLevel }[] = [];
  if (!regionCode.endsWith('00')) levels.push({ regionCode, level: 'county' });
  if (regionCode.slice(2, 4) !== '00') levels.push({ regionCode: `${regionCode.slice(0, 4)}00`, level: 'city' });
  const province = `${regionCode.slice(0, 2)}0000`;
  if (province !== NATIONAL_REGION_CODE) levels.push({ regionCode: province, level: 'province' });
  levels.push({ regionCode: NATIONAL_REGION_CODE, level: 'national' });
  return levels;
}

/** Active organizations by id and by kind and region, built once per routing. */
interface DirectoryIndex {
  byId: Map<string, DirectoryOrganization>;
  /** Active organizations by `kind|regionCode`, ordered by id so ties resolve the same way every time. */
  byKindAndRegion: Map<string, DirectoryOrganization[]>;
  /** Active top-level organizations (no parent) by kind, ordered by id. */
  topLevelByKind: Map<OrgKind, DirectoryOrganization[]>;
}

function indexDirectory(directory: readonly DirectoryOrganization[]): DirectoryIndex {
  const byId = new Map<string, DirectoryOrganization>();
  const byKindAndRegion = new Map<string, DirectoryOrganization[]>();
  const topLevelByKind = new Map<OrgKind, DirectoryOrganization[]>();
  const sorted = [...directory].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const org of sorted) {
    if (!byId.has(org.id)) byId.set(org.id, org);
    if (org.status !== 'active') continue;
    const key = `${org.kind}|${org.regionCode}`;
    byKindAndRegion.set(key, [...(byKindAndRegion.get(key) ?? []), org]);
    if (org.parentId === null) topLevelByKind.set(org.kind, [...(topLevelByKind.get(org.kind) ?? []), org]);
  }
  return { byId, byKindAndRegion, topLevelByKind };
}

/**
 * The most specific active organization of a kind covering a region: the longest matching region
 * code wins (county, city, province, national); failing all, a top-level organization of the kind.
 * Among several at the same level, the one with the smallest id, so the answer is stable.
 */
function findCoveringOrganization(
  index: DirectoryIndex,
  kind: OrgKind,
  regionCode: string,
): { org: DirectoryOrganization; level: ResolutionLevel } | null {
  for (const { regionCode: code, level } of coveringRegions(regionCode)) {
    const org = index.byKindAndRegion.get(`${kind}|${code}`)?.[0];
    if (org) return { org, level };
  }
  const topLevel = index.topLevelByKind.get(kind)?.[0];
  return topLevel ? { org: topLevel, level: 'top_level' } : null;
}

/**
 * The most specific active organization of a kind covering a region, or null; see
 * `findCoveringOrganization` for the order.
 */
export function resolveOrganization(
  directory: readonly DirectoryOrganization[],
  kind: OrgKind,
  regionCode: string,
): { orgId: string; level: ResolutionLevel } | null {
  const found = findCoveringOrganization(indexDirectory(directory), kind, regionCode);
  return found ? { orgId: found.org.id, level: found.level } : null;
}

/** Where a rule's agency is looked for: a given `orgId` fixes the organization whatever `region` says. */
function regionSourceOf(agency: RoutingAgency): RoutingRegionSource {
  return agency.orgId !== undefined ? 'fixed' : (agency.region ?? 'case');
}

type Resolution =
  { ok: true; agency: RoutedAgency; steps: RoutingStep[] } | { ok: false; unresolved: UnresolvedAgency; steps: RoutingStep[] };

function resolveAgency(index: DirectoryIndex, agency: RoutingAgency, role: AgencyRole, ruleId: string, input: RoutingInput): Resolution {
  const via = regionSourceOf(agency);
  const steps: RoutingStep[] = [];
  const fail = (regionCode: string | null, reason: UnresolvedAgency['reason']): Resolution => {
    const orgId = agency.orgId ?? null;
    steps.push({
      key: 'organization_unresolved',
      params: { role, ruleId, orgKind: agency.orgKind, via, searchedRegionCode: regionCode, orgId, reason },
    });
    return { ok: false, unresolved: { role, ruleId, orgKind: agency.orgKind, via, regionCode, orgId, reason }, steps };
  };
  const succeed = (org: DirectoryOrganization, searchedRegionCode: string | null, level: ResolutionLevel): Resolution => {
    steps.push({
      key: 'organization_resolved',
      params: { role, ruleId, orgKind: org.kind, orgId: org.id, orgRegionCode: org.regionCode, via, searchedRegionCode, level },
    });
    return { ok: true, agency: { orgId: org.id, orgKind: org.kind, regionCode: org.regionCode, ruleId }, steps };
  };

  if (via === 'fixed') {
    const org = agency.orgId === undefined ? undefined : index.byId.get(agency.orgId);
    // A fixed organization that was disabled or changed kind is not silently replaced: the admin must fix the rule.
    if (!org || org.status !== 'active' || org.kind !== agency.orgKind) return fail(null, 'fixed_organization_unavailable');
    return succeed(org, null, 'fixed');
  }
  let regionCode = input.regionCode;
  if (via === 'target_filing') {
    if (input.targetFilingRegionCode !== undefined) regionCode = input.targetFilingRegionCode;
    else steps.push({ key: 'target_filing_unknown', params: { role, ruleId, orgKind: agency.orgKind, caseRegionCode: input.regionCode } });
  }
  const found = findCoveringOrganization(index, agency.orgKind, regionCode);
  return found ? succeed(found.org, regionCode, found.level) : fail(regionCode, 'no_active_organization');
}

/** A present, non-empty list is a condition; an absent or empty one is not. */
function listCondition<T>(list: readonly T[] | undefined): readonly T[] | null {
  return list && list.length > 0 ? list : null;
}

/**
 * Whether a rule's conditions hold for a case, and how specific the rule is: the number of
 * conditions, and the length of the longest region prefix that matched (0 without one).
 */
export function matchRule(rule: RoutingRuleBody, input: RoutingInput): { matches: boolean; conditions: number; prefixLength: number } {
  const { when } = rule;
  let conditions = 0;
  let matches = true;
  let prefixLength = 0;
  const categories = listCondition(when.categories);
  if (categories) {
    conditions += 1;
    matches &&= categories.includes(input.category);
  }
  const prefixes = listCondition(when.regionPrefixes);
  if (prefixes) {
    conditions += 1;
    // An empty prefix string would match every region; it is treated as matching none (validateRules reports it).
    const hits = prefixes.filter((prefix) => prefix.length > 0 && input.regionCode.startsWith(prefix));
    prefixLength = Math.max(0, ...hits.map((prefix) => prefix.length));
    matches &&= hits.length > 0;
  }
  const targetKinds = listCondition(when.targetKinds);
  if (targetKinds) {
    conditions += 1;
    matches &&= input.targetKind !== undefined && targetKinds.includes(input.targetKind);
  }
  if (when.moneyPaid !== undefined) {
    conditions += 1;
    matches &&= when.moneyPaid === input.moneyPaid;
  }
  return { matches, conditions, prefixLength };
}

/** Whether a rule has no conditions at all, so it matches every case. */
export function isCatchAll(rule: RoutingRuleBody): boolean {
  const { when } = rule;
  return (
    !listCondition(when.categories) &&
    !listCondition(when.regionPrefixes) &&
    !listCondition(when.targetKinds) &&
    when.moneyPaid === undefined
  );
}

/**
 * Routes a case to its lead and assisting agencies.
 *
 * - The rules weighed are the enabled ones whose every condition holds, ordered by `priority`
 *   (lower first), then by specificity (more conditions first, then the longer matched region
 *   prefix), then by their place in the list.
 * - The lead comes from the first of them whose lead agency resolves to an active organization. A
 *   rule whose lead cannot be resolved passes the lead on to the next (the explanation and
 *   `unresolved` say so), so a catch-all rule guarantees a lead whenever its agency exists.
 * - The assisting agencies are the union of `then.assisting` over ALL matching rules, not only the
 *   lead's rule: a rule such as "money paid → the police assist" adds to whichever rule leads.
 *   They are deduplicated by organization, in rule order, and never include the lead.
 * - Each agency is the most specific active organization of its kind covering the region the rule
 *   names (see `coveringRegions`), or the fixed organization `orgId`.
 *
 * Disabled rules play no part, not even in the explanation, so adding one never changes the answer.
 */
export function routeCase(
  input: RoutingInput,
  rules: readonly RoutingRule[],
  directory: readonly DirectoryOrganization[],
): RoutingDecision {
  const index = indexDirectory(directory);
  const matching = rules
    .map((rule, position) => ({ rule, position, ...matchRule(rule, input) }))
    .filter((candidate) => candidate.rule.enabled && candidate.matches)
    .sort(
      (a, b) =>
        a.rule.priority - b.rule.priority || b.conditions - a.conditions || b.prefixLength - a.prefixLength || a.position - b.position,
    )
    .map((candidate) => candidate.rule);

  const explanation: RoutingStep[] = [{ key: 'rules_matched', params: { count: matching.length } }];
  const unresolved: UnresolvedAgency[] = [];
  for (const rule of matching)
    explanation.push({ key: 'rule_matched', params: { ruleId: rule.id, ruleName: rule.name, priority: rule.priority } });
  if (matching.length === 0) explanation.push({ key: 'no_rule_matched', params: {} });

  let lead: RoutedAgency | null = null;
  let leadRule: RoutingRule | null = null;
  for (const rule of matching) {
    const resolution = resolveAgency(index, rule.then.lead, 'lead', rule.id, input);
    explanation.push(...resolution.steps);
    if (resolution.ok) {
      lead = resolution.agency;
      leadRule = rule;
      explanation.push({ key: 'lead_decided', params: { ruleId: rule.id, ruleName: rule.name, orgId: lead.orgId } });
      break;
    }
    unresolved.push(resolution.unresolved);
    explanation.push({ key: 'lead_passed_on', params: { ruleId: rule.id, ruleName: rule.name } });
  }
  if (!lead) explanation.push({ key: 'no_lead', params: {} });

  const assisting: RoutedAgency[] = [];
  const named = new Set<string>();
  for (const rule of matching) {
    for (const wanted of rule.then.assisting) {
      const resolution = resolveAgency(index, wanted, 'assisting', rule.id, input);
      explanation.push(...resolution.steps);
      if (!resolution.ok) {
        unresolved.push(resolution.unresolved);
        continue;
      }
      const { orgId } = resolution.agency;
      if (orgId === lead?.orgId || named.has(orgId)) {
        explanation.push({
          key: 'assisting_skipped',
          params: { ruleId: rule.id, orgId, reason: orgId === lead?.orgId ? 'is_lead' : 'duplicate' },
        });
        continue;
      }
      named.add(orgId);
      assisting.push(resolution.agency);
    }
  }

  return {
    ruleId: leadRule?.id ?? null,
    ruleName: leadRule?.name ?? null,
    matchedRuleIds: matching.map((rule) => rule.id),
    lead,
    assisting,
    explanation,
    unresolved,
    override: null,
  };
}

/** Why a triage officer's override was refused. */
export interface OverrideProblem {
  code: 'reason_blank' | 'unknown_organization' | 'inactive_organization' | 'not_an_agency' | 'lead_also_assisting';
  field: 'reason' | 'leadOrgId' | 'assistingOrgIds';
  orgId: string | null;
}

/**
 * Applies a triage officer's override to a routing decision. The rule that matched stays on the
 * decision, and the rules' own choice is kept in `override.previous` (the first one, when a
 * decision is overridden again), so the case shows both. Every organization named must be an
 * active agency; the reason must not be blank; the lead must not also assist.
 */
export function overrideRouting(
  decision: RoutingDecision,
  body: RoutingOverrideBody,
  directory: readonly DirectoryOrganization[],
): { ok: true; decision: RoutingDecision } | { ok: false; problems: OverrideProblem[] } {
  const index = indexDirectory(directory);
  const problems: OverrideProblem[] = [];
  const reason = body.reason.trim();
  if (reason.length === 0) problems.push({ code: 'reason_blank', field: 'reason', orgId: null });
  const check = (orgId: string, field: OverrideProblem['field']): DirectoryOrganization | null => {
    const org = index.byId.get(orgId);
    const code = !org
      ? 'unknown_organization'
      : org.status !== 'active'
        ? 'inactive_organization'
        : !AGENCY_KINDS.includes(org.kind)
          ? 'not_an_agency'
          : null;
    if (code) problems.push({ code, field, orgId });
    return code ? null : (org ?? null);
  };
  const leadOrg = check(body.leadOrgId, 'leadOrgId');
  const assistingIds = [...new Set(body.assistingOrgIds)];
  if (assistingIds.includes(body.leadOrgId))
    problems.push({ code: 'lead_also_assisting', field: 'assistingOrgIds', orgId: body.leadOrgId });
  const assistingOrgs = assistingIds.filter((orgId) => orgId !== body.leadOrgId).map((orgId) => check(orgId, 'assistingOrgIds'));
  if (problems.length > 0 || !leadOrg) return { ok: false, problems };

  const previous = decision.override?.previous ?? { lead: decision.lead, assisting: decision.assisting };
  // An agency the rules had named keeps the rule that named it; one the officer added has none.
  const ruleOf = new Map<string, string | null>();
  for (const agency of [...previous.assisting, ...(previous.lead ? [previous.lead] : [])]) ruleOf.set(agency.orgId, agency.ruleId);
  const routed = (org: DirectoryOrganization): RoutedAgency => ({
    orgId: org.id,
    orgKind: org.kind,
    regionCode: org.regionCode,
    ruleId: ruleOf.get(org.id) ?? null,
  });
  const assisting = assistingOrgs.filter((org): org is DirectoryOrganization => org !== null).map(routed);
  return {
    ok: true,
    decision: {
      ...decision,
      lead: routed(leadOrg),
      assisting,
      explanation: [
        ...decision.explanation,
        { key: 'overridden', params: { leadOrgId: leadOrg.id, assistingCount: assisting.length, reason } },
      ],
      override: { leadOrgId: leadOrg.id, assistingOrgIds: assisting.map((agency) => agency.orgId), reason, previous },
    },
  };
}

/** A problem with a rule set, with a stable code for the administration page and an English message for logs and the CLI. */
export interface RuleProblem {
  code:
    | 'missing_id'
    | 'duplicate_id'
    | 'no_catch_all'
    | 'blank_name'
    | 'invalid_priority'
    | 'unknown_category'
    | 'unknown_target_kind'
    | 'unknown_org_kind'
    | 'not_an_agency'
    | 'empty_condition_list'
    | 'empty_region_prefix'
    | 'invalid_region_prefix'
    | 'fixed_without_org'
    | 'org_with_region'
    | 'unknown_org'
    | 'inactive_org'
    | 'org_kind_mismatch'
    | 'assisting_same_as_lead';
  /** The rule's place in the list; null for a problem of the whole set. */
  ruleIndex: number | null;
  ruleId: string | null;
  /** Where in the rule: `id`, `name`, `priority`, `when.categories`, `then.lead`, `then.assisting.1`; null for the whole rule or set. */
  place: string | null;
  /** The values a localized message names: the rule's number, the offending value, the other rule. */
  params: Record<string, string | number>;
  /** An English sentence for logs and the CLI. */
  message: string;
}

/** The problems as a refused save's field errors: `rules.3.then.lead` with `routingRule.unknown_org` and its params. */
export function ruleProblemFields(problems: readonly RuleProblem[]) {
  return problems.map((p) => ({
    field: ['rules', p.ruleIndex, p.place].filter((part) => part !== null).join('.'),
    key: `routingRule.${p.code}` as const,
    params: p.params,
  }));
}

/**
 * Finds the problems in a rule set before it is saved: missing or duplicate ids, no enabled
 * catch-all rule, unknown categories, target kinds and organization kinds, kinds that are not
 * agencies, empty lists and empty or malformed region prefixes, contradictory `orgId`/`region`, and
 * (when a directory is given) fixed organizations that are unknown, disabled or of another kind.
 * The rules may come from storage, so nothing the schema would refuse is taken for granted.
 */
export function validateRules(rules: readonly RoutingRuleBody[], directory?: readonly DirectoryOrganization[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const byId = new Map((directory ?? []).map((org) => [org.id, org]));
  const seen = new Map<string, number>();

  rules.forEach((rule, ruleIndex) => {
    const ruleId = rule.id ?? null;
    const at = `rule ${ruleIndex + 1}${ruleId !== null ? ` (${ruleId})` : ''}`;
    const add = (code: RuleProblem['code'], message: string, place: string | null = null, params: Record<string, string | number> = {}) =>
      problems.push({ code, ruleIndex, ruleId, place, params: { rule: ruleIndex + 1, ...params }, message: `${at}: ${message}` });

    if (ruleId === null || ruleId.trim() === '') add('missing_id', 'has no id, so a case could not name it', 'id');
    else if (seen.has(ruleId))
      add('duplicate_id', `has the same id as rule ${(seen.get(ruleId) ?? 0) + 1}`, 'id', { other: (seen.get(ruleId) ?? 0) + 1 });
    else seen.set(ruleId, ruleIndex);
    if (typeof rule.name !== 'string' || rule.name.trim() === '') add('blank_name', 'has no name', 'name');
    if (!Number.isInteger(rule.priority) || rule.priority < 0)
      add('invalid_priority', `priority ${String(rule.priority)} is not a whole number ≥ 0`, 'priority', { value: String(rule.priority) });

    const when = rule.when;
    for (const [field, list] of [
      ['categories', when.categories],
      ['regionPrefixes', when.regionPrefixes],
      ['targetKinds', when.targetKinds],
    ] as const) {
      if (list && list.length === 0)
        add('empty_condition_list', `when.${field} is an empty list; leave it out to match every value`, `when.${field}`);
    }
    for (const category of when.categories ?? [])
      if (!(REPORT_CATEGORIES as readonly string[]).includes(category))
        add('unknown_category', `unknown category '${String(category)}'`, 'when.categories', { value: String(category) });
    for (const kind of when.targetKinds ?? [])
      if (!(TARGET_KINDS as readonly string[]).includes(kind))
        add('unknown_target_kind', `unknown target kind '${String(kind)}'`, 'when.targetKinds', { value: String(kind) });
    for (const prefix of when.regionPrefixes ?? []) {
      if (typeof prefix !== 'string' || prefix.trim() === '')
        add('empty_region_prefix', 'has an empty region prefix', 'when.regionPrefixes');
      else if (!REGION_PREFIX.test(prefix))
        add(
          'invalid_region_prefix',
          `region prefix '${prefix}' is not 2, 4 or 6 digits of a region code (e.g. '33', '3301', '330106')`,
          'when.regionPrefixes',
          { value: prefix },
        );
    }

    const agencies: [string, string, RoutingAgency][] = [
      ['then.lead', 'then.lead', rule.then.lead],
      ...rule.then.assisting.map((agency, i): [string, string, RoutingAgency] => [`then.assisting[${i}]`, `then.assisting.${i}`, agency]),
    ];
    for (const [where, place, agency] of agencies) {
      if (!(ORG_KINDS as readonly string[]).includes(agency.orgKind)) {
        add('unknown_org_kind', `${where}: unknown organization kind '${String(agency.orgKind)}'`, place, {
          value: String(agency.orgKind),
        });
        continue;
      }
      if (!AGENCY_KINDS.includes(agency.orgKind))
        add('not_an_agency', `${where}: '${agency.orgKind}' is not an agency kind`, place, { value: agency.orgKind });
      if (agency.region === 'fixed' && agency.orgId === undefined)
        add('fixed_without_org', `${where}: region 'fixed' needs an orgId`, place);
      if (agency.orgId !== undefined && agency.region !== undefined && agency.region !== 'fixed')
        add('org_with_region', `${where}: orgId names a fixed organization, but region is '${agency.region}'`, place, {
          value: agency.region,
        });
      if (directory && agency.orgId !== undefined) {
        const org = byId.get(agency.orgId);
        if (!org) add('unknown_org', `${where}: no organization '${agency.orgId}'`, place, { value: agency.orgId });
        else if (org.status !== 'active')
          add('inactive_org', `${where}: organization '${agency.orgId}' is disabled`, place, { value: agency.orgId });
        else if (org.kind !== agency.orgKind)
          add('org_kind_mismatch', `${where}: organization '${agency.orgId}' is a ${org.kind}, not a ${agency.orgKind}`, place, {
            value: agency.orgId,
          });
      }
    }
    for (const [i, agency] of rule.then.assisting.entries()) {
      const lead = rule.then.lead;
      if (agency.orgKind === lead.orgKind && regionSourceOf(agency) === regionSourceOf(lead) && agency.orgId === lead.orgId)
        add(
          'assisting_same_as_lead',
          `then.assisting[${i}] asks for the lead agency again; it would always be left out`,
          `then.assisting.${i}`,
        );
    }
  });

  if (!rules.some((rule) => rule.enabled && isCatchAll(rule)))
    problems.push({
      code: 'no_catch_all',
      ruleIndex: null,
      ruleId: null,
      place: null,
      params: {},
      message: 'no enabled rule without conditions: a case that no rule matches would have no lead agency',
    });
  return problems;
}
