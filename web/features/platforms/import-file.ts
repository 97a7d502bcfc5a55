/** Reading a bulk-import file and the server's answer about it; no I/O. */

/** A file's rows as the import takes them: JSON objects, or the CSV text as it is. */
export type ImportSource = { rows: unknown[] } | { csv: string };

/** Reads an uploaded file: `.json` must be an array of objects; anything else is sent as CSV. */
export function importSourceOf(fileName: string, text: string): ImportSource | null {
  if (!fileName.toLowerCase().endsWith('.json')) return { csv: text };
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? { rows: parsed } : null;
  } catch {
    return null;
  }
}

/** How many rows a source holds (the CSV's lines after the header, blank lines left out). */
export function rowCount(source: ImportSource): number {
  return 'rows' in source ? source.rows.length : Math.max(0, source.csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
}

/** A server problem `rows.<n>.<field>` as a row of the error report (row numbers from 1). */
export function rowProblem(field: string): { row: number | null; field: string } {
  const match = /^rows\.(\d+)\.(.+)$/.exec(field);
  return match ? { row: Number(match[1]) + 1, field: match[2]! } : { row: null, field };
}
