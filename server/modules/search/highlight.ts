import { type SearchQuery, tokenize } from './tokenize';

/** A piece of a snippet; `match` pieces are what the query found. Plain text: the client escapes it like any text. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

/** An excerpt of a text around the first match, as segments, with whether text was left out before and after it. */
export interface Snippet {
  segments: SnippetSegment[];
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

/** How much text leads the first match in a snippet. */
const LEAD = 30;

/**
 * The spans of `text` (UTF-16, original offsets) that the query matches: the tokens whose term is a
 * query term, and for a lone-character query the first character of CJK tokens starting with it.
 * Sorted and merged, so overlapping bigrams (`敲诈` + `诈勒`) make one span.
 */
export function matchSpans(text: string, query: SearchQuery): { start: number; end: number }[] {
  const terms = new Set(query.terms);
  const spans: { start: number; end: number }[] = [];
  for (const token of tokenize(text)) {
    if (terms.has(token.term)) spans.push({ start: token.start, end: token.end });
    else if (token.kind !== 'word' && token.kind !== 'indicator' && query.prefixes.some((p) => token.term.startsWith(p))) {
      const first = text.codePointAt(token.start) ?? 0;
      spans.push({ start: token.start, end: Math.min(token.end, token.start + (first > 0xffff ? 2 : 1)) });
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Moves an offset off the second half of a surrogate pair, so no segment splits a character. */
function safeOffset(text: string, offset: number): number {
  if (offset <= 0 || offset >= text.length) return Math.max(0, Math.min(offset, text.length));
  const code = text.charCodeAt(offset);
  return code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/**
 * An excerpt of about `length` characters of `text` around its first match, cut into plain and matched
 * segments. Whitespace runs read as one space. Without a match, the beginning of the text.
 */
export function snippet(text: string, query: SearchQuery, length = 160): Snippet {
  const spans = matchSpans(text, query);
  const first = spans[0];
  let start = first ? Math.max(0, first.start - LEAD) : 0;
  let end = Math.min(text.length, start + length);
  // A match near the end of the text: show more before it instead of empty room after.
  if (end - start < length) start = Math.max(0, end - length);
  start = safeOffset(text, start);
  end = safeOffset(text, end);
  const segments: SnippetSegment[] = [];
  const push = (from: number, to: number, match: boolean) => {
    if (to <= from) return;
    const piece = text.slice(from, to).replace(/\s+/g, ' ');
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += piece;
    else segments.push({ text: piece, match });
  };
  let position = start;
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    const from = Math.max(span.start, start);
    const to = Math.min(span.end, end);
    push(position, from, false);
    push(from, to, true);
    position = to;
  }
  push(position, end, false);
  return { segments, truncatedStart: start > 0, truncatedEnd: end < text.length };
}
