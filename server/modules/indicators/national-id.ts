import { cleanResidentId, isValidResidentId } from '../../../contracts/resident-id';

/** A resident ID number without spaces, upper case; null unless it is a valid 18-character number. */
export function normalizeNationalId(raw: string): string | null {
  const value = cleanResidentId(raw);
  return isValidResidentId(value) ? value : null;
}

/** The masked display of a resident ID number: the first four and last four characters (`3301**********1234`). */
export function maskNationalId(normalized: string): string {
  if (normalized.length <= 8) return '*'.repeat(normalized.length);
  return `${normalized.slice(0, 4)}${'*'.repeat(normalized.length - 8)}${normalized.slice(-4)}`;
}

/** The masked display of a phone number: its last four digits behind a fixed mask that hides the length (`*******5678`). */
export function maskPhone(normalized: string): string {
  return `*******${normalized.slice(-4)}`;
}
