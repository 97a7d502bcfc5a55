/** Similarity (0–1) as a whole percentage in the interface language: `83%`. */
export function formatSimilarity(similarity: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(similarity);
}
