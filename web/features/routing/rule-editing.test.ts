import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingRule } from './api';
import {
  checkRules,
  isCatchAll,
  moneyPaidChoice,
  moneyPaidFromChoice,
  moveRule,
  newRule,
  removeRule,
  ruleFormValues,
  ruleFromForm,
  sortByPriority,
  tidyRule,
  unusedRuleId,
} from './rule-editing';

const rule = (id: string, extra: Partial<RoutingRule> = {}): RoutingRule => ({
  id,
  name: `规则 ${id}`,
  priority: 10,
  enabled: true,
  when: { categories: ['online_extortion'] },
  then: { lead: { orgKind: 'regulator', region: 'case' }, assisting: [] },
  ...extra,
});
const catchAll = rule('catch-all', { priority: 1000, when: {} });

describe('moving and removing rules', () => {
  const named = (priorities: number[]) => priorities.map((priority, i) => rule(`r${i}`, { priority }));
  const view = (rules: RoutingRule[]) => rules.map((r) => `${r.id}:${r.priority}`);

  it('moves a rule ahead of the one it passes by giving it a priority between its new neighbours', () => {
    expect(view(moveRule(named([10, 20, 30]), 2, -1))).toEqual(['r0:10', 'r2:19', 'r1:20']);
    expect(view(moveRule(named([10, 20, 30]), 0, 1))).toEqual(['r1:20', 'r0:21', 'r2:30']);
    expect(view(moveRule(named([10, 20, 1000]), 1, 1))).toEqual(['r0:10', 'r2:1000', 'r1:1001']);
    expect(view(moveRule(named([10, 20]), 0, -1))).toEqual(['r0:10', 'r1:20']);
    expect(view(moveRule(named([10, 20]), 1, 1))).toEqual(['r0:10', 'r1:20']);
  });

  it('spaces the priorities out again when no whole number fits, keeping other ties', () => {
    // r3 passes r2, which shares its priority: r0 and r1 keep sharing theirs.
    expect(view(moveRule(named([5, 5, 6, 6, 1000]), 3, -1))).toEqual(['r0:10', 'r1:10', 'r3:20', 'r2:30', 'r4:40']);
    expect(view(moveRule(named([0, 0]), 1, -1))).toEqual(['r1:10', 'r0:20']);
  });

  it('keeps every rule, in weighing order, the moved one strictly past the one it passed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 12 }),
        fc.nat(11),
        fc.constantFrom(-1 as const, 1 as const),
        (priorities, at, delta) => {
          const rules = named([...priorities].sort((a, b) => a - b));
          const index = at % rules.length;
          const moved = moveRule(rules, index, delta);
          expect(moved.map((r) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
          expect(sortByPriority(moved)).toEqual(moved);
          const to = index + delta;
          if (to < 0 || to >= rules.length) return;
          const passed = rules[to]!.id;
          const movedRule = moved[to]!;
          const passedRule = moved.find((r) => r.id === passed)!;
          if (delta < 0) expect(movedRule.priority).toBeLessThan(passedRule.priority);
          else expect(movedRule.priority).toBeGreaterThan(passedRule.priority);
        },
      ),
    );
  });

  it('sorts by priority, keeping the list order among equals', () => {
    expect(view(sortByPriority(named([30, 10, 30, 20])))).toEqual(['r1:10', 'r3:20', 'r0:30', 'r2:30']);
  });

  it('removes the rule at a place', () => {
    expect(removeRule(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(removeRule(['a'], 5)).toEqual(['a']);
  });
});

describe('new rules', () => {
  it('gets an unused id and a priority after the specific rules, before the catch-all', () => {
    const rules = [rule('rule-3', { priority: 40 }), rule('x', { priority: 20 }), catchAll];
    expect(unusedRuleId(rules)).toBe('rule-4');
    expect(unusedRuleId([rule('rule-2'), rule('rule-3')])).toBe('rule-4');
    const added = newRule(rules);
    expect(added.priority).toBe(50);
    expect(added.priority).toBeLessThan(catchAll.priority);
    expect(newRule([]).priority).toBe(100);
    // It starts as a catch-all with a blank name, which the check names until it is filled in.
    expect(isCatchAll(added)).toBe(true);
    expect(checkRules([...rules, added])).toContainEqual({ code: 'blank_name', ruleIndex: 3 });
  });
});

describe('tidying a rule before it is sent', () => {
  it('leaves out empty conditions and blank notes, trims and de-duplicates', () => {
    expect(
      tidyRule({
        id: ' r1 ',
        name: ' 网站敲诈 ',
        priority: 30,
        enabled: false,
        when: {
          categories: ['paid_deletion', 'online_extortion'],
          regionPrefixes: [' 33', '33', ''],
          targetKinds: [],
          moneyPaid: undefined,
        },
        then: {
          lead: { orgKind: 'regulator', region: 'target_filing' },
          assisting: [{ orgKind: 'police', orgId: ' org-1 ', region: 'case' }, { orgKind: 'regulator' }],
        },
        note: '   ',
      }),
    ).toEqual({
      id: 'r1',
      name: '网站敲诈',
      priority: 30,
      enabled: false,
      when: { categories: ['online_extortion', 'paid_deletion'], regionPrefixes: ['33'] },
      then: {
        lead: { orgKind: 'regulator', region: 'target_filing' },
        assisting: [
          { orgKind: 'police', orgId: 'org-1', region: 'fixed' },
          { orgKind: 'regulator', region: 'case' },
        ],
      },
    });
  });

  it('keeps the money condition when it is set either way', () => {
    expect(tidyRule(rule('a', { when: { moneyPaid: false } })).when).toEqual({ moneyPaid: false });
    expect(moneyPaidChoice(undefined)).toBe('any');
    expect(moneyPaidChoice(true)).toBe('yes');
    expect(moneyPaidChoice(false)).toBe('no');
    for (const choice of ['any', 'yes', 'no'] as const) expect(moneyPaidChoice(moneyPaidFromChoice(choice))).toBe(choice);
  });
});

describe('checking rules before saving', () => {
  it('passes the defaults-like set', () => {
    expect(checkRules([rule('a'), catchAll])).toEqual([]);
  });

  it('names missing and repeated ids, blank names, fixed agencies without organization, and a missing catch-all', () => {
    const problems = checkRules([
      rule(''),
      rule('a', { name: ' ' }),
      rule('a', { then: { lead: { orgKind: 'police', region: 'fixed' }, assisting: [] } }),
      rule('b', { then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'regulator', region: 'case' }] } }),
      { ...catchAll, enabled: false },
    ]);
    expect(problems).toEqual([
      { code: 'missing_id', ruleIndex: 0 },
      { code: 'blank_name', ruleIndex: 1 },
      { code: 'duplicate_id', ruleIndex: 2 },
      { code: 'fixed_without_org', ruleIndex: 2 },
      { code: 'assisting_same_as_lead', ruleIndex: 3 },
      { code: 'no_catch_all', ruleIndex: null },
    ]);
  });
});

describe('the rule form', () => {
  it('gives back the tidy rule it was filled with', () => {
    const rules: RoutingRule[] = [
      rule('a', {
        when: {
          categories: ['online_extortion', 'paid_deletion'],
          regionPrefixes: ['33', '3301'],
          targetKinds: ['website'],
          moneyPaid: true,
        },
        then: {
          lead: { orgKind: 'regulator', region: 'target_filing' },
          assisting: [
            { orgKind: 'police', orgId: 'org-9', region: 'fixed' },
            { orgKind: 'regulator', region: 'case' },
          ],
        },
        note: '说明',
      }),
      catchAll,
      rule('c', { when: { moneyPaid: false } }),
    ];
    for (const original of rules) expect(ruleFromForm(ruleFormValues(original))).toEqual(tidyRule(original));
  });

  it('keeps a fixed agency without organization for the check to name', () => {
    const values = { ...ruleFormValues(catchAll), lead: { orgKind: 'police' as const, region: 'fixed' as const, orgId: null } };
    const tidy = ruleFromForm(values);
    expect(tidy.then.lead).toEqual({ orgKind: 'police', region: 'fixed' });
    expect(checkRules([tidy])).toContainEqual({ code: 'fixed_without_org', ruleIndex: 0 });
  });
});
