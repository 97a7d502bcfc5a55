import { randomUUID } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): time-ordered, so ids made one after another sort in creation order and
 * inserts stay at the right edge of the primary-key index. A 12-bit counter in `rand_a` keeps ids
 * made within the same millisecond in order. The random bits come from `randomUUID`, which draws
 * from a cached entropy pool (a fresh `randomBytes` call per id cost more than the rest of a request).
 */
export function uuidv7(now: number = Date.now()): string {
  if (now <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  const randA = (0x7000 | sequence).toString(16);
  // random: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep its variant and last 62 random bits.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${randA}-${random.slice(19)}`;
}
