import type { Organization } from './api';

/** An organization with the ones below it, for tree tables and tree selects. */
export interface OrganizationNode extends Organization {
  children?: OrganizationNode[];
}

function byName(language: string) {
  const collator = new Intl.Collator(language);
  return (a: Organization, b: Organization) => collator.compare(a.name, b.name);
}

/**
 * Arranges organizations into trees. An organization whose parent is not in the list (the top of
 * what the person may see, or a search result) becomes a root; siblings are sorted by name.
 */
export function buildOrganizationTree(organizations: readonly Organization[], language: string): OrganizationNode[] {
  const ids = new Set(organizations.map((org) => org.id));
  const children = new Map<string, Organization[]>();
  const roots: Organization[] = [];
  for (const org of organizations) {
    if (org.parentId && ids.has(org.parentId)) {
      const list = children.get(org.parentId) ?? [];
      list.push(org);
      children.set(org.parentId, list);
    } else {
      roots.push(org);
    }
  }
  const compare = byName(language);
  const build = (org: Organization, seen: Set<string>): OrganizationNode => {
    // A cycle cannot come from the server; the guard keeps a corrupt answer from hanging the page.
    const below = seen.has(org.id) ? [] : (children.get(org.id) ?? []);
    const next = new Set(seen).add(org.id);
    const nodes = [...below].sort(compare).map((child) => build(child, next));
    return nodes.length > 0 ? { ...org, children: nodes } : { ...org };
  };
  return [...roots].sort(compare).map((org) => build(org, new Set()));
}

/** The organization and every one below it, among those listed. */
export function subtreeIds(organizations: readonly Organization[], rootId: string): Set<string> {
  const result = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const org of organizations) {
      if (org.parentId && result.has(org.parentId) && !result.has(org.id)) {
        result.add(org.id);
        grew = true;
      }
    }
  }
  return result;
}

/** The organizations an administrator manages: their own and those below it. */
export function manageableOrganizations(organizations: readonly Organization[], ownOrgId: string): Organization[] {
  const ids = subtreeIds(organizations, ownOrgId);
  return organizations.filter((org) => ids.has(org.id));
}

/** Tree-select options, with organizations outside `selectable` shown but not choosable. */
export interface OrganizationTreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: OrganizationTreeOption[];
}

export function organizationTreeOptions(nodes: readonly OrganizationNode[], selectable?: ReadonlySet<string>): OrganizationTreeOption[] {
  return nodes.map((node) => ({
    value: node.id,
    title: node.name,
    ...(selectable && !selectable.has(node.id) ? { disabled: true } : {}),
    ...(node.children ? { children: organizationTreeOptions(node.children, selectable) } : {}),
  }));
}
