import { CSRF_HEADER } from '../../../contracts/orgs';
import { baseHeaders } from '../../shared/http';
import { ApiError, NetworkError, apiErrorFrom } from '../../shared/problem';
import { currentCsrfToken, staffGet } from '../auth/client';

/** Who sees an attachment: the uploading agency only, or every agency on the case. */
export const ATTACHMENT_VISIBILITIES = ['shared', 'internal'] as const;
export type AttachmentVisibility = (typeof ATTACHMENT_VISIBILITIES)[number];

/** A file attached to a case, as `GET /api/v1/cases/:id/attachments` lists it. */
export interface CaseAttachment {
  id: string;
  caseId: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  visibility: AttachmentVisibility;
  orgId: string;
  orgName: string;
  uploadedBy: { id: string; displayName: string };
  createdAt: string;
  /** Where the file downloads (a same-origin link: the session cookie goes with it). */
  contentUrl: string;
}

export const attachmentKeys = {
  list: (caseId: string) => ['cases', 'attachments', caseId] as const,
};

const attachmentsPath = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}/attachments`;

export async function fetchAttachments(caseId: string, signal?: AbortSignal): Promise<CaseAttachment[]> {
  return (await staffGet<{ items: CaseAttachment[] }>(attachmentsPath(caseId), signal)).items;
}

/** Attaches files (multipart: `visibility`, then one `file` part each), with the session's CSRF token. */
export async function uploadAttachments(caseId: string, files: File[], visibility: AttachmentVisibility): Promise<CaseAttachment[]> {
  const form = new FormData();
  form.append('visibility', visibility);
  for (const file of files) form.append('file', file, file.name);
  const token = currentCsrfToken();
  let response: Response;
  try {
    response = await fetch(attachmentsPath(caseId), {
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
    return (JSON.parse(text) as { items: CaseAttachment[] }).items;
  } catch {
    throw new ApiError(response.status, null);
  }
}
