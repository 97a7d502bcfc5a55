import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOTP_ISSUER,
  TOTP_PERIOD_SECONDS,
  currentTotp,
  isTotpSecret,
  newTotpSecret,
  totpStepAt,
  totpUri,
  verifyTotp,
} from './totp';

/** RFC 4648 Base32 without padding, written out here so the tests do not grade otplib with itself. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet.charAt(parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2));
  return out;
}

function base32Bytes(text: string): number {
  return Math.floor((text.length * 5) / 8);
}

// RFC 6238, appendix B: the SHA-1 secret is the ASCII string "12345678901234567890"; the six-digit
// codes are the last six digits of the published eight-digit ones.
const RFC_SECRET = base32(new TextEncoder().encode('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];
const at = (seconds: number): Date => new Date(seconds * 1000);

describe('newTotpSecret', () => {
  it('is 160 bits of Base32', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Bytes(secret)).toBe(20);
    expect(isTotpSecret(secret)).toBe(true);
  });

  it('differs every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()));
    expect(secrets.size).toBe(50);
  });
});

describe('currentTotp', () => {
  it('matches the RFC 6238 test vectors', async () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [seconds, code] of RFC_VECTORS) expect(await currentTotp(RFC_SECRET, at(seconds))).toBe(code);
  });
});

describe('verifyTotp', () => {
  it('accepts the RFC 6238 codes and names their time step', async () => {
    for (const [seconds, code] of RFC_VECTORS) {
      expect(await verifyTotp(RFC_SECRET, code, at(seconds))).toEqual({ ok: true, step: Math.floor(seconds / 30) });
    }
  });

  it('tolerates spaces and full-width digits', async () => {
    const now = at(1111111109);
    expect(await verifyTotp(RFC_SECRET, ' 081 804 ', now)).toEqual({ ok: true, step: 37037036 });
    expect(await verifyTotp(RFC_SECRET, '０８１８０４', now)).toEqual({ ok: true, step: 37037036 });
  });

  it.each(['', '81804', '0818040', '08180a', '081-804', '+81804', 'abcdef', '٠٨١٨٠٤'])(
    'answers not ok, without throwing, for %j',
    async (code) => {
      expect(await verifyTotp(RFC_SECRET, code, at(1111111109))).toEqual({ ok: false });
    },
  );

  it('answers not ok, without throwing, for a secret otplib would refuse', async () => {
    const code = await currentTotp(RFC_SECRET, at(1234567890));
    for (const secret of ['GEZDGNBVGY3TQOJQ', 'A'.repeat(104), `${RFC_SECRET.slice(0, 31)}1`, '', 'GEZDGNBV GY3TQOJQ GEZDGNBV GY3TQOJQ']) {
      expect(isTotpSecret(secret), secret).toBe(false);
      expect(await verifyTotp(secret, code, at(1234567890))).toEqual({ ok: false });
    }
  });

  it('reads a secret in lower case or with Base32 padding like the plain one', async () => {
    const sixteenBytes = base32(new TextEncoder().encode('0123456789abcdef'));
    const padded = `${sixteenBytes}======`;
    expect(padded).toHaveLength(32);
    expect(isTotpSecret(padded)).toBe(true);
    const code = await currentTotp(sixteenBytes, at(1234567890));
    expect(await currentTotp(padded, at(1234567890))).toBe(code);
    expect(await verifyTotp(padded, code, at(1234567890))).toEqual({ ok: true, step: 41152263 });
    expect(await verifyTotp(RFC_SECRET.toLowerCase(), '005924', at(1234567890))).toEqual({ ok: true, step: 41152263 });
  });

  it('rejects a code for the wrong secret', async () => {
    const code = await currentTotp(RFC_SECRET, at(1234567890));
    expect(await verifyTotp(newTotpSecret(), code, at(1234567890))).toEqual({ ok: false });
  });

  it('returns the same step when a code is used twice, so the caller can refuse the replay', async () => {
    const now = at(1700000000);
    const code = await currentTotp(RFC_SECRET, now);
    const first = await verifyTotp(RFC_SECRET, code, now);
    const again = await verifyTotp(RFC_SECRET, code, at(1700000000 + 20));
    expect(first).toEqual({ ok: true, step: totpStepAt(now) });
    expect(again).toEqual(first);
  });

  const secrets = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(base32);
  // 2001 to 2100, in milliseconds.
  const moments = fc.integer({ min: 1_000_000_000_000, max: 4_102_444_800_000 }).map((ms) => new Date(ms));

  it('accepts the code of the previous, current and next step, and reports that step', async () => {
    await fc.assert(
      fc.asyncProperty(secrets, moments, fc.constantFrom(-1, 0, 1), async (secret, now, drift) => {
        const stepMs = TOTP_PERIOD_SECONDS * 1000;
        const window = await Promise.all([-1, 0, 1].map((d) => currentTotp(secret, new Date(now.getTime() + d * stepMs))));
        const code = window[drift + 1]!;
        // Six digits collide now and then: when two steps in the window share a code, either step is a right answer.
        fc.pre(window.filter((other) => other === code).length === 1);
        expect(await verifyTotp(secret, code, now)).toEqual({ ok: true, step: totpStepAt(now) + drift });
      }),
      { numRuns: 150 },
    );
  });

  it('rejects the code of any step further away', async () => {
    const drifts = fc.integer({ min: -20, max: 20 }).filter((drift) => Math.abs(drift) >= 2);
    await fc.assert(
      fc.asyncProperty(secrets, moments, drifts, async (secret, now, drift) => {
        const stepMs = TOTP_PERIOD_SECONDS * 1000;
        const code = await currentTotp(secret, new Date(now.getTime() + drift * stepMs));
        // Six digits collide now and then: skip the rare case where a code in the window is the same.
        const window = await Promise.all([-1, 0, 1].map((d) => currentTotp(secret, new Date(now.getTime() + d * stepMs))));
        fc.pre(!window.includes(code));
        expect(await verifyTotp(secret, code, now)).toEqual({ ok: false });
      }),
      { numRuns: 150 },
    );
  });
});

describe('totpStepAt', () => {
  it('counts 30-second steps from the Unix epoch', () => {
    expect(totpStepAt(at(0))).toBe(0);
    expect(totpStepAt(at(29))).toBe(0);
    expect(totpStepAt(at(30))).toBe(1);
    expect(totpStepAt(new Date(1111111109_999))).toBe(37037036);
  });
});

describe('totpUri', () => {
  it('builds an otpauth URI that authenticator apps read', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const uri = totpUri({ secret, account: 'li.wei+2fa@example.cn' });
    expect(uri).toBe(
      'otpauth://totp/%E6%B8%85%E6%9C%97%20Qinglang:li.wei%2B2fa%40example.cn' +
        '?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E6%B8%85%E6%9C%97%20Qinglang&algorithm=SHA1&digits=6&period=30',
    );
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(`${DEFAULT_TOTP_ISSUER}:li.wei+2fa@example.cn`);
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('清朗 Qinglang');
  });

  it('escapes colons so the label still splits into issuer and account', () => {
    const uri = totpUri({ secret: 'GEZDGNBVGY3TQOJQ', account: 'ops:admin', issuer: 'Test: Lab' });
    const label = new URL(uri).pathname.slice(1);
    const parts = label.split(':');
    expect(parts.map((part) => decodeURIComponent(part))).toEqual(['Test: Lab', 'ops:admin']);
    expect(uri).not.toContain('+');
  });
});
