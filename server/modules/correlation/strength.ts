/**
 * Correlation strength, a pure function of counts.
 *
 * Each shared value weighs `ln(1 + T / n)`, where `n` is how many times the value occurs in
 * `indicator_occurrences` and `T` the hot threshold (the most occurrences a value may have and still
 * link). It is an IDF weight with the threshold standing in for the collection size, so no global
 * count is needed: a value found twice weighs ln(1 + T/2) ≈ 6.2 at T = 1,000, one found 1,000 times
 * ln 2 ≈ 0.69. A subject's strength is the sum over the values it shares, so one rare shared value
 * beats several common ones and every additional shared value adds to it.
 */
export function valueWeight(occurrences: number, hotThreshold: number): number {
  return Math.log(1 + hotThreshold / Math.max(1, occurrences));
}

export function strengthOf(sharedOccurrenceCounts: readonly number[], hotThreshold: number): number {
  return sharedOccurrenceCounts.reduce((sum, n) => sum + valueWeight(n, hotThreshold), 0);
}

/** Whether a value stops linking: too common, or on the warning list. It still counts. */
export function isHot(occurrences: number, hotThreshold: number, warningListed: boolean): boolean {
  return warningListed || occurrences > hotThreshold;
}
