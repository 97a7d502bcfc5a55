import type { Dayjs } from 'dayjs';

/** Whether a request was received within the chosen days (inclusive), in the reader's time zone. */
export function receivedWithin(receivedAt: string, range: [Dayjs, Dayjs] | null): boolean {
  if (!range) return true;
  const at = new Date(receivedAt).getTime();
  return at >= range[0].startOf('day').valueOf() && at <= range[1].endOf('day').valueOf();
}
