import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 8192;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/**
 * Cryptographically secure random bytes from a pool refilled by the operating system's CSPRNG, as
 * Node's own `randomUUID` does: one system call per 8 KB rather than one per secret. The bytes are
 * copied out, so no two callers ever share them.
 */
export function secureRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE / 4) return randomFillSync(Buffer.alloc(size));
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  // Used bytes are wiped so they do not linger in memory.
  pool.fill(0, offset, offset + size);
  offset += size;
  return out;
}
