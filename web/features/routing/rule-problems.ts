/**
 * The problems the server finds in a rule set, by their stable codes, so the page can name them in
 * the interface language. `GET /api/v1/routing-rules` gives each problem's code and place; a refused
 * `PUT` gives them as field errors (`rules.0.then.lead`, `routingRule.unknown_org`).
 */

export const RULE_PROBLEM_CODES = [
  'missing_id',
  'duplicate_id',
  'no_catch_all',
  'blank_name',
  'invalid_priority',
  'unknown_category',
  'unknown_target_kind',
  'unknown_org_kind',
  'not_an_agency',
  'empty_condition_list',
  'empty_region_prefix',
  'invalid_region_prefix',
  'fixed_without_org',
  'org_with_region',
  'unknown_org',
  'inactive_org',
  'org_kind_mismatch',
  'assisting_same_as_lead',
] as const;
export type RuleProblemCode = (typeof RULE_PROBLEM_CODES)[number];

export function isRuleProblemCode(code: string): code is RuleProblemCode {
  return (RULE_PROBLEM_CODES as readonly string[]).includes(code);
}

/** A problem the server named in a refused save: the rule (null: the whole set), the code, where in the rule. */
export interface FieldRuleProblem {
  ruleIndex: number | null;
  code: RuleProblemCode | null;
  place: string | null;
  /** The server's message, in the interface language. */
  message: string;
}

/**
 * Reads a refused save's field error: the field is `rules`, `rules.3` or `rules.3.then.assisting.1`,
 * the code `routingRule.<problem code>`.
 */
export function problemOfFieldError(error: { field: string; code?: string | undefined; message: string }): FieldRuleProblem {
  const match = /^\/?rules(?:[./](\d+)(?:[./](.+))?)?$/.exec(error.field);
  const code = error.code?.startsWith('routingRule.') ? error.code.slice('routingRule.'.length) : '';
  return {
    ruleIndex: match?.[1] !== undefined ? Number(match[1]) : null,
    code: isRuleProblemCode(code) ? code : null,
    place: match?.[2] ?? null,
    message: error.message,
  };
}

/** A refused save's field errors as problems, the rule set as a whole first, then in rule order. */
export function problemsOfFieldErrors(
  errors: readonly { field: string; code?: string | undefined; message: string }[],
): FieldRuleProblem[] {
  return errors.map(problemOfFieldError).sort((a, b) => (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1));
}
