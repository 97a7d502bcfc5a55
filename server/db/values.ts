/** Reads a timestamp column the same way on both dialects (Date from PostgreSQL, text from SQLite). */
export function toIsoString(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** `count(*)` answers a string on PostgreSQL (bigint) and a number on SQLite. */
export function toCount(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
