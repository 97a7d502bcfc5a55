import { describe, expect, it } from 'vitest';
import type { RoutingInput } from '../../../contracts/cases';
import type { OrgKind } from '../../../contracts/orgs';
import { compileSchema, createAjv } from '../../http/validation';
import { DEFAULT_ROUTING_RULES } from './default-routing-rules';
import { type DirectoryOrganization, routeCase, validateRules } from './routing';
import { RoutingRuleSchema } from './routing.schemas';

function org(
  id: string,
  kind: OrgKind,
  regionCode: string,
  parentId: string | null,
  status: 'active' | 'disabled' = 'active',
): DirectoryOrganization {
  return { id, kind, regionCode, parentId, status };
}

/** One province's agencies under the national reporting centre, and Shanghai's regulator, where the website is filed. */
const DIRECTORY: DirectoryOrganization[] = [
  org('centre', 'reporting_centre', '100000', null),
  org('zj-cac', 'regulator', '330000', 'centre'),
  org('hz-cac', 'regulator', '330100', 'zj-cac'),
  org('zj-police', 'police', '330000', 'zj-cac'),
  org('hz-police', 'police', '330100', 'zj-police'),
  org('zj-press', 'press_regulator', '330000', 'zj-cac'),
  org('sh-cac', 'regulator', '310000', 'centre'),
];

/** A case in Hangzhou's Xihu district (330106). */
const XIHU = '330106';

function route(input: Partial<RoutingInput>, directory = DIRECTORY) {
  return routeCase({ category: 'online_extortion', regionCode: XIHU, moneyPaid: false, ...input }, DEFAULT_ROUTING_RULES, directory);
}

const ids = (agencies: { orgId: string }[]) => agencies.map((agency) => agency.orgId);

describe('the default routing rules', () => {
  it('are a valid rule set, with a catch-all', () => {
    expect(validateRules(DEFAULT_ROUTING_RULES, DIRECTORY)).toEqual([]);
  });

  it('each pass the rule schema that the admin API will use', () => {
    const validate = compileSchema(createAjv(), RoutingRuleSchema);
    for (const rule of DEFAULT_ROUTING_RULES) expect(validate(rule), JSON.stringify(validate.errors)).toBe(true);
  });

  describe('extortion or paid deletion targeting a website', () => {
    it('is led by the regulator where the website is filed; the case region’s regulator assists', () => {
      const decision = route({ targetKind: 'website', targetFilingRegionCode: '310000' });
      expect(decision.ruleId).toBe('website-filing-region');
      expect(decision.lead).toEqual({ orgId: 'sh-cac', orgKind: 'regulator', regionCode: '310000', ruleId: 'website-filing-region' });
      expect(ids(decision.assisting)).toEqual(['hz-cac']);
      expect(decision.matchedRuleIds).toEqual(['website-filing-region', 'catch-all']);
      expect(decision.unresolved).toEqual([]);
    });

    it('applies to paid deletion too, and the police assist when money was paid', () => {
      const decision = route({ category: 'paid_deletion', targetKind: 'website', targetFilingRegionCode: '310000', moneyPaid: true });
      expect(decision.ruleId).toBe('website-filing-region');
      expect(decision.lead?.orgId).toBe('sh-cac');
      expect(decision.assisting).toEqual([
        { orgId: 'hz-cac', orgKind: 'regulator', regionCode: '330100', ruleId: 'website-filing-region' },
        { orgId: 'hz-police', orgKind: 'police', regionCode: '330100', ruleId: 'extortion-money-paid' },
      ]);
      expect(decision.matchedRuleIds).toEqual(['website-filing-region', 'extortion-money-paid', 'catch-all']);
    });

    it('does not list the case region’s regulator as assisting when it is also the lead', () => {
      const decision = route({ targetKind: 'website', targetFilingRegionCode: '330100' });
      expect(decision.lead?.orgId).toBe('hz-cac');
      expect(decision.assisting).toEqual([]);
      expect(decision.explanation).toContainEqual({
        key: 'assisting_skipped',
        params: { ruleId: 'website-filing-region', orgId: 'hz-cac', reason: 'is_lead' },
      });
    });

    it('falls back to the case region when the filing region is unknown, and says so', () => {
      const decision = route({ targetKind: 'website' });
      expect(decision.lead?.orgId).toBe('hz-cac');
      expect(decision.explanation).toContainEqual({
        key: 'target_filing_unknown',
        params: { role: 'lead', ruleId: 'website-filing-region', orgKind: 'regulator', caseRegionCode: XIHU },
      });
    });

    it('does not apply to paid posting on a website, which the catch-all routes to the case region', () => {
      const decision = route({ category: 'paid_posting', targetKind: 'website', targetFilingRegionCode: '310000' });
      expect(decision.ruleId).toBe('catch-all');
      expect(decision.lead?.orgId).toBe('hz-cac');
    });
  });

  describe('a news outlet as the target', () => {
    it('is led by the press regulator; the regulator assists', () => {
      const decision = route({ category: 'paid_deletion', targetKind: 'news_outlet' });
      expect(decision.ruleId).toBe('news-outlet-target');
      expect(decision.lead).toEqual({ orgId: 'zj-press', orgKind: 'press_regulator', regionCode: '330000', ruleId: 'news-outlet-target' });
      expect(ids(decision.assisting)).toEqual(['hz-cac']);
    });

    it('adds the police when money was paid', () => {
      const decision = route({ category: 'online_extortion', targetKind: 'news_outlet', moneyPaid: true });
      expect(decision.lead?.orgId).toBe('zj-press');
      expect(ids(decision.assisting)).toEqual(['hz-cac', 'hz-police']);
    });

    it('passes the lead on to the catch-all where no press regulator covers the region', () => {
      const decision = route({ regionCode: '310104', targetKind: 'news_outlet' });
      expect(decision.ruleId).toBe('catch-all');
      expect(decision.lead?.orgId).toBe('sh-cac');
      // The news-outlet rule still asks for the regulator as assisting, which is the lead here.
      expect(decision.assisting).toEqual([]);
      expect(decision.unresolved).toEqual([
        {
          role: 'lead',
          ruleId: 'news-outlet-target',
          orgKind: 'press_regulator',
          via: 'case',
          regionCode: '310104',
          orgId: null,
          reason: 'no_active_organization',
        },
      ]);
      expect(decision.explanation).toContainEqual({
        key: 'lead_passed_on',
        params: { ruleId: 'news-outlet-target', ruleName: expect.any(String) },
      });
    });
  });

  describe('a fake news outlet', () => {
    it('is led by the press regulator whatever the target, with the regulator assisting', () => {
      const decision = route({ category: 'fake_news_outlet', regionCode: '330102' });
      expect(decision.ruleId).toBe('fake-news-outlet');
      expect(decision.lead?.orgId).toBe('zj-press');
      expect(ids(decision.assisting)).toEqual(['hz-cac']);
    });

    it('has the regulator where the outlet’s website is filed assist', () => {
      const decision = route({ category: 'fake_news_outlet', targetKind: 'website', targetFilingRegionCode: '310000' });
      expect(decision.ruleId).toBe('fake-news-outlet');
      expect(ids(decision.assisting)).toEqual(['sh-cac']);
    });
  });

  describe('a person or an account, money paid', () => {
    it('has the police assist the case region’s regulator, whatever the category', () => {
      const decision = route({ category: 'paid_posting', targetKind: 'person', moneyPaid: true, regionCode: '330100' });
      expect(decision.ruleId).toBe('person-account-money-paid');
      expect(decision.lead?.orgId).toBe('hz-cac');
      expect(ids(decision.assisting)).toEqual(['hz-police']);
    });

    it('names the police once when two rules ask for them', () => {
      const decision = route({ category: 'online_extortion', targetKind: 'account', moneyPaid: true });
      expect(decision.matchedRuleIds).toEqual(['extortion-money-paid', 'person-account-money-paid', 'catch-all']);
      expect(ids(decision.assisting)).toEqual(['hz-police']);
      expect(decision.explanation).toContainEqual({
        key: 'assisting_skipped',
        params: { ruleId: 'person-account-money-paid', orgId: 'hz-police', reason: 'duplicate' },
      });
    });

    it('leaves the police out when no money was paid', () => {
      const decision = route({ category: 'online_extortion', targetKind: 'account', moneyPaid: false });
      expect(decision.ruleId).toBe('catch-all');
      expect(decision.assisting).toEqual([]);
    });
  });

  describe('the catch-all', () => {
    it('has the regulator of the case region lead', () => {
      const decision = route({ category: 'other' });
      expect(decision.ruleId).toBe('catch-all');
      expect(decision.matchedRuleIds).toEqual(['catch-all']);
      expect(decision.lead?.orgId).toBe('hz-cac');
      expect(decision.override).toBeNull();
    });

    it('climbs to the province when the city has no regulator (Ningbo → Zhejiang)', () => {
      expect(route({ category: 'other', regionCode: '330203' }).lead).toMatchObject({ orgId: 'zj-cac', regionCode: '330000' });
    });

    it('names no lead where no regulator covers the region and none is national, and says why', () => {
      const decision = route({ category: 'other', regionCode: '110101' });
      expect(decision.lead).toBeNull();
      expect(decision.ruleId).toBeNull();
      expect(decision.matchedRuleIds).toEqual(['catch-all']);
      expect(decision.unresolved).toMatchObject([{ role: 'lead', ruleId: 'catch-all', orgKind: 'regulator', regionCode: '110101' }]);
      expect(decision.explanation.at(-1)).toEqual({ key: 'no_lead', params: {} });
    });

    it('reaches a national regulator when there is one', () => {
      const withNational = [...DIRECTORY, org('cac', 'regulator', '100000', 'centre')];
      expect(route({ category: 'other', regionCode: '110101' }, withNational).lead).toMatchObject({ orgId: 'cac', regionCode: '100000' });
    });
  });

  it('explains the routing step by step, as keys and parameters the workbench words', () => {
    const decision = route({ targetKind: 'website', targetFilingRegionCode: '310000', moneyPaid: true });
    expect(decision.explanation).toEqual([
      { key: 'rules_matched', params: { count: 3 } },
      { key: 'rule_matched', params: { ruleId: 'website-filing-region', ruleName: expect.any(String), priority: 30 } },
      { key: 'rule_matched', params: { ruleId: 'extortion-money-paid', ruleName: expect.any(String), priority: 50 } },
      { key: 'rule_matched', params: { ruleId: 'catch-all', ruleName: expect.any(String), priority: 1000 } },
      {
        key: 'organization_resolved',
        params: {
          role: 'lead',
          ruleId: 'website-filing-region',
          orgKind: 'regulator',
          orgId: 'sh-cac',
          orgRegionCode: '310000',
          via: 'target_filing',
          searchedRegionCode: '310000',
          level: 'province',
        },
      },
      { key: 'lead_decided', params: { ruleId: 'website-filing-region', ruleName: expect.any(String), orgId: 'sh-cac' } },
      {
        key: 'organization_resolved',
        params: {
          role: 'assisting',
          ruleId: 'website-filing-region',
          orgKind: 'regulator',
          orgId: 'hz-cac',
          orgRegionCode: '330100',
          via: 'case',
          searchedRegionCode: XIHU,
          level: 'city',
        },
      },
      {
        key: 'organization_resolved',
        params: {
          role: 'assisting',
          ruleId: 'extortion-money-paid',
          orgKind: 'police',
          orgId: 'hz-police',
          orgRegionCode: '330100',
          via: 'case',
          searchedRegionCode: XIHU,
          level: 'city',
        },
      },
    ]);
  });
});
