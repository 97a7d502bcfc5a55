import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { OrgKind } from '../../../contracts/orgs';
import { caseKeys, fetchOrganizationEntries, type OrganizationEntry } from './api';

/** A short form of an id for when the organization's name is not known to this person. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/**
 * Organizations of a kind (all when `kind` is null), fetched once and shared by the triage, case
 * and order pages, with a function that names an organization by id (a short id when unknown).
 */
export function useOrganizations(kind: OrgKind | null = null) {
  const query = useQuery({
    queryKey: caseKeys.organizations(kind),
    queryFn: ({ signal }) => fetchOrganizationEntries(kind, signal),
    staleTime: 5 * 60 * 1000,
  });
  const byId = useMemo(() => new Map((query.data ?? []).map((org) => [org.id, org])), [query.data]);
  const nameOf = useCallback((id: string | null | undefined) => (id ? (byId.get(id)?.name ?? shortId(id)) : '—'), [byId]);
  const options = useMemo(
    () => (query.data ?? []).map((org: OrganizationEntry) => ({ value: org.id, label: `${org.name} (${org.regionCode})` })),
    [query.data],
  );
  return { query, byId, nameOf, options };
}
