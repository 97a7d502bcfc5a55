/** Formatting in the interface language and the user's own time zone. */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the user's time zone, e.g. `2025年11月28日 10:05` or `Nov 28, 2025, 10:05 AM`. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(language, format);
  }
  return format.format(date);
}

/** The user's time zone name (`Asia/Shanghai`), to say which zone the times are in. */
export function userTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A file size for people: `850 KB`, `12.5 MB`. */
export function formatBytes(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}
