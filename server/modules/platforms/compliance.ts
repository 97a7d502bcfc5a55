/**
 * Compliance evaluation of a website's handling of deletion requests (mechanism 6: "evaluation and
 * incentives"). Pure: the service brings the requests of the period.
 */

export interface RequestFacts {
  status: string;
  riskScore: number;
  receivedAt: string;
  decidedAt: string | null;
  referred: boolean;
}

export interface ComplianceFinding {
  code: 'slow_decisions' | 'overdue_pending' | 'high_risk_approved' | 'high_risk_not_referred';
  /** Points taken off the score of 100. */
  penalty: number;
  words: { 'zh-CN': string; en: string };
}

export interface ComplianceEvaluation {
  score: number;
  total: number;
  decided: number;
  decidedOnTime: number;
  pendingOverdue: number;
  highRisk: number;
  highRiskApproved: number;
  highRiskReferred: number;
  findings: ComplianceFinding[];
}

/** A request should be decided within this many days of arrival. */
export const DECISION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const pct = (n: number, d: number) => (d === 0 ? 0 : n / d);

/**
 * Scores 0–100: decisions on time (30 points), nothing left overdue (20), high-risk requests not
 * approved (30) and referred as clues (20). Each lost point is explained in words.
 */
export function evaluateCompliance(requests: readonly RequestFacts[], now: Date, highRisk: number): ComplianceEvaluation {
  const decidedRows = requests.filter((r) => r.decidedAt !== null);
  const onTime = decidedRows.filter((r) => Date.parse(r.decidedAt!) - Date.parse(r.receivedAt) <= DECISION_DAYS * DAY_MS).length;
  const overdue = requests.filter((r) => r.decidedAt === null && now.getTime() - Date.parse(r.receivedAt) > DECISION_DAYS * DAY_MS).length;
  const risky = requests.filter((r) => r.riskScore >= highRisk);
  const riskyApproved = risky.filter((r) => r.status === 'approved' || r.status === 'executed').length;
  const riskyReferred = risky.filter((r) => r.referred).length;
  const findings: ComplianceFinding[] = [];
  const slow = Math.round(30 * pct(decidedRows.length - onTime, decidedRows.length));
  if (slow > 0)
    findings.push({
      code: 'slow_decisions',
      penalty: slow,
      words: {
        'zh-CN': `${decidedRows.length - onTime} 件请求未在 ${DECISION_DAYS} 天内作出决定。`,
        en: `${decidedRows.length - onTime} requests were not decided within ${DECISION_DAYS} days.`,
      },
    });
  const late = Math.round(20 * pct(overdue, requests.length));
  if (late > 0)
    findings.push({
      code: 'overdue_pending',
      penalty: late,
      words: {
        'zh-CN': `${overdue} 件请求超过 ${DECISION_DAYS} 天仍未决定。`,
        en: `${overdue} requests have waited more than ${DECISION_DAYS} days for a decision.`,
      },
    });
  const approvedRisky = Math.round(30 * pct(riskyApproved, risky.length));
  if (approvedRisky > 0)
    findings.push({
      code: 'high_risk_approved',
      penalty: approvedRisky,
      words: {
        'zh-CN': `${riskyApproved} 件高风险请求被批准删除。`,
        en: `${riskyApproved} high-risk requests were approved for deletion.`,
      },
    });
  const unreferred = Math.round(20 * pct(risky.length - riskyReferred, risky.length));
  if (unreferred > 0)
    findings.push({
      code: 'high_risk_not_referred',
      penalty: unreferred,
      words: {
        'zh-CN': `${risky.length - riskyReferred} 件高风险请求未移送为线索。`,
        en: `${risky.length - riskyReferred} high-risk requests were not referred as clues.`,
      },
    });
  return {
    score: 100 - findings.reduce((sum, f) => sum + f.penalty, 0),
    total: requests.length,
    decided: decidedRows.length,
    decidedOnTime: onTime,
    pendingOverdue: overdue,
    highRisk: risky.length,
    highRiskApproved: riskyApproved,
    highRiskReferred: riskyReferred,
    findings,
  };
}

/** The period a compliance evaluation covers: requests received from `since` up to, not including, `until`. */
export interface CompliancePeriod {
  since: string;
  until: string | null;
}

/** The rolling window evaluated when no month is asked for. */
export const ROLLING_DAYS = 90;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The requests a compliance evaluation covers: those received in a calendar month in China
 * Standard Time (`YYYY-MM`, the monthly report regulators file), or in the last 90 days. The
 * requests are evaluated as they stand at `now`, so a monthly report shows how that month's
 * requests were handled. Answers null for a month that has not begun.
 */
export function compliancePeriod(month: string | undefined, now: Date): CompliancePeriod | null {
  if (month === undefined) return { since: new Date(now.getTime() - ROLLING_DAYS * DAY_MS).toISOString(), until: null };
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const since = Date.UTC(year, monthNumber - 1, 1) - BEIJING_OFFSET_MS;
  if (since > now.getTime()) return null;
  return { since: new Date(since).toISOString(), until: new Date(Date.UTC(year, monthNumber, 1) - BEIJING_OFFSET_MS).toISOString() };
}
