import type { Dayjs } from 'dayjs';

/**
 * The list's received-date filter for the days chosen: the calendar days as picked, which the server
 * reads as days in China Standard Time, both ends included.
 */
export function receivedRange(range: [Dayjs, Dayjs] | null): { receivedFrom?: string; receivedTo?: string } {
  if (!range) return {};
  return { receivedFrom: range[0].format('YYYY-MM-DD'), receivedTo: range[1].format('YYYY-MM-DD') };
}
