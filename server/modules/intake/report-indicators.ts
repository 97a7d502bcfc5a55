import { extractIndicators } from '../indicators/extract';
import { normalizeUrl, registrableDomain } from '../indicators/normalize';
import type { IndicatorRecord } from './reports.repository';
import type { ReportSubmission } from './reports.schemas';

/** The parts of a submission indicators are found in. */
export type ReportText = Pick<ReportSubmission, 'description' | 'platform' | 'targetUrls'> & {
  reporter: { enterprise?: { uscc: string } };
};

/**
 * The indicators of a report: found in its description and platform, and in its target addresses,
 * each with the field it came from, one per distinct value and field. The victim enterprise's credit
 * code is kept apart as `victim`; the reporter's own phone and e-mail are never indexed, so that
 * correlation links offenders, not the people who report them.
 */
export function reportIndicators(submission: ReportText): IndicatorRecord[] {
  const seen = new Set<string>();
  const out: IndicatorRecord[] = [];
  const add = (type: string, value: string | null, field: string) => {
    if (!value) return;
    const key = `${type}\u0000${value}\u0000${field}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ type, value, field });
  };
  for (const found of extractIndicators(submission.description)) add(found.type, found.value, 'description');
  if (submission.platform) for (const found of extractIndicators(submission.platform)) add(found.type, found.value, 'platform');
  for (const raw of submission.targetUrls ?? []) {
    const url = normalizeUrl(raw.trim());
    add('url', url, 'target_url');
    if (url) add('domain', registrableDomain(url), 'target_url');
  }
  const enterprise = submission.reporter.enterprise;
  if (enterprise) add('uscc', enterprise.uscc.normalize('NFKC').toUpperCase(), 'victim');
  return out;
}
