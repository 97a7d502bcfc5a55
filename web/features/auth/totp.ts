/** The secret of an authenticator, in groups of four for typing it in by hand: `JBSW Y3DP EHPK 3PXP`. */
export function groupSecret(secret: string): string {
  return (secret.replace(/=+$/, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** A code as typed or pasted (`123 456`, `１２３４５６`), reduced to its digits, at most six. */
export function normalizeTotpCode(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.normalize('NFKC').replace(/\D/g, '').slice(0, 6);
}

export const TOTP_CODE_PATTERN = /^\d{6}$/;

/** A recovery code as typed; the server ignores case, spaces and dashes itself. */
export function normalizeRecoveryCode(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
