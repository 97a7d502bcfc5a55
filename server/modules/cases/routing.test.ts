import { describe, expect, it } from 'vitest';
import type { RoutingInput } from '../../../contracts/cases';
import type { OrgKind } from '../../../contracts/orgs';
import { compileSchema, createAjv } from '../../http/validation';
import { DEFAULT_ROUTING_RULES } from './default-routing-rules';
import { type DirectoryOrganization, coveringRegions, overrideRouting, resolveOrganization, routeCase, validateRules } from './routing';
import { type RoutingRule, type RoutingRuleBody, RoutingOverrideBody, RoutingRuleSchema } from './routing.schemas';

function org(
  id: string,
  kind: OrgKind,
  regionCode: string,
  parentId: string | null,
  status: 'active' | 'disabled' = 'active',
): DirectoryOrganization {
  return { id, kind, regionCode, parentId, status };
}

const DIRECTORY: DirectoryOrganization[] = [
  org('centre', 'reporting_centre', '100000', null),
  org('zj-cac', 'regulator', '330000', 'centre'),
  org('hz-cac', 'regulator', '330100', 'zj-cac'),
  org('xihu-cac', 'regulator', '330106', 'hz-cac'),
  org('zj-police', 'police', '330000', 'zj-cac'),
  org('hz-police', 'police', '330100', 'zj-police'),
  org('zj-press', 'press_regulator', '330000', 'zj-cac'),
  org('sh-cac', 'regulator', '310000', 'centre'),
];

const INPUT: RoutingInput = { category: 'online_extortion', regionCode: '330106', moneyPaid: false };

let counter = 0;
function rule(overrides: Partial<RoutingRule> = {}): RoutingRule {
  counter += 1;
  return {
    id: `r${counter}`,
    name: `rule ${counter}`,
    priority: 100,
    enabled: true,
    when: {},
    then: { lead: { orgKind: 'regulator' }, assisting: [] },
    ...overrides,
  };
}

describe('coveringRegions', () => {
  it('climbs from county to city, province and the national level', () => {
    expect(coveringRegions('330106')).toEqual([
      { regionCode: '330106', level: 'county' },
      { regionCode: '330100', level: 'city' },
      { regionCode: '330000', level: 'province' },
      { regionCode: '100000', level: 'national' },
    ]);
  });

  it('starts at the city for a city code and at the province for a province code', () => {
    expect(coveringRegions('330100').map((level) => level.regionCode)).toEqual(['330100', '330000', '100000']);
    expect(coveringRegions('310000').map((level) => level.regionCode)).toEqual(['310000', '100000']);
  });

  it('leaves only the national level for the national code and for codes that are not six digits', () => {
    for (const code of ['100000', '', '3301', 'abcdef', '0330106', '033010'])
      expect(coveringRegions(code)).toEqual([{ regionCode: '100000', level: 'national' }]);
  });
});

describe('resolveOrganization', () => {
  it('takes the most specific active organization of the kind covering the region', () => {
    expect(resolveOrganization(DIRECTORY, 'regulator', '330106')).toEqual({ orgId: 'xihu-cac', level: 'county' });
    expect(resolveOrganization(DIRECTORY, 'regulator', '330102')).toEqual({ orgId: 'hz-cac', level: 'city' });
    expect(resolveOrganization(DIRECTORY, 'regulator', '330203')).toEqual({ orgId: 'zj-cac', level: 'province' });
    expect(resolveOrganization(DIRECTORY, 'police', '330106')).toEqual({ orgId: 'hz-police', level: 'city' });
    expect(resolveOrganization(DIRECTORY, 'press_regulator', '330106')).toEqual({ orgId: 'zj-press', level: 'province' });
  });

  it('never takes an organization of a sibling region', () => {
    expect(resolveOrganization(DIRECTORY, 'regulator', '330108')).toEqual({ orgId: 'hz-cac', level: 'city' });
    expect(resolveOrganization(DIRECTORY, 'press_regulator', '310104')).toBeNull();
  });

  it('skips disabled organizations and climbs further', () => {
    const directory = DIRECTORY.map((o) =>
      o.id === 'xihu-cac' || o.id === 'hz-cac' || o.id === 'hz-police' ? { ...o, status: 'disabled' as const } : o,
    );
    expect(resolveOrganization(directory, 'regulator', '330106')).toEqual({ orgId: 'zj-cac', level: 'province' });
    expect(resolveOrganization(directory, 'police', '330106')).toEqual({ orgId: 'zj-police', level: 'province' });
  });

  it('takes the national level, then a top-level organization of the kind, when no region covers', () => {
    expect(resolveOrganization([...DIRECTORY, org('cac', 'regulator', '100000', 'centre')], 'regulator', '110101')).toEqual({
      orgId: 'cac',
      level: 'national',
    });
    expect(resolveOrganization(DIRECTORY, 'reporting_centre', '330106')).toEqual({ orgId: 'centre', level: 'national' });
    const topLevelPolice = org('mps', 'police', '110000', null);
    expect(resolveOrganization([...DIRECTORY, topLevelPolice], 'police', '440305')).toEqual({ orgId: 'mps', level: 'top_level' });
    expect(resolveOrganization([...DIRECTORY, { ...topLevelPolice, status: 'disabled' }], 'police', '440305')).toBeNull();
  });

  it('breaks a tie at one level by the smallest id, whatever the order of the directory', () => {
    const twins = [org('b-hz', 'police', '330100', null), org('a-hz', 'police', '330100', null)];
    expect(resolveOrganization(twins, 'police', '330106')?.orgId).toBe('a-hz');
    expect(resolveOrganization([...twins].reverse(), 'police', '330106')?.orgId).toBe('a-hz');
  });
});

describe('routeCase', () => {
  it('answers no rule and no lead when nothing matches', () => {
    const decision = routeCase(INPUT, [rule({ when: { categories: ['other'] } })], DIRECTORY);
    expect(decision).toEqual({
      ruleId: null,
      ruleName: null,
      matchedRuleIds: [],
      lead: null,
      assisting: [],
      explanation: [
        { key: 'rules_matched', params: { count: 0 } },
        { key: 'no_rule_matched', params: {} },
        { key: 'no_lead', params: {} },
      ],
      unresolved: [],
      override: null,
    });
  });

  it('requires every condition of a rule to hold', () => {
    const strict = rule({ when: { categories: ['online_extortion'], regionPrefixes: ['33'], targetKinds: ['website'], moneyPaid: true } });
    const fallback = rule({ priority: 999, then: { lead: { orgKind: 'police' }, assisting: [] } });
    const full: RoutingInput = { ...INPUT, targetKind: 'website', moneyPaid: true };
    expect(routeCase(full, [strict, fallback], DIRECTORY).ruleId).toBe(strict.id);
    for (const changed of [
      { category: 'paid_posting' as const },
      { regionCode: '310104' },
      { targetKind: 'account' as const },
      { targetKind: undefined },
      { moneyPaid: false },
    ])
      expect(routeCase({ ...full, ...changed }, [strict, fallback], DIRECTORY).matchedRuleIds, JSON.stringify(changed)).toEqual([
        fallback.id,
      ]);
  });

  it('matches region prefixes of province, city and county against the case region', () => {
    const zhejiang = rule({ when: { regionPrefixes: ['33'] } });
    const hangzhou = rule({ when: { regionPrefixes: ['3301'] } });
    const xihu = rule({ when: { regionPrefixes: ['330106'] } });
    expect(routeCase(INPUT, [zhejiang, hangzhou, xihu], DIRECTORY).matchedRuleIds).toEqual([xihu.id, hangzhou.id, zhejiang.id]);
    expect(routeCase({ ...INPUT, regionCode: '330102' }, [zhejiang, hangzhou, xihu], DIRECTORY).matchedRuleIds).toEqual([
      hangzhou.id,
      zhejiang.id,
    ]);
    expect(routeCase({ ...INPUT, regionCode: '310104' }, [zhejiang, hangzhou, xihu], DIRECTORY).matchedRuleIds).toEqual([]);
  });

  it('weighs priority first, then the number of conditions, then the longer region prefix, then the order of the list', () => {
    const broadFirst = rule({ priority: 1, then: { lead: { orgKind: 'press_regulator' }, assisting: [] } });
    const specific = rule({ priority: 2, when: { categories: ['online_extortion'], regionPrefixes: ['330106'] } });
    expect(routeCase(INPUT, [specific, broadFirst], DIRECTORY).ruleId).toBe(broadFirst.id);

    const twoConditions = rule({ when: { categories: ['online_extortion'], moneyPaid: false } });
    const longPrefix = rule({ when: { regionPrefixes: ['330106'] } });
    expect(routeCase(INPUT, [longPrefix, twoConditions], DIRECTORY).matchedRuleIds).toEqual([twoConditions.id, longPrefix.id]);

    const province = rule({ when: { categories: ['online_extortion'], regionPrefixes: ['33', '3399'] } });
    const city = rule({ when: { categories: ['online_extortion'], regionPrefixes: ['3301'] } });
    expect(routeCase(INPUT, [province, city], DIRECTORY).matchedRuleIds).toEqual([city.id, province.id]);

    const first = rule();
    const second = rule();
    expect(routeCase(INPUT, [first, second], DIRECTORY).matchedRuleIds).toEqual([first.id, second.id]);
    expect(routeCase(INPUT, [second, first], DIRECTORY).matchedRuleIds).toEqual([second.id, first.id]);
  });

  it('ignores disabled rules, and does not mention them', () => {
    const disabled = rule({
      priority: 0,
      enabled: false,
      then: { lead: { orgKind: 'police' }, assisting: [{ orgKind: 'press_regulator' }] },
    });
    const catchAll = rule();
    const decision = routeCase(INPUT, [disabled, catchAll], DIRECTORY);
    expect(decision.ruleId).toBe(catchAll.id);
    expect(decision.assisting).toEqual([]);
    expect(JSON.stringify(decision)).not.toContain(`"${disabled.id}"`);
    expect(decision).toEqual(routeCase(INPUT, [catchAll], DIRECTORY));
  });

  it('treats an empty condition list as no condition', () => {
    const empty = rule({ when: { categories: [], targetKinds: [], regionPrefixes: [] } });
    expect(routeCase(INPUT, [empty], DIRECTORY).ruleId).toBe(empty.id);
  });

  it('never matches on an empty region prefix string', () => {
    const broken = rule({ when: { regionPrefixes: [''] } });
    expect(routeCase(INPUT, [broken], DIRECTORY).matchedRuleIds).toEqual([]);
  });

  it('unites the assisting agencies of every matching rule, in rule order, without duplicates or the lead', () => {
    const lead = rule({
      priority: 1,
      then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'police' }, { orgKind: 'regulator' }] },
    });
    const police = rule({
      priority: 5,
      then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'police' }, { orgKind: 'press_regulator' }] },
    });
    const notMatching = rule({
      priority: 0,
      when: { moneyPaid: true },
      then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'telecom_regulator' }] },
    });
    const decision = routeCase(INPUT, [notMatching, police, lead], DIRECTORY);
    expect(decision.lead).toEqual({ orgId: 'xihu-cac', orgKind: 'regulator', regionCode: '330106', ruleId: lead.id });
    expect(decision.assisting).toEqual([
      { orgId: 'hz-police', orgKind: 'police', regionCode: '330100', ruleId: lead.id },
      { orgId: 'zj-press', orgKind: 'press_regulator', regionCode: '330000', ruleId: police.id },
    ]);
    expect(decision.explanation.filter((step) => step.key === 'assisting_skipped').map((step) => step.params)).toEqual([
      { ruleId: lead.id, orgId: 'xihu-cac', reason: 'is_lead' },
      { ruleId: police.id, orgId: 'hz-police', reason: 'duplicate' },
    ]);
  });

  it('lists assisting agencies no organization can fill as unresolved, and goes on', () => {
    const only = rule({ then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'telecom_regulator' }, { orgKind: 'police' }] } });
    const decision = routeCase(INPUT, [only], DIRECTORY);
    expect(decision.assisting.map((agency) => agency.orgId)).toEqual(['hz-police']);
    expect(decision.unresolved).toEqual([
      {
        role: 'assisting',
        ruleId: only.id,
        orgKind: 'telecom_regulator',
        via: 'case',
        regionCode: '330106',
        orgId: null,
        reason: 'no_active_organization',
      },
    ]);
  });

  it('uses a fixed organization as it is, and reports it unavailable when disabled or of another kind', () => {
    const fixed = rule({
      priority: 1,
      then: { lead: { orgKind: 'regulator', orgId: 'sh-cac' }, assisting: [{ orgKind: 'police', orgId: 'zj-police', region: 'fixed' }] },
    });
    const fallback = rule({ priority: 2 });
    expect(routeCase(INPUT, [fixed, fallback], DIRECTORY)).toMatchObject({
      ruleId: fixed.id,
      lead: { orgId: 'sh-cac' },
      assisting: [{ orgId: 'zj-police' }],
    });

    const disabled = DIRECTORY.map((o) => (o.id === 'sh-cac' ? { ...o, status: 'disabled' as const } : o));
    const decision = routeCase(INPUT, [fixed, fallback], disabled);
    expect(decision.ruleId).toBe(fallback.id);
    expect(decision.lead?.orgId).toBe('xihu-cac');
    expect(decision.unresolved).toEqual([
      {
        role: 'lead',
        ruleId: fixed.id,
        orgKind: 'regulator',
        via: 'fixed',
        regionCode: null,
        orgId: 'sh-cac',
        reason: 'fixed_organization_unavailable',
      },
    ]);

    const wrongKind = rule({ then: { lead: { orgKind: 'police', orgId: 'sh-cac' }, assisting: [] } });
    expect(routeCase(INPUT, [wrongKind], DIRECTORY).lead).toBeNull();
    const noOrg = rule({ then: { lead: { orgKind: 'regulator', region: 'fixed' }, assisting: [] } });
    expect(routeCase(INPUT, [noOrg], DIRECTORY).unresolved).toMatchObject([{ reason: 'fixed_organization_unavailable', orgId: null }]);
  });

  it('looks in the filing region of the target for target_filing agencies', () => {
    const filed = rule({
      then: { lead: { orgKind: 'regulator', region: 'target_filing' }, assisting: [{ orgKind: 'regulator', region: 'case' }] },
    });
    const decision = routeCase({ ...INPUT, targetKind: 'website', targetFilingRegionCode: '310115' }, [filed], DIRECTORY);
    expect(decision.lead).toMatchObject({ orgId: 'sh-cac' });
    expect(decision.assisting).toMatchObject([{ orgId: 'xihu-cac' }]);
  });

  it('does not depend on the order of the directory', () => {
    const reversed = [...DIRECTORY].reverse();
    for (const input of [INPUT, { ...INPUT, targetKind: 'news_outlet' as const, moneyPaid: true }])
      expect(routeCase(input, DEFAULT_ROUTING_RULES, reversed)).toEqual(routeCase(input, DEFAULT_ROUTING_RULES, DIRECTORY));
  });
});

describe('overrideRouting', () => {
  const decision = routeCase({ ...INPUT, moneyPaid: true }, DEFAULT_ROUTING_RULES, DIRECTORY);

  it('is absent from what the rules decide', () => {
    expect(decision.override).toBeNull();
    expect(decision.explanation.some((step) => step.key === 'overridden')).toBe(false);
  });

  it('replaces lead and assisting, keeps the matched rule and what the rules had chosen, and records the reason', () => {
    const result = overrideRouting(
      decision,
      { leadOrgId: 'zj-police', assistingOrgIds: ['xihu-cac', 'zj-press'], reason: '  已立案，公安主办  ' },
      DIRECTORY,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.decision.ruleId).toBe(decision.ruleId);
    expect(result.decision.matchedRuleIds).toEqual(decision.matchedRuleIds);
    expect(result.decision.lead).toEqual({ orgId: 'zj-police', orgKind: 'police', regionCode: '330000', ruleId: null });
    expect(result.decision.assisting).toEqual([
      { orgId: 'xihu-cac', orgKind: 'regulator', regionCode: '330106', ruleId: 'extortion-money-paid' },
      { orgId: 'zj-press', orgKind: 'press_regulator', regionCode: '330000', ruleId: null },
    ]);
    expect(result.decision.override).toEqual({
      leadOrgId: 'zj-police',
      assistingOrgIds: ['xihu-cac', 'zj-press'],
      reason: '已立案，公安主办',
      previous: { lead: decision.lead, assisting: decision.assisting },
    });
    expect(result.decision.explanation.at(-1)).toEqual({
      key: 'overridden',
      params: { leadOrgId: 'zj-police', assistingCount: 2, reason: '已立案，公安主办' },
    });

    const again = overrideRouting(result.decision, { leadOrgId: 'hz-cac', assistingOrgIds: [], reason: '改回网信' }, DIRECTORY);
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    expect(again.decision.override?.previous).toEqual({ lead: decision.lead, assisting: decision.assisting });
  });

  it('refuses a blank reason, unknown, disabled or non-agency organizations, and a lead that also assists', () => {
    const directory = [...DIRECTORY, org('old', 'police', '330100', 'zj-police', 'disabled'), org('forum', 'website', '330100', 'hz-cac')];
    const result = overrideRouting(
      decision,
      { leadOrgId: 'forum', assistingOrgIds: ['nobody', 'old', 'forum', 'hz-police'], reason: ' \n ' },
      directory,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: 'reason_blank', field: 'reason', orgId: null },
        { code: 'not_an_agency', field: 'leadOrgId', orgId: 'forum' },
        { code: 'lead_also_assisting', field: 'assistingOrgIds', orgId: 'forum' },
        { code: 'unknown_organization', field: 'assistingOrgIds', orgId: 'nobody' },
        { code: 'inactive_organization', field: 'assistingOrgIds', orgId: 'old' },
      ],
    });
  });

  it('has a body schema that requires a reason', () => {
    const validate = compileSchema(createAjv(), RoutingOverrideBody);
    expect(validate({ leadOrgId: 'hz-cac', assistingOrgIds: [], reason: '属地管辖' })).toBe(true);
    expect(validate({ leadOrgId: 'hz-cac', assistingOrgIds: [] })).toBe(false);
    expect(validate({ leadOrgId: 'hz-cac', assistingOrgIds: [], reason: '' })).toBe(false);
  });
});

describe('the rule schema', () => {
  const validate = compileSchema(createAjv(), RoutingRuleSchema);
  const valid: RoutingRuleBody = {
    name: '杭州 → 杭州网信',
    priority: 5,
    enabled: true,
    when: { regionPrefixes: ['3301'], categories: ['paid_deletion'] },
    then: { lead: { orgKind: 'regulator' }, assisting: [{ orgKind: 'police', region: 'case' }] },
  };

  it('accepts a rule without an id, as the admin creates it', () => {
    expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a one-digit region prefix', { ...valid, when: { regionPrefixes: ['3'] } }],
    ['an empty region prefix', { ...valid, when: { regionPrefixes: [''] } }],
    ['an odd-length region prefix', { ...valid, when: { regionPrefixes: ['331'] } }],
    ['an empty category list', { ...valid, when: { categories: [] } }],
    ['an unknown category', { ...valid, when: { categories: ['spam'] } }],
    ['an unknown target kind', { ...valid, when: { targetKinds: ['forum'] } }],
    ['a website as lead', { ...valid, then: { lead: { orgKind: 'website' }, assisting: [] } }],
    ['an unknown region source', { ...valid, then: { lead: { orgKind: 'regulator', region: 'victim' }, assisting: [] } }],
    ['a fractional priority', { ...valid, priority: 1.5 }],
    ['a negative priority', { ...valid, priority: -1 }],
    ['an unknown field', { ...valid, weight: 3 }],
    ['an unknown condition', { ...valid, when: { platform: 'weibo' } }],
    ['missing assisting', { ...valid, then: { lead: { orgKind: 'regulator' } } }],
  ])('refuses %s', (_label, body) => {
    expect(validate(body)).toBe(false);
  });
});

describe('validateRules', () => {
  const catchAll = rule({ id: 'catch-all' });
  const codes = (rules: RoutingRuleBody[], directory?: DirectoryOrganization[]) =>
    validateRules(rules, directory).map((problem) => problem.code);

  it('finds nothing wrong with a catch-all alone', () => {
    expect(validateRules([catchAll])).toEqual([]);
  });

  it('requires an enabled catch-all', () => {
    expect(codes([])).toEqual(['no_catch_all']);
    expect(codes([{ ...catchAll, enabled: false }])).toEqual(['no_catch_all']);
    expect(codes([{ ...catchAll, when: { moneyPaid: false } }])).toEqual(['no_catch_all']);
  });

  it('finds missing and duplicate ids', () => {
    const { id: _id, ...withoutId } = rule();
    expect(codes([catchAll, withoutId, { ...catchAll, when: { moneyPaid: true } }])).toEqual(['missing_id', 'duplicate_id']);
    expect(validateRules([catchAll, { ...catchAll }])[0]).toEqual({
      code: 'duplicate_id',
      ruleIndex: 1,
      ruleId: 'catch-all',
      place: 'id',
      params: { rule: 2, other: 1 },
      message: 'rule 2 (catch-all): has the same id as rule 1',
    });
  });

  it('finds unknown kinds and categories, kinds that are not agencies, and empty or malformed region prefixes', () => {
    const broken = {
      ...rule({ id: 'broken' }),
      when: { categories: ['spam'], targetKinds: ['forum'], regionPrefixes: ['', '3', '33'] },
      then: { lead: { orgKind: 'ministry' }, assisting: [{ orgKind: 'website' }] },
    } as unknown as RoutingRuleBody;
    expect(codes([catchAll, broken])).toEqual([
      'unknown_category',
      'unknown_target_kind',
      'empty_region_prefix',
      'invalid_region_prefix',
      'unknown_org_kind',
      'not_an_agency',
    ]);
  });

  it('finds empty condition lists, blank names and bad priorities', () => {
    expect(codes([catchAll, rule({ name: ' ', priority: 1.5, when: { categories: [], regionPrefixes: ['33'] } })])).toEqual([
      'blank_name',
      'invalid_priority',
      'empty_condition_list',
    ]);
  });

  it('finds contradictory fixed organizations and an assisting agency that repeats the lead', () => {
    const contradictions = rule({
      then: {
        lead: { orgKind: 'regulator', region: 'fixed' },
        assisting: [
          { orgKind: 'police', orgId: 'zj-police', region: 'case' },
          { orgKind: 'regulator', region: 'fixed' },
        ],
      },
    });
    expect(codes([catchAll, contradictions])).toEqual([
      'fixed_without_org',
      'org_with_region',
      'fixed_without_org',
      'assisting_same_as_lead',
    ]);
  });

  it('checks fixed organizations against the directory when one is given', () => {
    const directory = [...DIRECTORY, org('old', 'police', '330100', null, 'disabled')];
    const fixed = rule({
      then: {
        lead: { orgKind: 'regulator', orgId: 'nobody' },
        assisting: [
          { orgKind: 'police', orgId: 'old' },
          { orgKind: 'police', orgId: 'zj-press' },
          { orgKind: 'police', orgId: 'zj-police' },
        ],
      },
    });
    expect(codes([catchAll, fixed])).toEqual([]);
    expect(codes([catchAll, fixed], directory)).toEqual(['unknown_org', 'inactive_org', 'org_kind_mismatch']);
  });
});
