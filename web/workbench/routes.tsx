import { Flex, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RouteErrorPage } from '../public-portal/RouteErrorPage';
import {
  CASE_ROLES,
  DELETION_REQUEST_ROLES,
  ORDER_ROLES,
  PROTECTION_READ_ROLES,
  PROTECTION_ROLES,
  PROTECTION_VERIFY_ROLES,
  REGISTRY_ROLES,
  ROUTING_RULES_ROLES,
  SEARCH_ROLES,
  STATISTICS_ROLES,
  TRIAGE_ROLES,
} from './navigation';
import { RequireRole } from './RequireRole';

// The workbench loads only when someone opens it: the public portal stays light on a phone.
const AuthLayout = lazy(() => import('./AuthLayout').then((m) => ({ default: m.AuthLayout })));
const WorkbenchLayout = lazy(() => import('./WorkbenchLayout').then((m) => ({ default: m.WorkbenchLayout })));
const LoginPage = lazy(() => import('../features/auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const AcceptInvitationPage = lazy(() => import('../features/auth/AcceptInvitationPage').then((m) => ({ default: m.AcceptInvitationPage })));
const EnrolTwoFactorPage = lazy(() => import('../features/auth/EnrolTwoFactorPage').then((m) => ({ default: m.EnrolTwoFactorPage })));
const ProfilePage = lazy(() => import('../features/auth/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const HomePage = lazy(() => import('./HomePage').then((m) => ({ default: m.WorkbenchHomePage })));
const OrganizationsPage = lazy(() => import('../features/admin/OrganizationsPage').then((m) => ({ default: m.OrganizationsPage })));
const UsersPage = lazy(() => import('../features/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const TokensPage = lazy(() => import('../features/admin/TokensPage').then((m) => ({ default: m.TokensPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const TriagePage = lazy(() => import('../features/triage/TriagePage').then((m) => ({ default: m.TriagePage })));
const TriageReportPage = lazy(() => import('../features/triage/TriageReportPage').then((m) => ({ default: m.TriageReportPage })));
const CasesPage = lazy(() => import('../features/cases/CasesPage').then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import('../features/cases/CasePage').then((m) => ({ default: m.CasePage })));
const OrdersPage = lazy(() => import('../features/orders/OrdersPage').then((m) => ({ default: m.OrdersPage })));
const SearchPage = lazy(() => import('../features/search/SearchPage').then((m) => ({ default: m.SearchPage })));
const RegistryPage = lazy(() => import('../features/registry/RegistryPage').then((m) => ({ default: m.RegistryPage })));
const EntityPage = lazy(() => import('../features/registry/EntityPage').then((m) => ({ default: m.EntityPage })));
const InboxPage = lazy(() => import('../features/inbox/InboxPage').then((m) => ({ default: m.InboxPage })));
const RoutingRulesPage = lazy(() => import('../features/routing/RoutingRulesPage').then((m) => ({ default: m.RoutingRulesPage })));
// The statistics page carries the chart library: it loads only when opened.
const StatisticsPage = lazy(() => import('../features/statistics/StatisticsPage').then((m) => ({ default: m.StatisticsPage })));
const ProtectionPage = lazy(() => import('../features/protection/ProtectionPage').then((m) => ({ default: m.ProtectionPage })));
const VerifyPage = lazy(() => import('../features/protection/VerifyPage').then((m) => ({ default: m.VerifyPage })));
const EnterpriseReportPage = lazy(() =>
  import('../features/protection/EnterpriseReportPage').then((m) => ({ default: m.EnterpriseReportPage })),
);
const EnterpriseReportsPage = lazy(() =>
  import('../features/protection/EnterpriseReportsPage').then((m) => ({ default: m.EnterpriseReportsPage })),
);
const EnterpriseReportDetailPage = lazy(() =>
  import('../features/protection/EnterpriseReportDetailPage').then((m) => ({ default: m.EnterpriseReportDetailPage })),
);
const DeletionRequestsPage = lazy(() =>
  import('../features/platforms/DeletionRequestsPage').then((m) => ({ default: m.DeletionRequestsPage })),
);
const DeletionRequestPage = lazy(() =>
  import('../features/platforms/DeletionRequestPage').then((m) => ({ default: m.DeletionRequestPage })),
);
const CompliancePage = lazy(() => import('../features/platforms/CompliancePage').then((m) => ({ default: m.CompliancePage })));
const RulesPage = lazy(() => import('../features/rules/RulesPage').then((m) => ({ default: m.RulesPage })));
const WorkbenchNotFound = lazy(() => import('./WorkbenchNotFound').then((m) => ({ default: m.WorkbenchNotFound })));

function Loading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Flex justify="center" align="center" className="page-loading">
          <Spin size="large" />
        </Flex>
      }
    >
      {children}
    </Suspense>
  );
}

/** The staff workbench: signing in, invitations and enrolment in a plain frame, the rest in the shell. */
export const workbenchRoutes: RouteObject[] = [
  {
    element: (
      <Loading>
        <AuthLayout />
      </Loading>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/workbench/login', element: <LoginPage /> },
      { path: '/workbench/enrol-two-factor', element: <EnrolTwoFactorPage /> },
      { path: '/invitation/:token', element: <AcceptInvitationPage /> },
    ],
  },
  {
    path: '/workbench',
    element: (
      <Loading>
        <WorkbenchLayout />
      </Loading>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'triage',
        element: (
          <RequireRole roles={TRIAGE_ROLES}>
            <TriagePage />
          </RequireRole>
        ),
      },
      {
        path: 'triage/:reportId',
        element: (
          <RequireRole roles={TRIAGE_ROLES}>
            <TriageReportPage />
          </RequireRole>
        ),
      },
      {
        path: 'cases',
        element: (
          <RequireRole roles={CASE_ROLES}>
            <CasesPage />
          </RequireRole>
        ),
      },
      {
        path: 'cases/:id',
        element: (
          <RequireRole roles={CASE_ROLES}>
            <CasePage />
          </RequireRole>
        ),
      },
      {
        path: 'registry',
        element: (
          <RequireRole roles={REGISTRY_ROLES}>
            <RegistryPage />
          </RequireRole>
        ),
      },
      {
        path: 'search',
        element: (
          <RequireRole roles={SEARCH_ROLES}>
            <SearchPage />
          </RequireRole>
        ),
      },
      {
        path: 'registry/:id',
        element: (
          <RequireRole roles={REGISTRY_ROLES}>
            <EntityPage />
          </RequireRole>
        ),
      },
      {
        path: 'orders',
        element: (
          <RequireRole roles={ORDER_ROLES}>
            <OrdersPage />
          </RequireRole>
        ),
      },
      {
        path: 'organizations',
        element: (
          <RequireRole roles={['admin']}>
            <OrganizationsPage />
          </RequireRole>
        ),
      },
      {
        path: 'users',
        element: (
          <RequireRole roles={['admin']}>
            <UsersPage />
          </RequireRole>
        ),
      },
      {
        path: 'tokens',
        element: (
          <RequireRole roles={['admin']}>
            <TokensPage />
          </RequireRole>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireRole roles={['auditor']}>
            <AuditPage />
          </RequireRole>
        ),
      },
      { path: 'inbox', element: <InboxPage /> },
      {
        path: 'statistics',
        element: (
          <RequireRole roles={STATISTICS_ROLES}>
            <StatisticsPage />
          </RequireRole>
        ),
      },
      {
        path: 'routing-rules',
        element: (
          <RequireRole roles={ROUTING_RULES_ROLES}>
            <RoutingRulesPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection',
        element: (
          <RequireRole roles={PROTECTION_ROLES}>
            <ProtectionPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection/verify',
        element: (
          <RequireRole roles={PROTECTION_VERIFY_ROLES}>
            <VerifyPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection/reports',
        element: (
          <RequireRole roles={PROTECTION_ROLES}>
            <EnterpriseReportsPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection/reports/new',
        element: (
          <RequireRole roles={PROTECTION_ROLES}>
            <EnterpriseReportPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection/reports/:reportId',
        element: (
          <RequireRole roles={PROTECTION_ROLES}>
            <EnterpriseReportDetailPage />
          </RequireRole>
        ),
      },
      {
        path: 'protection/:orgId',
        element: (
          <RequireRole roles={PROTECTION_READ_ROLES}>
            <ProtectionPage />
          </RequireRole>
        ),
      },
      {
        path: 'deletion-requests',
        element: (
          <RequireRole roles={DELETION_REQUEST_ROLES}>
            <DeletionRequestsPage />
          </RequireRole>
        ),
      },
      {
        path: 'deletion-requests/compliance',
        element: (
          <RequireRole roles={DELETION_REQUEST_ROLES}>
            <CompliancePage />
          </RequireRole>
        ),
      },
      {
        path: 'deletion-requests/:id',
        element: (
          <RequireRole roles={DELETION_REQUEST_ROLES}>
            <DeletionRequestPage />
          </RequireRole>
        ),
      },
      { path: 'rules', element: <RulesPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <WorkbenchNotFound /> },
    ],
  },
];
