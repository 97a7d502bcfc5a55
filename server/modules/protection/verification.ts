/** What a website asks about a requester who claims to act for an enterprise. */
export interface VerificationQuery {
  /** The requester's name as they gave it. */
  nameKey: string;
  /** Keyed hashes of what the requester showed: at least one is needed for a "yes". */
  idHash: string | null;
  phoneHash: string | null;
}

export interface RepresentativeOnFile {
  nameKey: string;
  idHash: string | null;
  phoneHash: string | null;
  status: string;
  /** `YYYY-MM-DD`, the last day the authorization holds; null: until revoked. */
  validUntil: string | null;
}

/**
 * The answer, and nothing else: `yes` when an active representative of the enterprise has this name
 * and every identifier the website gave matches what the enterprise registered (with at least one
 * identifier compared); `no` when the enterprise has registered representatives and none fits;
 * `unknown` when the enterprise is not registered or has named nobody, so silence is not mistaken
 * for a refusal.
 */
export function decideVerification(
  representatives: readonly RepresentativeOnFile[] | null,
  query: VerificationQuery,
  today: string,
): 'yes' | 'no' | 'unknown' {
  if (representatives === null) return 'unknown';
  const active = representatives.filter((r) => r.status === 'active' && (r.validUntil === null || today <= r.validUntil));
  if (active.length === 0) return 'unknown';
  const fits = active.some((r) => {
    if (r.nameKey !== query.nameKey) return false;
    let compared = 0;
    if (query.idHash !== null) {
      if (r.idHash !== query.idHash) return false;
      compared += 1;
    }
    if (query.phoneHash !== null) {
      if (r.phoneHash !== query.phoneHash) return false;
      compared += 1;
    }
    return compared > 0;
  });
  return fits ? 'yes' : 'no';
}

/** A name as a key: NFKC, no spaces or middle dots, Latin letters in lower case (`王 小明` is `王小明`). */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s·•・.]+/g, '')
    .toLowerCase();
}
