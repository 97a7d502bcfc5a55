import {
  ApartmentOutlined,
  AuditOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  KeyOutlined,
  SendOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../contracts/orgs';

/** A section of the workbench and who may use it; `roles: null` is everyone signed in. */
export interface WorkbenchSection {
  key: 'home' | 'triage' | 'cases' | 'orders' | 'organizations' | 'users' | 'tokens' | 'audit';
  path: string;
  icon: ReactNode;
  roles: readonly Role[] | null;
  group: 'main' | 'administration' | 'oversight';
}

/** Who triages reports, who works on cases, who issues or executes disposal orders. */
export const TRIAGE_ROLES: Role[] = ['triage_officer'];
export const CASE_ROLES: Role[] = ['triage_officer', 'case_officer', 'agency_lead', 'analyst', 'auditor'];
export const ORDER_ROLES: Role[] = ['website_compliance', 'case_officer', 'agency_lead'];

/**
 * The sections that exist today. Sections for features not built yet (inbox, cases, registry…) are
 * added here when they are, so the menu never shows a dead link.
 */
export const WORKBENCH_SECTIONS: readonly WorkbenchSection[] = [
  { key: 'home', path: '/workbench', icon: <HomeOutlined />, roles: null, group: 'main' },
  { key: 'triage', path: '/workbench/triage', icon: <FileSearchOutlined />, roles: TRIAGE_ROLES, group: 'main' },
  { key: 'cases', path: '/workbench/cases', icon: <FolderOpenOutlined />, roles: CASE_ROLES, group: 'main' },
  { key: 'orders', path: '/workbench/orders', icon: <SendOutlined />, roles: ORDER_ROLES, group: 'main' },
  { key: 'organizations', path: '/workbench/organizations', icon: <ApartmentOutlined />, roles: ['admin'], group: 'administration' },
  { key: 'users', path: '/workbench/users', icon: <TeamOutlined />, roles: ['admin'], group: 'administration' },
  { key: 'tokens', path: '/workbench/tokens', icon: <KeyOutlined />, roles: ['admin'], group: 'administration' },
  { key: 'audit', path: '/workbench/audit', icon: <AuditOutlined />, roles: ['auditor'], group: 'oversight' },
];

/** The sections a person with these roles may open. */
export function sectionsFor(roles: readonly Role[]): WorkbenchSection[] {
  return WORKBENCH_SECTIONS.filter((section) => section.roles === null || section.roles.some((role) => roles.includes(role)));
}

/** The section an address belongs to: the longest matching path. */
export function sectionOf(pathname: string): WorkbenchSection | undefined {
  return [...WORKBENCH_SECTIONS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((section) => pathname === section.path || pathname.startsWith(`${section.path}/`));
}
