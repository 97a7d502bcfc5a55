import type { VerifyAnswer } from './api';

/** How each answer of the verification service is shown: its colour, and what it means for the website. */
export const VERIFY_ANSWER_TYPE: Record<VerifyAnswer, 'success' | 'error' | 'warning'> = {
  yes: 'success',
  no: 'error',
  unknown: 'warning',
};

/** The query to send: trimmed, with at least a name, a credit code and an ID number or phone; null when not enough was given. */
export function verifyQuery(values: {
  uscc?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
}): { uscc: string; name: string; idNumber?: string; phone?: string } | null {
  const uscc = values.uscc?.trim().toUpperCase() ?? '';
  const name = values.name?.trim() ?? '';
  const idNumber = values.idNumber?.replace(/[\s-]+/g, '').toUpperCase() ?? '';
  const phone = values.phone?.trim() ?? '';
  if (!uscc || !name || (!idNumber && !phone)) return null;
  return { uscc, name, ...(idNumber ? { idNumber } : {}), ...(phone ? { phone } : {}) };
}
