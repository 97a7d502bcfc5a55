import {
  ACCESS_KEY_HEADER,
  CHALLENGE_HEADER,
  type PaymentChannel,
  type ReportCategory,
  type ReportReceipt,
  type ReportTracking,
} from '../../../contracts/reports';
import { baseHeaders, getJson } from '../../shared/http';
import { ApiError, NetworkError, apiErrorFrom } from '../../shared/problem';

/** What the report form needs to know from the server: `GET /api/v1/config/public`. */
export interface PublicConfig {
  /** Whether reports must carry a solved ALTCHA proof of work. */
  challenge: boolean;
  evidence: { maxFiles: number; maxFileBytes: number; allowedTypes: string[] };
}

/** The reporter of a named report, in person or for an enterprise. */
export interface NamedReporter {
  anonymous: false;
  name?: string;
  phone?: string;
  email?: string;
  enterprise?: { name: string; uscc: string };
  contactConsent: boolean;
}

/** The body of `POST /api/v1/reports` (or the `report` part of the multipart form). */
export interface ReportSubmission {
  category: ReportCategory;
  description: string;
  targetUrls?: string[];
  platform?: string;
  occurredAt?: string;
  money?: { amount?: number; currency?: string; channel?: PaymentChannel };
  reporter: { anonymous: true } | NamedReporter;
}

export const CHALLENGE_URL = '/api/v1/challenge';

export function fetchPublicConfig(signal?: AbortSignal): Promise<PublicConfig> {
  return getJson<PublicConfig>('/api/v1/config/public', signal ? { signal } : {});
}

/**
 * The reporter's view of a report: `GET /api/v1/reports/{trackingCode}` with the access key in the
 * `X-Access-Key` header (never in the URL, so it stays out of logs and browser history).
 * An unknown code and a wrong key both answer 404.
 */
export function fetchReportTracking(trackingCode: string, accessKey: string, signal?: AbortSignal): Promise<ReportTracking> {
  return getJson<ReportTracking>(`/api/v1/reports/${encodeURIComponent(trackingCode)}`, {
    headers: { [ACCESS_KEY_HEADER]: accessKey },
    ...(signal ? { signal } : {}),
  });
}

export interface SubmitReportOptions {
  /** The solved ALTCHA payload, when the server asks for one. */
  challengePayload?: string | null;
  /** Upload progress of the request body, 0–1. */
  onUploadProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Files a report: `POST /api/v1/reports`. Without files the body is JSON; with files it is
 * `multipart/form-data` with the JSON in a `report` field (sent first, so the server can check it
 * before reading the files) and one `evidence` part per file. Sent with XMLHttpRequest because
 * `fetch` reports no upload progress.
 */
export function submitReport(submission: ReportSubmission, files: File[], options: SubmitReportOptions = {}): Promise<ReportReceipt> {
  return new Promise<ReportReceipt>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/reports');
    for (const [name, value] of Object.entries(baseHeaders())) xhr.setRequestHeader(name, value);
    if (options.challengePayload) xhr.setRequestHeader(CHALLENGE_HEADER, options.challengePayload);

    let body: XMLHttpRequestBodyInit;
    if (files.length > 0) {
      const form = new FormData();
      form.append('report', JSON.stringify(submission));
      for (const file of files) form.append('evidence', file, file.name);
      body = form;
    } else {
      xhr.setRequestHeader('Content-Type', 'application/json');
      body = JSON.stringify(submission);
    }

    const onProgress = options.onUploadProgress;
    if (onProgress) {
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      });
      xhr.upload.addEventListener('load', () => onProgress(1));
    }

    xhr.addEventListener('load', () => {
      const headers = { get: (name: string) => xhr.getResponseHeader(name) };
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as ReportReceipt);
        } catch {
          reject(new ApiError(xhr.status, null));
        }
        return;
      }
      reject(apiErrorFrom(xhr.status, headers, xhr.responseText));
    });
    xhr.addEventListener('error', () => reject(new NetworkError()));
    xhr.addEventListener('timeout', () => reject(new NetworkError('Timed out')));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));

    if (options.signal) {
      if (options.signal.aborted) {
        reject(new DOMException('The upload was cancelled', 'AbortError'));
        return;
      }
      options.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(body);
  });
}
