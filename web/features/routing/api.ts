import type { RoutingRegionSource, TargetKind } from '../../../contracts/cases';
import type { OrgKind } from '../../../contracts/orgs';
import type { ReportCategory } from '../../../contracts/reports';
import { staffGet, staffSend } from '../auth/client';

/** One agency a rule asks for: its kind, and where to find the organization of that kind. */
export interface RoutingAgency {
  orgKind: OrgKind;
  /** A fixed organization; its `region` is then `fixed` (or left out). */
  orgId?: string;
  /** `case` (the default), `target_filing`, or `fixed`. */
  region?: RoutingRegionSource;
}

/** One routing rule as the API reads and writes it; every condition present must hold. */
export interface RoutingRule {
  id?: string;
  name: string;
  /** Lower is weighed first. */
  priority: number;
  enabled: boolean;
  when: {
    categories?: ReportCategory[];
    regionPrefixes?: string[];
    targetKinds?: TargetKind[];
    moneyPaid?: boolean;
  };
  then: { lead: RoutingAgency; assisting: RoutingAgency[] };
  note?: string;
}

/** A problem the server found in the rules in force (`ruleIndex` null: the rule set as a whole). */
export interface RoutingRuleProblem {
  code: string;
  ruleIndex: number | null;
  ruleId: string | null;
  /** Where in the rule: `id`, `name`, `priority`, `when.categories`, `then.lead`, `then.assisting.1`. */
  place: string | null;
  /** The server's English sentence, for the record. */
  message: string;
}

export interface RoutingRulesAnswer {
  rules: RoutingRule[];
  /** `default` until an administrator saves rules, then `stored`. */
  source: string;
  problems: RoutingRuleProblem[];
}

export const ROUTING_RULES_QUERY_KEY = ['routing-rules'] as const;

export function fetchRoutingRules(signal?: AbortSignal): Promise<RoutingRulesAnswer> {
  return staffGet<RoutingRulesAnswer>('/api/v1/routing-rules', signal);
}

/** Replaces the rule set as a whole; the server refuses it whole, naming every problem. */
export function replaceRoutingRules(rules: RoutingRule[]): Promise<{ rules: RoutingRule[]; sha256: string }> {
  return staffSend<{ rules: RoutingRule[]; sha256: string }>('PUT', '/api/v1/routing-rules', { rules });
}
