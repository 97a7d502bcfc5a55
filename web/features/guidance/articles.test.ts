import { describe, expect, it } from 'vitest';
import { GUIDANCE_ARTICLES, findArticle, guidanceLanguage } from './articles';

const KNOWN_PROVISIONS = ['CL-274', 'CL-225', 'SPC-2013-NET-6', 'SPC-2013-NET-7', 'NICEG-24', 'CSL-47'];

describe('the guidance articles', () => {
  it('has at least three, with unique URL-safe slugs', () => {
    expect(GUIDANCE_ARTICLES.length).toBeGreaterThanOrEqual(3);
    const slugs = GUIDANCE_ARTICLES.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9-]+$/);
  });

  it('gives every article the same structure in Chinese and English, with nothing empty', () => {
    for (const article of GUIDANCE_ARTICLES) {
      const zh = article.text['zh-CN'];
      const en = article.text.en;
      expect(zh.sections.length, article.slug).toBe(en.sections.length);
      zh.sections.forEach((section, i) => {
        expect(section.paragraphs.length, `${article.slug} ${i}`).toBe(en.sections[i]!.paragraphs.length);
        expect(section.points?.length ?? 0, `${article.slug} ${i}`).toBe(en.sections[i]!.points?.length ?? 0);
      });
      for (const text of [zh, en]) {
        expect(text.title.trim()).not.toBe('');
        expect(text.summary.trim()).not.toBe('');
        for (const s of text.sections)
          for (const line of [s.heading, ...s.paragraphs, ...(s.points ?? [])]) expect(line.trim()).not.toBe('');
      }
    }
  });

  it('cites only provisions the rules registry holds, and mentions each one it lists', () => {
    for (const article of GUIDANCE_ARTICLES) {
      for (const code of article.provisions) {
        expect(KNOWN_PROVISIONS).toContain(code);
        const body = JSON.stringify(article.text);
        expect(body, `${article.slug} ${code}`).toContain(code);
      }
    }
  });

  it('finds articles by slug and picks the reader’s language', () => {
    expect(findArticle('keep-evidence')?.slug).toBe('keep-evidence');
    expect(findArticle('nope')).toBeUndefined();
    expect(findArticle(undefined)).toBeUndefined();
    expect(guidanceLanguage('en-GB')).toBe('en');
    expect(guidanceLanguage('zh-CN')).toBe('zh-CN');
  });
});
