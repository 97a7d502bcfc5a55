import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Payload } from 'altcha-lib/v1/types';

/** A proof-of-work challenge for the ALTCHA widget. */
export type Challenge = Awaited<ReturnType<typeof createChallenge>>;

/**
 * ALTCHA proof of work: the browser spends a moment of CPU per report, which costs a person nothing
 * and a spam wave a great deal, without tracking anyone or calling a third party.
 */
export class ProofOfWork {
  constructor(
    private readonly hmacKey: string,
    private readonly options: { maxNumber: number; expiresInSeconds: number },
  ) {}

  issue(): Promise<Challenge> {
    return createChallenge({
      hmacKey: this.hmacKey,
      maxNumber: this.options.maxNumber,
      expires: new Date(Date.now() + this.options.expiresInSeconds * 1000),
    });
  }

  /**
   * Checks a solved payload (base64 JSON from the widget). Answers the signature to mark as spent and
   * when it may be forgotten, or null when the solution is wrong, forged or expired.
   */
  async verify(payload: string): Promise<{ signature: string; expiresAt: string } | null> {
    // Decoded once here; the library takes the decoded object for both the check and the parameters.
    let decoded: Payload;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Payload;
      if (!(await verifySolution(decoded, this.hmacKey, true))) return null;
    } catch {
      return null;
    }
    const expires = Number(extractParams(decoded).expires);
    const expiresAt = new Date(
      Number.isFinite(expires) && expires > 0 ? expires * 1000 : Date.now() + this.options.expiresInSeconds * 1000,
    );
    return { signature: decoded.signature, expiresAt: expiresAt.toISOString() };
  }
}
