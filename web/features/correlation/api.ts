import { staffGet } from '../auth/client';

/** What correlation links: reports, cases and registry entities. */
export const CORRELATION_SUBJECTS = ['report', 'case', 'entity'] as const;
export type CorrelationSubject = (typeof CORRELATION_SUBJECTS)[number];

/** One of the subject's indicator values, with how often it occurs anywhere. */
export interface CorrelatedValue {
  type: string;
  value: string;
  /** How to show it: resident ID hashes are never shown whole. */
  display: string;
  /** Occurrences in the whole index, counted up to the hot threshold + 1. */
  occurrences: number;
  /** Counts, but links nothing (too common, or on the warning list). */
  hot: boolean;
  warningListed: boolean;
  truncated: boolean;
}

/** Another report, case or entity sharing values with the subject, as the caller may see it. */
export interface CorrelationLink {
  subjectType: CorrelationSubject;
  subjectId: string;
  label: Record<string, unknown>;
  sharedCount: number;
  shared: { type: string; value: string; display: string }[];
  /** Σ ln(1 + threshold / occurrences) over the shared values: rare shared values weigh most. */
  strength: number;
}

/** `GET /api/v1/correlation/{reports|cases|entities}/:id`. */
export interface Correlation {
  subject: { type: CorrelationSubject; id: string };
  hotThreshold: number;
  values: CorrelatedValue[];
  links: CorrelationLink[];
  truncated: boolean;
}

const PATHS: Record<CorrelationSubject, string> = { report: 'reports', case: 'cases', entity: 'entities' };

export const correlationKeys = {
  all: ['correlation'] as const,
  of: (type: CorrelationSubject, id: string) => ['correlation', type, id] as const,
};

export function fetchCorrelation(type: CorrelationSubject, id: string, signal?: AbortSignal): Promise<Correlation> {
  return staffGet<Correlation>(`/api/v1/correlation/${PATHS[type]}/${encodeURIComponent(id)}`, signal);
}
