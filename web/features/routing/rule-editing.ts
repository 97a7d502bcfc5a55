/**
 * Editing the routing rule set in the browser: pure functions over the list of rules, so the page
 * only keeps state and the rules it sends are tidy (no empty condition lists, no blank notes).
 */
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import type { RoutingAgency, RoutingRule } from './api';

/** Rules in the order they are weighed: by priority, the list's order kept among equals. */
export function sortByPriority(rules: readonly RoutingRule[]): RoutingRule[] {
  return rules
    .map((rule, position) => ({ rule, position }))
    .sort((a, b) => a.rule.priority - b.rule.priority || a.position - b.position)
    .map(({ rule }) => rule);
}

/**
 * A rule moved one place up (`delta` −1) or down (+1) in the weighing order. The order is the
 * priorities', so the moved rule gets a priority between its new neighbours, ahead of (or behind)
 * the rule it passed; where no whole number fits, the priorities are spaced out again in tens,
 * rules that shared a priority still sharing one. Out of range changes nothing.
 */
export function moveRule(rules: readonly RoutingRule[], index: number, delta: -1 | 1): RoutingRule[] {
  const to = index + delta;
  if (index < 0 || index >= rules.length || to < 0 || to >= rules.length) return [...rules];
  const next = [...rules];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved!);
  const below = to > 0 ? next[to - 1]!.priority : -1;
  const above = to < next.length - 1 ? next[to + 1]!.priority : Number.POSITIVE_INFINITY;
  if (above - below >= 2) {
    next[to] = { ...moved!, priority: delta < 0 ? above - 1 : below + 1 };
    return next;
  }
  let group = 0;
  return next.map((rule, i) => {
    if (i === 0 || i === to || i === to + 1 || rule.priority !== next[i - 1]!.priority) group++;
    return { ...rule, priority: group * 10 };
  });
}

/** The list without the rule at `index`. */
export function removeRule<T>(rules: readonly T[], index: number): T[] {
  return rules.filter((_, i) => i !== index);
}

/** An id no rule of the set has yet: `rule-1`, `rule-2`, … */
export function unusedRuleId(rules: readonly RoutingRule[]): string {
  const taken = new Set(rules.map((rule) => rule.id));
  let n = rules.length + 1;
  while (taken.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/**
 * A new rule to fill in: weighed after the others except a catch-all (so it is not hidden by one),
 * led by the regulator of the case's region until the administrator chooses otherwise.
 */
export function newRule(rules: readonly RoutingRule[]): RoutingRule {
  const specific = rules.filter((rule) => !isCatchAll(rule)).map((rule) => rule.priority);
  const priority = specific.length > 0 ? Math.max(...specific) + 10 : 100;
  return {
    id: unusedRuleId(rules),
    name: '',
    priority,
    enabled: true,
    when: {},
    then: { lead: { orgKind: 'regulator', region: 'case' }, assisting: [] },
  };
}

/** A rule without conditions: it matches every case. */
export function isCatchAll(rule: RoutingRule): boolean {
  const { categories, regionPrefixes, targetKinds, moneyPaid } = rule.when;
  return !categories?.length && !regionPrefixes?.length && !targetKinds?.length && moneyPaid === undefined;
}

function tidyAgency(agency: RoutingAgency): RoutingAgency {
  const orgId = agency.orgId?.trim();
  if (orgId) return { orgKind: agency.orgKind, orgId, region: 'fixed' };
  // `fixed` without an organization stays as it is, for the check to name.
  return { orgKind: agency.orgKind, region: agency.region ?? 'case' };
}

/**
 * A rule as it is sent: names and notes trimmed, region prefixes trimmed and without repeats,
 * empty condition lists left out (an empty list would match nothing; left out, it matches every
 * value), and an agency with an organization named is `fixed` to it.
 */
export function tidyRule(rule: RoutingRule): RoutingRule {
  const when: RoutingRule['when'] = {};
  const categories = REPORT_CATEGORIES.filter((category) => rule.when.categories?.includes(category));
  if (categories.length > 0) when.categories = categories;
  const prefixes = [...new Set((rule.when.regionPrefixes ?? []).map((prefix) => prefix.trim()).filter(Boolean))];
  if (prefixes.length > 0) when.regionPrefixes = prefixes;
  if (rule.when.targetKinds?.length) when.targetKinds = [...new Set(rule.when.targetKinds)];
  if (typeof rule.when.moneyPaid === 'boolean') when.moneyPaid = rule.when.moneyPaid;
  const note = rule.note?.trim();
  return {
    ...(rule.id?.trim() ? { id: rule.id.trim() } : {}),
    name: rule.name.trim(),
    priority: rule.priority,
    enabled: rule.enabled,
    when,
    then: { lead: tidyAgency(rule.then.lead), assisting: rule.then.assisting.map(tidyAgency) },
    ...(note ? { note } : {}),
  };
}

/** The money condition as a three-way choice in a form. */
export type MoneyPaidChoice = 'any' | 'yes' | 'no';

export function moneyPaidChoice(moneyPaid: boolean | undefined): MoneyPaidChoice {
  return moneyPaid === undefined ? 'any' : moneyPaid ? 'yes' : 'no';
}

export function moneyPaidFromChoice(choice: MoneyPaidChoice): boolean | undefined {
  return choice === 'any' ? undefined : choice === 'yes';
}

/** What the browser can find wrong before sending: the same codes the server uses, for its own words. */
export interface LocalRuleProblem {
  code: 'missing_id' | 'duplicate_id' | 'blank_name' | 'fixed_without_org' | 'assisting_same_as_lead' | 'no_catch_all';
  ruleIndex: number | null;
}

/**
 * The problems that need no directory of organizations, found before saving so they can be shown
 * in the interface language; the server checks everything again (organizations included).
 */
export function checkRules(rules: readonly RoutingRule[]): LocalRuleProblem[] {
  const problems: LocalRuleProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, ruleIndex) => {
    const id = rule.id?.trim() ?? '';
    if (!id) problems.push({ code: 'missing_id', ruleIndex });
    else if (seen.has(id)) problems.push({ code: 'duplicate_id', ruleIndex });
    else seen.add(id);
    if (!rule.name.trim()) problems.push({ code: 'blank_name', ruleIndex });
    const agencies = [rule.then.lead, ...rule.then.assisting];
    if (agencies.some((agency) => agency.region === 'fixed' && !agency.orgId?.trim()))
      problems.push({ code: 'fixed_without_org', ruleIndex });
    const lead = tidyAgency(rule.then.lead);
    if (
      rule.then.assisting
        .map(tidyAgency)
        .some((agency) => agency.orgKind === lead.orgKind && agency.region === lead.region && agency.orgId === lead.orgId)
    )
      problems.push({ code: 'assisting_same_as_lead', ruleIndex });
  });
  if (!rules.some((rule) => rule.enabled && isCatchAll(rule))) problems.push({ code: 'no_catch_all', ruleIndex: null });
  return problems;
}

/** An agency as the rule form holds it. */
export interface AgencyFormValues {
  orgKind: RoutingAgency['orgKind'];
  region: NonNullable<RoutingAgency['region']>;
  orgId?: string | null;
}

/** A rule as the rule form holds it: every condition a list (empty: any), the money condition a choice. */
export interface RuleFormValues {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  categories: NonNullable<RoutingRule['when']['categories']>;
  regionPrefixes: string[];
  targetKinds: NonNullable<RoutingRule['when']['targetKinds']>;
  moneyPaid: MoneyPaidChoice;
  lead: AgencyFormValues;
  assisting: AgencyFormValues[];
  note: string;
}

function agencyFormValues(agency: RoutingAgency): AgencyFormValues {
  if (agency.orgId) return { orgKind: agency.orgKind, region: 'fixed', orgId: agency.orgId };
  return { orgKind: agency.orgKind, region: agency.region ?? 'case' };
}

function agencyFromForm(values: AgencyFormValues): RoutingAgency {
  if (values.region === 'fixed') return { orgKind: values.orgKind, region: 'fixed', ...(values.orgId ? { orgId: values.orgId } : {}) };
  return { orgKind: values.orgKind, region: values.region };
}

export function ruleFormValues(rule: RoutingRule): RuleFormValues {
  return {
    id: rule.id ?? '',
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    categories: rule.when.categories ?? [],
    regionPrefixes: rule.when.regionPrefixes ?? [],
    targetKinds: rule.when.targetKinds ?? [],
    moneyPaid: moneyPaidChoice(rule.when.moneyPaid),
    lead: agencyFormValues(rule.then.lead),
    assisting: rule.then.assisting.map(agencyFormValues),
    note: rule.note ?? '',
  };
}

/** The rule a filled-in form describes, tidied as it will be sent. */
export function ruleFromForm(values: RuleFormValues): RoutingRule {
  const moneyPaid = moneyPaidFromChoice(values.moneyPaid);
  return tidyRule({
    id: values.id,
    name: values.name,
    priority: values.priority,
    enabled: values.enabled,
    when: {
      categories: values.categories,
      regionPrefixes: values.regionPrefixes,
      targetKinds: values.targetKinds,
      ...(moneyPaid === undefined ? {} : { moneyPaid }),
    },
    then: { lead: agencyFromForm(values.lead), assisting: (values.assisting ?? []).map(agencyFromForm) },
    note: values.note ?? '',
  });
}
