/**
 * Case vocabulary shared by the server and the web front end, for now the routing of a case to
 * its lead and assisting agencies (mechanism 5: a clue found once is acted on at once, by the right
 * agency). The words follow DESIGN.md.
 */
import type { OrgKind } from './orgs';
import type { ReportCategory } from './reports';

/** What a case is aimed at: a website, an account on a platform, a news outlet, or a person. */
export const TARGET_KINDS = ['website', 'account', 'news_outlet', 'person'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** How urgently a case is handled. */
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** The part an agency plays in a case: it leads (主办) or assists (协办). */
export const AGENCY_ROLES = ['lead', 'assisting'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

/**
 * Where a routing rule looks for the organization of a kind: in the region of the case, in the
 * region where the targeted website is filed (ICP filing; the case's region when that is unknown),
 * or one fixed organization named by id.
 */
export const ROUTING_REGION_SOURCES = ['case', 'target_filing', 'fixed'] as const;
export type RoutingRegionSource = (typeof ROUTING_REGION_SOURCES)[number];

/**
 * How far up the region hierarchy the organization was found: the county itself, its city, its
 * province, the national level (`100000`), a top-level organization of the kind, or a fixed one.
 */
export const RESOLUTION_LEVELS = ['county', 'city', 'province', 'national', 'top_level', 'fixed'] as const;
export type ResolutionLevel = (typeof RESOLUTION_LEVELS)[number];

/** Why an agency a rule asks for could not be named. */
export const UNRESOLVED_REASONS = ['no_active_organization', 'fixed_organization_unavailable'] as const;
export type UnresolvedReason = (typeof UNRESOLVED_REASONS)[number];

/** What routing needs to know about a case. */
export interface RoutingInput {
  category: ReportCategory;
  /** Six-digit region code of where the case is (the victim's or the reporter's region). */
  regionCode: string;
  targetKind?: TargetKind;
  /** For a website: the region of its ICP filing. */
  targetFilingRegionCode?: string;
  /** Money was paid to the offender (extortion paid, or a deletion bought). */
  moneyPaid: boolean;
}

/** An agency routing named, and the rule that asked for it. */
export interface RoutedAgency {
  orgId: string;
  orgKind: OrgKind;
  /** The organization's own region code. */
  regionCode: string;
  /** The rule that asked for this agency; null when a triage officer named it. */
  ruleId: string | null;
}

/** An agency a matching rule asked for that no active organization in the directory could fill. */
export interface UnresolvedAgency {
  role: AgencyRole;
  ruleId: string;
  orgKind: OrgKind;
  via: RoutingRegionSource;
  /** The region searched (null for a fixed organization). */
  regionCode: string | null;
  /** The fixed organization asked for, if any. */
  orgId: string | null;
  reason: UnresolvedReason;
}

/** The triage officer's correction of a routing decision. */
export interface RoutingOverride {
  leadOrgId: string;
  assistingOrgIds: string[];
  reason: string;
  /** The lead and assisting agencies the rules had named, kept so the case shows both. */
  previous: { lead: RoutedAgency | null; assisting: RoutedAgency[] };
}

/**
 * One step of a routing explanation: a stable key and its parameters, so the workbench words it in
 * the reader's language (`cases.routing.<key>` in the i18n files) and names organizations itself.
 */
export type RoutingStep =
  | { key: 'rules_matched'; params: { count: number } }
  | { key: 'rule_matched'; params: { ruleId: string; ruleName: string; priority: number } }
  | { key: 'no_rule_matched'; params: Record<string, never> }
  | { key: 'target_filing_unknown'; params: { role: AgencyRole; ruleId: string; orgKind: OrgKind; caseRegionCode: string } }
  | {
      key: 'organization_resolved';
      params: {
        role: AgencyRole;
        ruleId: string;
        orgKind: OrgKind;
        orgId: string;
        orgRegionCode: string;
        via: RoutingRegionSource;
        searchedRegionCode: string | null;
        level: ResolutionLevel;
      };
    }
  | {
      key: 'organization_unresolved';
      params: {
        role: AgencyRole;
        ruleId: string;
        orgKind: OrgKind;
        via: RoutingRegionSource;
        searchedRegionCode: string | null;
        orgId: string | null;
        reason: UnresolvedReason;
      };
    }
  | { key: 'lead_decided'; params: { ruleId: string; ruleName: string; orgId: string } }
  | { key: 'lead_passed_on'; params: { ruleId: string; ruleName: string } }
  | { key: 'no_lead'; params: Record<string, never> }
  | { key: 'assisting_skipped'; params: { ruleId: string; orgId: string; reason: 'is_lead' | 'duplicate' } }
  | { key: 'overridden'; params: { leadOrgId: string; assistingCount: number; reason: string } };

export type RoutingStepKey = RoutingStep['key'];

/** The routing of one case: who leads, who assists, and why. */
export interface RoutingDecision {
  /** The rule that decided the lead; null when no rule could name one. */
  ruleId: string | null;
  ruleName: string | null;
  /** Every enabled rule whose conditions the case meets, in the order they were weighed. */
  matchedRuleIds: string[];
  lead: RoutedAgency | null;
  /** Deduplicated by organization; never the lead. */
  assisting: RoutedAgency[];
  explanation: RoutingStep[];
  unresolved: UnresolvedAgency[];
  /** Set when a triage officer changed the rules' choice; null when the rules decided. */
  override: RoutingOverride | null;
}
