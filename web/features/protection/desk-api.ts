import type { ReportCategory, ReportReceipt, ReportStatus, ReportTracking } from '../../../contracts/reports';
import { staffGet, staffSend } from '../auth/client';
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
}

export const fetchDeskReporter = (signal?: AbortSignal) => staffGet<DeskReporter>('/api/v1/protection/desk/reporter', signal);

export const fileDeskReport = (body: DeskReportBody) =>
  staffSend<ReportReceipt & { id: string }>('POST', '/api/v1/protection/desk/reports', body);

export const fetchDeskReports = (signal?: AbortSignal) =>
  staffGet<{ items: DeskReportSummary[] }>('/api/v1/protection/desk/reports', signal);

export const fetchDeskReport = (id: string, signal?: AbortSignal) =>
  staffGet<DeskReport>(`/api/v1/protection/desk/reports/${encodeURIComponent(id)}`, signal);
