import { CSRF_HEADER } from '../../../contracts/orgs';
import type { ReportCategory, ReportReceipt, ReportStatus, ReportTracking } from '../../../contracts/reports';
import { baseHeaders } from '../../shared/http';
import { ApiError, NetworkError, apiErrorFrom } from '../../shared/problem';
import { currentCsrfToken, staffGet, staffSend } from '../auth/client';
import type { ReportSubmission } from '../reports/api';

/** Who a desk report is filed as, from the enterprise's record and the signed-in person. */
export interface DeskReporter {
  enterprise: { id: string; name: string; uscc: string | null };
  contact: { name: string; email: string };
}

/** What the desk sends: the report; who reports is the server's to fill in. */
export type DeskReportBody = Omit<ReportSubmission, 'reporter'> & { contactPhone?: string; contactConsent?: boolean };

export interface DeskReportSummary {
  id: string;
  trackingCode: string;
  category: ReportCategory;
  status: ReportStatus;
  statusText: string;
  caseNumber: string | null;
  result: ReportTracking['result'];
  /** The public steps, oldest first, in plain words. */
  steps: ReportTracking['steps'];
  receivedAt: string;
  updatedAt: string;
}

export interface DeskReport extends ReportTracking {
  id: string;
  caseNumber: string | null;
  description: string;
  platform: string | null;
  targetUrls: string[];
  /** The evidence files sent with the report, in order. */
  evidence: { fileName: string; mediaType: string; size: number; sha256: string }[];
}

export const fetchDeskReporter = (signal?: AbortSignal) => staffGet<DeskReporter>('/api/v1/protection/desk/reporter', signal);

const DESK_REPORTS = '/api/v1/protection/desk/reports';

/**
 * Files a desk report. Without files the body is JSON; with files it is `multipart/form-data` with
 * the JSON in a `report` part first (so the server checks it before reading any file) and one
 * `evidence` part per file, as the public form sends it.
 */
export async function fileDeskReport(body: DeskReportBody, files: readonly File[] = []): Promise<ReportReceipt & { id: string }> {
  if (files.length === 0) return staffSend<ReportReceipt & { id: string }>('POST', DESK_REPORTS, body);
  const form = new FormData();
  form.append('report', JSON.stringify(body));
  for (const file of files) form.append('evidence', file, file.name);
  const token = currentCsrfToken();
  let response: Response;
  try {
    response = await fetch(DESK_REPORTS, {
      method: 'POST',
      headers: { ...baseHeaders(), ...(token ? { [CSRF_HEADER]: token } : {}) },
      credentials: 'same-origin',
      cache: 'no-store',
      body: form,
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : undefined);
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorFrom(response.status, response.headers, text);
  try {
    return JSON.parse(text) as ReportReceipt & { id: string };
  } catch {
    throw new ApiError(response.status, null);
  }
}

export const fetchDeskReports = (signal?: AbortSignal) =>
  staffGet<{ items: DeskReportSummary[] }>('/api/v1/protection/desk/reports', signal);

export const fetchDeskReport = (id: string, signal?: AbortSignal) =>
  staffGet<DeskReport>(`/api/v1/protection/desk/reports/${encodeURIComponent(id)}`, signal);
