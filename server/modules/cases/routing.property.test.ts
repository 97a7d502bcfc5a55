import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTING_REGION_SOURCES, TARGET_KINDS, type RoutingInput } from '../../../contracts/cases';
import { AGENCY_KINDS, ORG_KINDS, type OrgKind } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { DEFAULT_ROUTING_RULES } from './default-routing-rules';
import { type DirectoryOrganization, resolveOrganization, routeCase } from './routing';
import type { RoutingAgency, RoutingRule } from './routing.schemas';

// Small pools, so that random rules, directories and cases often meet.
const ORG_IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p'];
const RULE_IDS = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'];
const REGIONS = [
  '100000',
  '110000',
  '110100',
  '110101',
  '310000',
  '310100',
  '310104',
  '330000',
  '330100',
  '330102',
  '330106',
  '330200',
  '330203',
  '440305',
];

const regionCode = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REGIONS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[1-9][0-9]{5}$/) },
);
const regionPrefix = fc.tuple(regionCode, fc.constantFrom(2, 4, 6)).map(([code, length]) => code.slice(0, length));

const organization: fc.Arbitrary<DirectoryOrganization> = fc.record({
  id: fc.constantFrom(...ORG_IDS),
  kind: fc.constantFrom<OrgKind>(...ORG_KINDS),
  regionCode,
  parentId: fc.option(fc.constantFrom(...ORG_IDS), { nil: null }),
  status: fc.constantFrom('active' as const, 'active' as const, 'disabled' as const),
});
const directory = fc.uniqueArray(organization, { selector: (org) => org.id, maxLength: ORG_IDS.length });

const agency: fc.Arbitrary<RoutingAgency> = fc.record(
  {
    orgKind: fc.constantFrom(...AGENCY_KINDS),
    orgId: fc.constantFrom(...ORG_IDS, 'ghost'),
    region: fc.constantFrom(...ROUTING_REGION_SOURCES),
  },
  { requiredKeys: ['orgKind'] },
);

const rule = (id: fc.Arbitrary<string>): fc.Arbitrary<RoutingRule> =>
  fc.record(
    {
      id,
      name: fc.string({ maxLength: 10 }),
      priority: fc.integer({ min: 0, max: 5 }),
      enabled: fc.boolean(),
      when: fc.record(
        {
          categories: fc.uniqueArray(fc.constantFrom(...REPORT_CATEGORIES), { maxLength: 3 }),
          regionPrefixes: fc.uniqueArray(regionPrefix, { maxLength: 3 }),
          targetKinds: fc.uniqueArray(fc.constantFrom(...TARGET_KINDS), { maxLength: 3 }),
          moneyPaid: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      then: fc.record({ lead: agency, assisting: fc.array(agency, { maxLength: 4 }) }),
      note: fc.string({ maxLength: 5 }),
    },
    { requiredKeys: ['id', 'name', 'priority', 'enabled', 'when', 'then'] },
  );
const rules = fc.uniqueArray(rule(fc.constantFrom(...RULE_IDS)), { selector: (r) => r.id, maxLength: RULE_IDS.length });

const input: fc.Arbitrary<RoutingInput> = fc.record(
  {
    category: fc.constantFrom(...REPORT_CATEGORIES),
    regionCode,
    targetKind: fc.constantFrom(...TARGET_KINDS),
    targetFilingRegionCode: regionCode,
    moneyPaid: fc.boolean(),
  },
  { requiredKeys: ['category', 'regionCode', 'moneyPaid'] },
);

/** A catch-all whose lead is the regulator of the case region (or of the filing region, which falls back to it). */
const catchAll: fc.Arbitrary<RoutingRule> = fc.record({
  id: fc.constant('catch-all'),
  name: fc.constant('catch-all'),
  priority: fc.integer({ min: 0, max: 10 }),
  enabled: fc.constant(true),
  when: fc.constant({}),
  then: fc.record({
    lead: fc.record({ orgKind: fc.constant('regulator' as const), region: fc.constantFrom('case' as const, 'target_filing' as const) }),
    assisting: fc.array(agency, { maxLength: 3 }),
  }),
});

/** An active regulator at the national level, under the reporting centre or on its own. */
const nationalRegulator: fc.Arbitrary<DirectoryOrganization> = fc.record({
  id: fc.constant('national-cac'),
  kind: fc.constant('regulator' as const),
  regionCode: fc.constant('100000'),
  parentId: fc.constantFrom(null, 'a'),
  status: fc.constant('active' as const),
});

// Independent of the implementation: an organization's region code is read as a prefix
// ('330000' → '33', '330100' → '3301'); the national code covers everything.

function coverage(org: DirectoryOrganization, region: string): number | null {
  if (org.regionCode === '100000') return 0;
  const prefix = org.regionCode.replace(/(00)+$/, '');
  return region.startsWith(prefix) ? prefix.length : null;
}

function expectedOrganization(orgs: readonly DirectoryOrganization[], kind: OrgKind, region: string): string | null {
  const active = orgs.filter((org) => org.status === 'active' && org.kind === kind);
  const byId = (x: DirectoryOrganization, y: DirectoryOrganization) => (x.id < y.id ? -1 : 1);
  const covering = active
    .map((org) => ({ org, length: coverage(org, region) }))
    .filter((entry): entry is { org: DirectoryOrganization; length: number } => entry.length !== null)
    .sort((x, y) => y.length - x.length || byId(x.org, y.org));
  if (covering[0]) return covering[0].org.id;
  return active.filter((org) => org.parentId === null).sort(byId)[0]?.id ?? null;
}

function holds(r: RoutingRule, c: RoutingInput): boolean {
  const { categories = [], regionPrefixes = [], targetKinds = [], moneyPaid } = r.when;
  return (
    (categories.length === 0 || categories.includes(c.category)) &&
    (regionPrefixes.length === 0 || regionPrefixes.some((prefix) => c.regionCode.startsWith(prefix))) &&
    (targetKinds.length === 0 || (c.targetKind !== undefined && targetKinds.includes(c.targetKind))) &&
    (moneyPaid === undefined || moneyPaid === c.moneyPaid)
  );
}

describe('routeCase, for any rules, directory and case', () => {
  it('never lists the lead among the assisting agencies', () => {
    fc.assert(
      fc.property(input, rules, directory, (c, rs, dir) => {
        const decision = routeCase(c, rs, dir);
        expect(decision.assisting.map((a) => a.orgId)).not.toContain(decision.lead?.orgId);
      }),
    );
  });

  it('lists each assisting agency once', () => {
    fc.assert(
      fc.property(input, rules, directory, (c, rs, dir) => {
        const ids = routeCase(c, rs, dir).assisting.map((a) => a.orgId);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it('names only active organizations of the kind a rule asked for', () => {
    fc.assert(
      fc.property(input, rules, directory, (c, rs, dir) => {
        const decision = routeCase(c, rs, dir);
        for (const named of [...(decision.lead ? [decision.lead] : []), ...decision.assisting]) {
          const org = dir.find((o) => o.id === named.orgId);
          expect(org).toMatchObject({ status: 'active', kind: named.orgKind, regionCode: named.regionCode });
          expect(decision.matchedRuleIds).toContain(named.ruleId);
        }
      }),
    );
  });

  it('is not changed by adding a disabled rule anywhere', () => {
    fc.assert(
      fc.property(input, rules, directory, rule(fc.constantFrom(...RULE_IDS, 'other')), fc.nat(), (c, rs, dir, extra, at) => {
        const withDisabled = [...rs];
        withDisabled.splice(at % (rs.length + 1), 0, { ...extra, enabled: false });
        expect(routeCase(c, withDisabled, dir)).toEqual(routeCase(c, rs, dir));
      }),
    );
  });

  it('is not changed by the order of the directory', () => {
    fc.assert(
      fc.property(input, rules, directory, (c, rs, dir) => {
        expect(routeCase(c, rs, [...dir].reverse())).toEqual(routeCase(c, rs, dir));
      }),
    );
  });

  it('weighs exactly the enabled rules that hold, lower priority first, and takes the lead from the first whose lead resolves', () => {
    fc.assert(
      fc.property(input, rules, directory, (c, rs, dir) => {
        const decision = routeCase(c, rs, dir);
        const expected = rs.filter((r) => r.enabled && holds(r, c)).map((r) => r.id);
        expect([...decision.matchedRuleIds].sort()).toEqual([...expected].sort());
        const priorities = decision.matchedRuleIds.map((id) => rs.find((r) => r.id === id)?.priority ?? -1);
        expect(priorities).toEqual([...priorities].sort((x, y) => x - y));

        const leadAt = decision.ruleId === null ? decision.matchedRuleIds.length : decision.matchedRuleIds.indexOf(decision.ruleId);
        expect(leadAt).toBeGreaterThanOrEqual(0);
        const passedOn = decision.unresolved.filter((u) => u.role === 'lead').map((u) => u.ruleId);
        expect(passedOn).toEqual(decision.matchedRuleIds.slice(0, leadAt));
        expect(decision.lead === null).toBe(decision.ruleId === null);
      }),
    );
  });

  it('gives every case a lead when a catch-all is present and a regulator exists at the national level', () => {
    fc.assert(
      fc.property(input, rules, catchAll, fc.nat(), directory, nationalRegulator, (c, rs, all, at, dir, national) => {
        const withCatchAll = [...rs];
        withCatchAll.splice(at % (rs.length + 1), 0, all);
        expect(routeCase(c, withCatchAll, [...dir, national]).lead).not.toBeNull();
      }),
    );
  });

  it('gives every case a lead under the default rules when a regulator exists at the national level', () => {
    fc.assert(
      fc.property(input, directory, nationalRegulator, (c, dir, national) => {
        const decision = routeCase(c, DEFAULT_ROUTING_RULES, [...dir, national]);
        expect(decision.lead).not.toBeNull();
        expect(decision.matchedRuleIds.at(-1)).toBe('catch-all');
      }),
    );
  });
});

describe('resolveOrganization, for any directory', () => {
  it('takes the active organization of the kind with the longest covering region code, else a top-level one', () => {
    fc.assert(
      fc.property(directory, fc.constantFrom<OrgKind>(...ORG_KINDS), regionCode, (dir, kind, region) => {
        expect(resolveOrganization(dir, kind, region)?.orgId ?? null).toBe(expectedOrganization(dir, kind, region));
      }),
    );
  });
});
