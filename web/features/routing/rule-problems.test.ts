import { describe, expect, it } from 'vitest';
import { ruleProblemFields, validateRules, type DirectoryOrganization } from '../../../server/modules/cases/routing';
import type { RoutingRuleBody } from '../../../server/modules/cases/routing.schemas';
import { RULE_PROBLEM_CODES, isRuleProblemCode, problemOfFieldError, problemsOfFieldErrors } from './rule-problems';

const directory: DirectoryOrganization[] = [
  { id: 'police-1', kind: 'police', regionCode: '330000', parentId: null, status: 'active' },
  { id: 'off', kind: 'regulator', regionCode: '330100', parentId: null, status: 'disabled' },
];

/** A rule set with every problem the server can find, written as loosely as stored JSON could be. */
const broken = [
  { name: 'a', priority: 10, enabled: true, when: { categories: ['nope'] }, then: { lead: { orgKind: 'regulator' }, assisting: [] } },
  {
    id: 'b',
    name: ' ',
    priority: -1,
    enabled: true,
    when: { targetKinds: [], categories: ['paid_deletion'] },
    then: { lead: { orgKind: 'regulator' }, assisting: [] },
  },
  { id: 'b', name: 'c', priority: 1, enabled: true, when: { targetKinds: ['ship'] }, then: { lead: { orgKind: 'ufo' }, assisting: [] } },
  {
    id: 'd',
    name: 'd',
    priority: 1,
    enabled: true,
    when: { regionPrefixes: ['', '3'] },
    then: { lead: { orgKind: 'website' }, assisting: [] },
  },
  {
    id: 'e',
    name: 'e',
    priority: 1,
    enabled: true,
    when: { moneyPaid: true },
    then: {
      lead: { orgKind: 'police', region: 'fixed' },
      assisting: [
        { orgKind: 'police', orgId: 'police-1', region: 'case' },
        { orgKind: 'police', orgId: 'missing', region: 'fixed' },
        { orgKind: 'regulator', orgId: 'off' },
        { orgKind: 'regulator', orgId: 'police-1' },
      ],
    },
  },
  {
    id: 'f',
    name: 'f',
    priority: 1,
    enabled: false,
    when: {},
    then: { lead: { orgKind: 'regulator', region: 'case' }, assisting: [{ orgKind: 'regulator', region: 'case' }] },
  },
] as unknown as RoutingRuleBody[];

describe('reading the server’s rule problems back to their codes', () => {
  const problems = validateRules(broken, directory);
  const fields = ruleProblemFields(problems).map((f) => ({ field: f.field, code: f.key, message: `message of ${f.field}` }));

  it('finds every code the server has in this rule set', () => {
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(RULE_PROBLEM_CODES));
    expect(problems.every((p) => isRuleProblemCode(p.code))).toBe(true);
    expect(isRuleProblemCode('other')).toBe(false);
  });

  it('reads the rule, the code and the place of every field error a refused save carries', () => {
    const read = fields.map(problemOfFieldError);
    expect(read.map((r) => [r.ruleIndex, r.code, r.place])).toEqual(problems.map((p) => [p.ruleIndex, p.code, p.place]));
    expect(read.find((r) => r.code === 'unknown_org')).toMatchObject({ ruleIndex: 4, place: 'then.assisting.1' });
    expect(problemOfFieldError({ field: 'rules.2.when.targetKinds', code: 'routingRule.empty_condition_list', message: '' })).toMatchObject(
      {
        ruleIndex: 2,
        code: 'empty_condition_list',
        place: 'when.targetKinds',
      },
    );
  });

  it('keeps a field error it does not know, with its message, and sorts the set as a whole first', () => {
    expect(problemOfFieldError({ field: 'rules', code: 'somethingNew', message: '新问题' })).toEqual({
      ruleIndex: null,
      code: null,
      place: null,
      message: '新问题',
    });
    expect(problemOfFieldError({ field: 'rulesX.1', code: 'routingRule.blank_name', message: '' }).ruleIndex).toBeNull();
    const sorted = problemsOfFieldErrors([
      { field: 'rules.2.name', code: 'routingRule.blank_name', message: 'b' },
      { field: 'rules', code: 'routingRule.no_catch_all', message: 'set' },
      { field: 'rules.0.id', code: 'routingRule.missing_id', message: 'a' },
    ]);
    expect(sorted.map((p) => p.message)).toEqual(['set', 'a', 'b']);
  });
});
