import { REPORTER_PHONE_PATTERN, isHttpUrl } from '../../../contracts/reports';
import type { FieldProblem } from '../../http/problem';
import { isValidUscc } from '../../../contracts/uscc';
import type { ReportSubmission } from './reports.schemas';

/** Clock skew tolerated on `occurredAt` before it counts as the future. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * The checks a JSON schema cannot express: a coherent reporter, real web addresses, a valid
 * credit code. Pure; answers every problem at once.
 */
export function checkSubmission(submission: ReportSubmission, now: Date = new Date()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reporter = submission.reporter;
  const identity = [reporter.name, reporter.phone, reporter.email, reporter.enterprise].some((v) => v !== undefined);
  if (reporter.anonymous) {
    if (identity || reporter.contactConsent) problems.push({ field: 'reporter', key: 'anonymousWithIdentity' });
  } else {
    if (!identity) problems.push({ field: 'reporter', key: 'identityRequired' });
    if (reporter.contactConsent && !reporter.phone && !reporter.email)
      problems.push({ field: 'reporter.contactConsent', key: 'consentNeedsContact' });
    if (reporter.phone !== undefined && !REPORTER_PHONE_PATTERN.test(reporter.phone.normalize('NFKC').trim())) {
      problems.push({ field: 'reporter.phone', key: 'phone' });
    }
    if (reporter.enterprise && !isValidUscc(reporter.enterprise.uscc.normalize('NFKC').toUpperCase())) {
      problems.push({ field: 'reporter.enterprise.uscc', key: 'uscc' });
    }
  }
  (submission.targetUrls ?? []).forEach((url, index) => {
    if (!isHttpUrl(url.trim())) problems.push({ field: `targetUrls.${index}`, key: 'url' });
  });
  if (submission.occurredAt && Date.parse(submission.occurredAt) > now.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push({ field: 'occurredAt', key: 'occurredInFuture' });
  }
  return problems;
}
