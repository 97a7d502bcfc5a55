import { describe, expect, it } from 'vitest';
import { validateRules, type DirectoryOrganization } from '../../../server/modules/cases/routing';
import type { RoutingRuleBody } from '../../../server/modules/cases/routing.schemas';
import { RULE_PROBLEM_CODES, isRuleProblemCode, problemCodeOfMessage, problemPlace } from './rule-problems';

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

  it('finds every code the server has in this rule set', () => {
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(RULE_PROBLEM_CODES));
  });

  it('reads the code of every sentence the server writes', () => {
    for (const problem of problems) expect(problemCodeOfMessage(problem.message), problem.message).toBe(problem.code);
    // As a refused PUT carries it, behind the localized lead-in.
    for (const problem of problems) expect(problemCodeOfMessage(`路由规则有误：${problem.message}`)).toBe(problem.code);
    expect(problemCodeOfMessage('something new')).toBeNull();
  });

  it('knows the codes and says where in the rule the problem is', () => {
    expect(problems.every((p) => isRuleProblemCode(p.code))).toBe(true);
    expect(isRuleProblemCode('other')).toBe(false);
    expect(problemPlace("rule 5 (e): then.assisting[1]: no organization 'missing'")).toBe('then.assisting[1]');
    expect(problemPlace('rule 2 (b): when.targetKinds is an empty list')).toBe('when.targetKinds');
    expect(problemPlace('rule 2 (b): has no name')).toBeNull();
  });
});
