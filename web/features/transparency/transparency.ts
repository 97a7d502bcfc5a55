/** One website's deletion requests in one month, as the public statistics route answers. */
export interface MonthlyCount {
  websiteId: string;
  websiteName: string;
  /** YYYY-MM in China Standard Time. */
  month: string;
  received: number;
  approved: number;
  rejected: number;
}

/** A website's line in the public table: its totals over the months shown, and each month's counts. */
export interface WebsiteLine {
  websiteId: string;
  websiteName: string;
  received: number;
  approved: number;
  rejected: number;
  /** Received less approved and rejected: still under review, withdrawn or referred. */
  other: number;
  byMonth: Record<string, MonthlyCount>;
}

/** The months present in the counts, newest first. */
export function monthsOf(counts: readonly MonthlyCount[]): string[] {
  return [...new Set(counts.map((c) => c.month))].sort().reverse();
}

/**
 * One line per website, the counts of `month` only or of every month when it is null, most requests
 * first (then by name, so the order is stable). Websites with nothing in the month are left out.
 */
export function websiteLines(counts: readonly MonthlyCount[], month: string | null): WebsiteLine[] {
  const lines = new Map<string, WebsiteLine>();
  for (const count of counts) {
    if (month !== null && count.month !== month) continue;
    const line = lines.get(count.websiteId) ?? {
      websiteId: count.websiteId,
      websiteName: count.websiteName,
      received: 0,
      approved: 0,
      rejected: 0,
      other: 0,
      byMonth: {},
    };
    line.received += count.received;
    line.approved += count.approved;
    line.rejected += count.rejected;
    line.other = line.received - line.approved - line.rejected;
    line.byMonth[count.month] = count;
    lines.set(count.websiteId, line);
  }
  return [...lines.values()].sort((a, b) => b.received - a.received || a.websiteName.localeCompare(b.websiteName, 'zh-CN'));
}

/** The share of decided requests that were approved, 0–1; null when none was decided. */
export function approvalRate(line: Pick<WebsiteLine, 'approved' | 'rejected'>): number | null {
  const decided = line.approved + line.rejected;
  return decided === 0 ? null : line.approved / decided;
}
