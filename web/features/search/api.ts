import type { EntityKind } from '../../../contracts/registry';
import type { ReportCategory } from '../../../contracts/reports';
import { queryString, staffGet } from '../auth/client';

export type SearchType = 'report' | 'case' | 'entity';

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
  /** Tracking code of a report, number of a case, name of a registry entity. */
  label: string;
  title: Snippet | null;
  snippet: Snippet;
  /** Reports and cases; null for entities. */
  category: ReportCategory | null;
  /** Entities: their kind; null otherwise. */
  entityKind: EntityKind | null;
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
  /** More reports came in than one search indexes first: the newest may be missing for a moment. */
  indexingBehind: boolean;
}

export interface SearchFilter {
  q: string;
  type?: SearchType;
  category?: ReportCategory;
  status?: string;
  /** Entities only. */
  entityKind?: EntityKind;
  region?: string;
  /** ISO instants: created on or after, and before. */
  from?: string;
  to?: string;
}

/** `GET /api/v1/search`: one page of results. */
export function fetchSearch(filter: SearchFilter, cursor: string | null, signal?: AbortSignal): Promise<SearchResults> {
  return staffGet<SearchResults>(`/api/v1/search${queryString({ ...filter, cursor, limit: 20 })}`, signal);
}
