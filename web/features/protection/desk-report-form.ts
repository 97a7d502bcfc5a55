import type { UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import type { PaymentChannel, ReportCategory } from '../../../contracts/reports';
import { toSubmission } from '../reports/report-form';
import type { DeskReportBody } from './desk-api';

/** The desk form's values: the public form's report fields; the reporter is on record, only a call-back phone is asked. */
export interface DeskReportValues {
  category?: ReportCategory;
  description?: string;
  targetUrls?: string;
  platform?: string;
  occurredAt?: Dayjs | null;
  money?: { amount?: number | null; currency?: string; channel?: PaymentChannel };
  /** Named as the server names it (`reporter.phone`), so its error lands on the input. */
  reporter?: { phone?: string };
  contactConsent?: boolean;
  /** The evidence files chosen, as the upload list holds them. */
  evidence?: UploadFile[];
}

export const DESK_FORM_FIELDS = [
  'category',
  'description',
  'targetUrls',
  'platform',
  'occurredAt',
  'money.amount',
  'money.currency',
  'money.channel',
  'reporter.phone',
  'evidence',
] as const;

/** The API body: the report as the public form would send it, without a reporter. */
export function toDeskReportBody(values: DeskReportValues): DeskReportBody {
  const { reporter: _anonymous, ...report } = toSubmission({ ...values, evidence: [], reporter: { kind: 'anonymous' } });
  const phone = values.reporter?.phone?.trim();
  return { ...report, ...(phone && { contactPhone: phone }), contactConsent: values.contactConsent ?? true };
}
