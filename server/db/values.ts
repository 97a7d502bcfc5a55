/** What `Date.prototype.toISOString` writes for years 0000–9999, as SQLite columns hold timestamps. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a timestamp column the same way on both dialects (Date from PostgreSQL, text from SQLite).
 * Text already in the canonical form is answered as it is: parsing and writing it again cost a
 * correlation with 300 links about a tenth of its time.
 */
export function toIsoString(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return CANONICAL_ISO.test(value) ? value : new Date(value).toISOString();
}

/** `count(*)` answers a string on PostgreSQL (bigint) and a number on SQLite. */
export function toCount(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
