import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { adminKeys, fetchOrganizations } from './api';
import { buildOrganizationTree, manageableOrganizations } from './org-tree';

/**
 * Every organization the person may see, and among them those they administer (their own and
 * the ones below it), as lists and as trees; shared by the organization, user and token pages.
 */
export function useOrganizationDirectory() {
  const { i18n } = useTranslation();
  const me = useMe().data;
  const query = useQuery({
    queryKey: adminKeys.organizations(),
    queryFn: ({ signal }) => fetchOrganizations({}, signal),
    staleTime: 60 * 1000,
  });
  const derived = useMemo(() => {
    const all = query.data ?? [];
    const managed = me ? manageableOrganizations(all, me.organization.id) : [];
    return {
      all,
      byId: new Map(all.map((org) => [org.id, org])),
      managed,
      managedIds: new Set(managed.map((org) => org.id)),
      managedTree: buildOrganizationTree(managed, i18n.language),
    };
  }, [query.data, me, i18n.language]);
  return { query, ...derived };
}
