import type { NewReportRow } from '../server/db/schema';

/**
 * A report row written straight to the table, without intake (benchmarks and index tests that need
 * many reports fast): anonymous, no money, no URLs, no evidence.
 */
export function syntheticReportRow(fields: {
  id: string;
  trackingCode: string;
  description: string;
  at: string;
  category?: string;
  status?: string;
}): NewReportRow & { received_at: string } {
  return {
    id: fields.id,
    tracking_code: fields.trackingCode,
    access_key_hash: 'x',
    category: fields.category ?? 'other',
    status: fields.status ?? 'received',
    description: fields.description,
    platform: null,
    occurred_at: null,
    target_urls: '[]',
    money_amount: null,
    money_currency: null,
    money_channel: null,
    reporter_kind: 'anonymous',
    reporter_sealed: null,
    contact_consent: 0,
    locale: 'zh-CN',
    result_code: null,
    result_note: null,
    received_at: fields.at,
    updated_at: fields.at,
  };
}

/** An indicator occurrence row written straight to `indicator_occurrences` or the recent table (index tests). */
export function occurrenceRow(
  value: string,
  subjectId: string,
  fields: { type?: string; subjectType?: string; field?: string; at?: string } = {},
): { type: string; value: string; subject_type: string; subject_id: string; field: string; created_at: string } {
  return {
    type: fields.type ?? 'phone',
    value,
    subject_type: fields.subjectType ?? 'report',
    subject_id: subjectId,
    field: fields.field ?? 'description',
    created_at: fields.at ?? new Date().toISOString(),
  };
}
