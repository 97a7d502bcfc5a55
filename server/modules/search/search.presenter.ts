import type { EntityAttributes } from '../registry/entity-identifiers';
import type { StoredIdentifier } from '../registry/merge-plan';
import type { EntityRow } from '../registry/registry.repository';
import { toIsoString } from '../../db/values';
import { type Snippet, snippet } from './highlight';
import type { SearchQuery } from './tokenize';

export type SearchType = 'report' | 'case' | 'entity';

/** One search result, the same shape for every kind of document. */
export interface SearchResultItem {
  type: SearchType;
  id: string;
  /** The tracking code of a report, the number of a case, the display name of an entity. */
  label: string;
  /** A case's title or an entity's name with its matches; null for reports. */
  title: Snippet | null;
  snippet: Snippet;
  /** Reports and cases: their category; null for entities. */
  category: string | null;
  /** Entities: their kind (website, account…); null otherwise. */
  entityKind: string | null;
  status: string;
  regionCode: string | null;
  createdAt: string;
  score: number;
}

const rounded = (s: number) => Math.round(s * 10_000) / 10_000;

export function presentReportResult(
  r: { id: string; tracking_code: string; description: string; category: string; status: string; received_at: Date | string },
  score: number,
  query: SearchQuery,
): SearchResultItem {
  return {
    type: 'report',
    id: r.id,
    label: r.tracking_code,
    title: null,
    snippet: snippet(r.description, query),
    category: r.category,
    entityKind: null,
    status: r.status,
    regionCode: null,
    createdAt: toIsoString(r.received_at),
    score: rounded(score),
  };
}

export function presentCaseResult(
  c: {
    id: string;
    number: string;
    title: string;
    summary: string | null;
    category: string;
    status: string;
    region_code: string | null;
    opened_at: Date | string;
  },
  score: number,
  query: SearchQuery,
): SearchResultItem {
  return {
    type: 'case',
    id: c.id,
    label: c.number,
    title: snippet(c.title, query, 200),
    snippet: snippet(c.summary ?? '', query),
    category: c.category,
    entityKind: null,
    status: c.status,
    regionCode: c.region_code,
    createdAt: toIsoString(c.opened_at),
    score: rounded(score),
  };
}

/**
 * An entity as a search result for whoever may read the registry: its name, and its identifiers and
 * notes as the snippet. A resident ID number appears only as its masked display (`1101**********1234`),
 * never its keyed hash, which is what the identifier table holds.
 */
export function presentEntityResult(
  e: EntityRow,
  identifiers: readonly StoredIdentifier[],
  score: number,
  query: SearchQuery,
): SearchResultItem {
  const attributes = JSON.parse(e.attributes) as EntityAttributes;
  const shown = identifiers.filter((i) => i.type !== 'national_id').map((i) => i.value);
  const texts = [...shown, attributes.nationalIdMasked, attributes.platform, attributes.handle, attributes.role].filter(
    (t): t is string => !!t,
  );
  return {
    type: 'entity',
    id: e.id,
    label: e.display_name,
    title: snippet(e.display_name, query, 200),
    snippet: snippet([...new Set(texts)].join(' · '), query),
    category: null,
    entityKind: e.kind,
    status: e.status,
    regionCode: null,
    createdAt: toIsoString(e.created_at),
    score: rounded(score),
  };
}
