/**
 * The problems the server finds in a rule set, by their stable codes, so the page can name them in
 * the interface language. `GET /api/v1/routing-rules` gives each problem's code; a refused
 * `PUT` gives only the server's sentence per rule, from which the code is read back.
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

/** The server's wording of each problem (see `validateRules`), most specific first. */
const WORDING: [RegExp, RuleProblemCode][] = [
  [/no enabled rule without conditions/, 'no_catch_all'],
  [/has no id\b/, 'missing_id'],
  [/has the same id as rule/, 'duplicate_id'],
  [/has no name\b/, 'blank_name'],
  [/priority .* is not a whole number/, 'invalid_priority'],
  [/is an empty list/, 'empty_condition_list'],
  [/unknown category '/, 'unknown_category'],
  [/unknown target kind '/, 'unknown_target_kind'],
  [/has an empty region prefix/, 'empty_region_prefix'],
  [/region prefix '.*' is not 2, 4 or 6 digits/, 'invalid_region_prefix'],
  [/unknown organization kind '/, 'unknown_org_kind'],
  [/is not an agency kind/, 'not_an_agency'],
  [/region 'fixed' needs an orgId/, 'fixed_without_org'],
  [/orgId names a fixed organization/, 'org_with_region'],
  [/no organization '/, 'unknown_org'],
  [/organization '.*' is disabled/, 'inactive_org'],
  [/organization '.*' is an? .*, not an? /, 'org_kind_mismatch'],
  [/asks for the lead agency again/, 'assisting_same_as_lead'],
];

/** The code of a problem from the server's sentence about it, or null for wording this page does not know. */
export function problemCodeOfMessage(message: string): RuleProblemCode | null {
  return WORDING.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** Where in a rule the problem is, as the server says it: `then.lead`, `then.assisting[1]`, `when.categories`. */
export function problemPlace(message: string): string | null {
  return /\b(then\.lead|then\.assisting\[\d+\]|when\.[a-zA-Z]+)(?!\w)/.exec(message)?.[1] ?? null;
}
