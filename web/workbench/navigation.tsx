import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  BranchesOutlined,
  DatabaseOutlined,
  DeleteOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SolutionOutlined,
  SendOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../../contracts/orgs';

/** A section of the workbench and who may use it; `roles: null` is everyone signed in. */
export interface WorkbenchSection {
  key:
    | 'home'
    | 'triage'
    | 'cases'
    | 'orders'
    | 'organizations'
    | 'users'
    | 'tokens'
    | 'audit'
    | 'inbox'
    | 'statistics'
    | 'routingRules'
    | 'registry'
    | 'search'
    | 'protection'
    | 'protectionVerify'
    | 'enterpriseReports'
    | 'deletionRequests'
    | 'rules';
  path: string;
  icon: ReactNode;
  roles: readonly Role[] | null;
  group: 'main' | 'administration' | 'oversight';
}

/** Who triages reports, who works on cases, who issues or executes disposal orders. */
export const TRIAGE_ROLES: Role[] = ['triage_officer'];
export const CASE_ROLES: Role[] = ['triage_officer', 'case_officer', 'agency_lead', 'analyst', 'auditor'];
export const ORDER_ROLES: Role[] = ['website_compliance', 'case_officer', 'agency_lead'];
/** Who searches: triage (reports and cases) and whoever works on cases (the cases they may see). */
export const SEARCH_ROLES: Role[] = CASE_ROLES;
/** Who watches case statistics, and who reads the routing rules (a top-level administrator edits them). */
export const STATISTICS_ROLES: Role[] = ['agency_lead', 'supervisor', 'analyst', 'triage_officer'];
export const ROUTING_RULES_ROLES: Role[] = ['triage_officer', 'admin'];
/** Who reads the offender registry (agency staff, supervisors, auditors); analysts and officers also write to it. */
export const REGISTRY_ROLES: Role[] = ['triage_officer', 'case_officer', 'agency_lead', 'analyst', 'supervisor', 'auditor'];

/** Who opens the enterprise protection desk (their own enterprise), and who reads an enterprise's desk from a regulator. */
export const PROTECTION_ROLES: Role[] = ['admin', 'enterprise_liaison'];
export const PROTECTION_READ_ROLES: Role[] = ['admin', 'enterprise_liaison', 'agency_lead', 'case_officer', 'analyst'];
/** Who asks whether a deletion requester may act for an enterprise (the server's `protectionPolicy.verify`). */
export const PROTECTION_VERIFY_ROLES: Role[] = ['website_compliance', 'triage_officer', 'case_officer', 'agency_lead'];
/** Who opens the deletion-request log: the website's compliance staff, and agency staff who read the websites of their region (`platformsPolicy`). */
export const DELETION_REQUEST_ROLES: Role[] = [
  'website_compliance',
  'agency_lead',
  'case_officer',
  'analyst',
  'triage_officer',
  'auditor',
  'supervisor',
];

/**
 * The sections that exist today. Sections for features not built yet (inbox, cases, registry…) are
 * added here when they are, so the menu never shows a dead link.
 */
export const WORKBENCH_SECTIONS: readonly WorkbenchSection[] = [
  { key: 'home', path: '/workbench', icon: <HomeOutlined />, roles: null, group: 'main' },
  { key: 'inbox', path: '/workbench/inbox', icon: <BellOutlined />, roles: null, group: 'main' },
  { key: 'triage', path: '/workbench/triage', icon: <FileSearchOutlined />, roles: TRIAGE_ROLES, group: 'main' },
  { key: 'cases', path: '/workbench/cases', icon: <FolderOpenOutlined />, roles: CASE_ROLES, group: 'main' },
  { key: 'orders', path: '/workbench/orders', icon: <SendOutlined />, roles: ORDER_ROLES, group: 'main' },
  { key: 'statistics', path: '/workbench/statistics', icon: <BarChartOutlined />, roles: STATISTICS_ROLES, group: 'main' },
  { key: 'registry', path: '/workbench/registry', icon: <DatabaseOutlined />, roles: REGISTRY_ROLES, group: 'main' },
  { key: 'search', path: '/workbench/search', icon: <SearchOutlined />, roles: SEARCH_ROLES, group: 'main' },
  { key: 'protection', path: '/workbench/protection', icon: <SafetyCertificateOutlined />, roles: PROTECTION_ROLES, group: 'main' },
  { key: 'enterpriseReports', path: '/workbench/protection/reports', icon: <AlertOutlined />, roles: PROTECTION_ROLES, group: 'main' },
  {
    key: 'protectionVerify',
    path: '/workbench/protection/verify',
    icon: <UserSwitchOutlined />,
    roles: PROTECTION_VERIFY_ROLES,
    group: 'main',
  },
  {
    key: 'deletionRequests',
    path: '/workbench/deletion-requests',
    icon: <DeleteOutlined />,
    roles: DELETION_REQUEST_ROLES,
    group: 'main',
  },
  { key: 'rules', path: '/workbench/rules', icon: <SolutionOutlined />, roles: null, group: 'main' },
  { key: 'organizations', path: '/workbench/organizations', icon: <ApartmentOutlined />, roles: ['admin'], group: 'administration' },
  { key: 'users', path: '/workbench/users', icon: <TeamOutlined />, roles: ['admin'], group: 'administration' },
  { key: 'tokens', path: '/workbench/tokens', icon: <KeyOutlined />, roles: ['admin'], group: 'administration' },
  {
    key: 'routingRules',
    path: '/workbench/routing-rules',
    icon: <BranchesOutlined />,
    roles: ROUTING_RULES_ROLES,
    group: 'administration',
  },
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
