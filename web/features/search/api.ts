import type { ReportCategory } from '../../../contracts/reports';
import { queryString, staffGet } from '../auth/client';

export type SearchType = 'report' | 'case';

/** A piece of a snippet; `match` pieces are what the query found. Rendered as text, never as HTML. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

export interface Snippet {
  segments: SnippetSegment[];
  truncatedStart: boolean;
  truncatedEnd: boolean;
}

export interface SearchResultItem {
  type: SearchType;
  id: string;
  /** Tracking code of a report, number of a case. */
  label: string;
  title: Snippet | null;
  snippet: Snippet;
  category: ReportCategory;
  status: string;
  regionCode: string | null;
  createdAt: string;
  score: number;
}

export interface SearchResults {
  type: SearchType;
  items: SearchResultItem[];
  total: number;
  capped: boolean;
  nextCursor: string | null;
}

export interface SearchFilter {
  q: string;
  type?: SearchType;
  category?: ReportCategory;
  status?: string;
  region?: string;
  /** ISO instants: created on or after, and before. */
  from?: string;
  to?: string;
}

/** `GET /api/v1/search`: one page of results. */
export function fetchSearch(filter: SearchFilter, cursor: string | null, signal?: AbortSignal): Promise<SearchResults> {
  return staffGet<SearchResults>(`/api/v1/search${queryString({ ...filter, cursor, limit: 20 })}`, signal);
}
