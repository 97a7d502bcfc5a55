import type { ContactChannel, NewDeletionRequest, RequesterKind } from './api';

/** Non-empty trimmed lines: one address a line. */
export function linesOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The record form's values. */
export interface RecordValues {
  requesterKind: RequesterKind;
  requesterName: string;
  requesterContact?: string;
  contactChannel?: ContactChannel;
  requesterIdNumber?: string;
  requesterPhone?: string;
  principalName?: string;
  principalUscc?: string;
  authorizationDocument?: string;
  targetUrls: string;
  reason: string;
  legalBasisCited?: string;
  money?: string;
}

/** The body the server takes: empty optional fields left out, addresses one a line. */
export function toNewDeletionRequest(values: RecordValues): NewDeletionRequest {
  const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const body: NewDeletionRequest = {
    requesterKind: values.requesterKind,
    requesterName: values.requesterName.trim(),
    targetUrls: linesOf(values.targetUrls),
    reason: values.reason.trim(),
    ...(values.contactChannel ? { contactChannel: values.contactChannel } : {}),
  };
  for (const field of [
    'requesterContact',
    'requesterIdNumber',
    'requesterPhone',
    'principalName',
    'principalUscc',
    'authorizationDocument',
    'legalBasisCited',
    'money',
  ] as const) {
    const value = optional(values[field]);
    if (value !== undefined) body[field] = field === 'principalUscc' ? value.toUpperCase() : value;
  }
  return body;
}
