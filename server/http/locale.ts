/** The languages the platform answers in; zh-CN first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Picks zh-CN or en from an `Accept-Language` header by quality; zh-CN when nothing matches,
 * since most users are Chinese-speaking.
 */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return 'zh-CN';
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === 'zh' || range.tag.startsWith('zh-')) return 'zh-CN';
    if (range.tag === 'en' || range.tag.startsWith('en-')) return 'en';
    if (range.tag === '*') return 'zh-CN';
  }
  return 'zh-CN';
}
