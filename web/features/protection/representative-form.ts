import { cleanResidentId, isValidResidentId } from '../../../contracts/resident-id';
import type { NewRepresentative } from './api';

/** What the add-representative form holds while someone types. */
export interface RepresentativeValues {
  name?: string;
  title?: string;
  idNumber?: string;
  phone?: string;
  validUntil?: string;
}

/** A problem with one field, as an i18n key under `protection.form.errors`. */
export interface RepresentativeProblem {
  field: 'name' | 'idNumber' | 'phone';
  key: 'nameRequired' | 'identifierRequired' | 'idNumberInvalid' | 'phoneInvalid';
}

/**
 * The checks the server makes, made before sending: a name, at least an ID number or a phone, a
 * resident ID number with the right check character, a phone of 5–20 digits.
 */
export function checkRepresentative(values: RepresentativeValues): RepresentativeProblem[] {
  const problems: RepresentativeProblem[] = [];
  const idNumber = values.idNumber?.trim() ?? '';
  const phone = values.phone?.trim() ?? '';
  if (!values.name?.trim()) problems.push({ field: 'name', key: 'nameRequired' });
  if (!idNumber && !phone) problems.push({ field: 'idNumber', key: 'identifierRequired' });
  if (idNumber && !isValidResidentId(cleanResidentId(idNumber))) problems.push({ field: 'idNumber', key: 'idNumberInvalid' });
  if (phone && !/^\+?[\d\s()-]{5,24}$/.test(phone)) problems.push({ field: 'phone', key: 'phoneInvalid' });
  return problems;
}

/** The request body: trimmed, empty fields left out, the ID number cleaned. */
export function representativeBody(values: RepresentativeValues): NewRepresentative {
  const body: NewRepresentative = { name: values.name?.trim() ?? '' };
  if (values.title?.trim()) body.title = values.title.trim();
  if (values.idNumber?.trim()) body.idNumber = cleanResidentId(values.idNumber);
  if (values.phone?.trim()) body.phone = values.phone.trim();
  if (values.validUntil) body.validUntil = values.validUntil;
  return body;
}
