import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_KINDS, type OrgKind, type Role } from '../contracts/orgs';
import type { Organization } from '../server/modules/orgs/orgs.repository';
import { type TestApp, createTestApp } from './app';
import { testDialects } from './dialects';
import { SYSTEM, type TestSession, type TestUser, createOrganization, createUser, openSession, fileReport } from './factories';

/**
 * Every API route × every role × own organization / other organization, plus the anonymous public
 * and an API token. Each row says what each caller must get; a route without a row fails the test.
 */

type Scope = 'own' | 'other';

interface Caller {
  label: string;
  role: Role;
  kind: OrgKind;
}

/** Every role, each in an organization of a kind it fits; admins in three kinds, since what they manage differs. */
const CALLERS: Caller[] = [
  { label: 'admin@regulator', role: 'admin', kind: 'regulator' },
  { label: 'admin@website', role: 'admin', kind: 'website' },
  { label: 'admin@enterprise', role: 'admin', kind: 'enterprise' },
  { label: 'triage_officer', role: 'triage_officer', kind: 'reporting_centre' },
  { label: 'case_officer', role: 'case_officer', kind: 'police' },
  { label: 'agency_lead', role: 'agency_lead', kind: 'regulator' },
  { label: 'analyst', role: 'analyst', kind: 'regulator' },
  { label: 'website_compliance', role: 'website_compliance', kind: 'website' },
  { label: 'enterprise_liaison', role: 'enterprise_liaison', kind: 'enterprise' },
  { label: 'supervisor', role: 'supervisor', kind: 'supervisory_body' },
  { label: 'auditor', role: 'auditor', kind: 'regulator' },
];

/** What one organization holds for the checks: a member, someone invited, an API token. */
interface OrgFixture {
  org: Organization;
  member: TestUser;
  pendingUserId: string;
  tokenId: string;
  webhookId: string;
}

interface Context {
  reportId: string;
  /** A case led by the caller's own organization (when it is an agency), and one led by the other. */
  ownCaseId: string;
  otherCaseId: string;
  own: OrgFixture;
  other: OrgFixture;
  session: TestSession;
}

interface Row {
  /** Builds the concrete request for a caller's own or the other organization. */
  request: (ctx: Context, scope: Scope) => { url: string; payload?: unknown };
  /** The status a caller must get; `null` is the anonymous public. */
  expect: (caller: Caller | null, scope: Scope) => number;
  /** What a website's API token with the `reports:read` scope gets on a non-public route (default 401: staff routes refuse tokens). */
  token?: number;
}

const isAdmin = (c: Caller) => c.role === 'admin';
const isAgency = (kind: OrgKind) => AGENCY_KINDS.includes(kind);
/** Agencies see each other in the directory; everyone else sees only their own organization's subtree. */
const canSeeOther = (c: Caller) => isAgency(c.kind);
const signedIn = (ok: number) => (caller: Caller | null) => (caller ? ok : 401);
/** Admins of the organization act; others who can see it are refused; those who cannot see it get "not found". */
const adminOf = (ok: number) => (caller: Caller | null, scope: Scope) => {
  if (!caller) return 401;
  if (scope === 'own') return isAdmin(caller) ? ok : 403;
  return canSeeOther(caller) ? 403 : 404;
};
/** Where the record's very existence is sensitive (people, tokens): only its admin learns it exists. */
const hiddenUnlessAdmin = (ok: number) => (caller: Caller | null, scope: Scope) => {
  if (!caller) return 401;
  return scope === 'own' && isAdmin(caller) ? ok : 404;
};

let emailCounter = 0;

/** An inbox item of each user (callers and fixture members), by user id. */
const inboxItemOf = new Map<string, string>();

const CASE_READERS: Role[] = ['case_officer', 'agency_lead', 'analyst', 'auditor'];
/** Triage sees every case; staff of the lead agency see theirs; no one else learns a case exists. */
const readsCase = (c: Caller, scope: Scope) =>
  c.role === 'triage_officer' || (scope === 'own' && isAgency(c.kind) && CASE_READERS.includes(c.role));
const atLead = (c: Caller, scope: Scope) => scope === 'own' && isAgency(c.kind);
const triageOnly = (ok: number) => (caller: Caller | null) => (caller ? (caller.role === 'triage_officer' ? ok : 403) : 401);
/** Readable cases answer by the rule; unreadable ones 404. */
const onCase = (ok: (c: Caller, scope: Scope) => number) => (caller: Caller | null, scope: Scope) => {
  if (!caller) return 401;
  return readsCase(caller, scope) ? ok(caller, scope) : 404;
};
const caseUrl = (ctx: Context, scope: Scope, suffix = '') => `/api/v1/cases/${scope === 'own' ? ctx.ownCaseId : ctx.otherCaseId}${suffix}`;

/** The offender registry: agency staff, supervisors and auditors read it; for anyone else it does not exist. */
const REGISTRY_READERS: Role[] = ['triage_officer', 'case_officer', 'agency_lead', 'analyst', 'supervisor', 'auditor'];
const readsRegistry = (c: Caller) => isAgency(c.kind) && REGISTRY_READERS.includes(c.role);
const writesRegistry = (c: Caller) => readsRegistry(c) && ['analyst', 'case_officer', 'agency_lead'].includes(c.role);
const mergesRegistry = (c: Caller) => readsRegistry(c) && ['analyst', 'agency_lead'].includes(c.role);
/** An entity on the registry, made in `beforeAll`. */
let registryEntityId = '';
const onEntity = (ok: (c: Caller) => number) => (caller: Caller | null) => {
  if (!caller) return 401;
  return readsRegistry(caller) ? ok(caller) : 404;
};
const entityUrl = (suffix = '') => `/api/v1/registry/entities/${registryEntityId}${suffix}`;

/** A website's compliance officers and administrators work its deletion-request log. */
const worksDeletionLog = (c: Caller) => c.kind === 'website' && ['website_compliance', 'admin'].includes(c.role);

const ROWS: Record<string, Row> = {
  'GET /api/v1/config/public': { request: () => ({ url: '/api/v1/config/public' }), expect: () => 200 },
  // The challenge is off in tests, and then it does not exist.
  'GET /api/v1/challenge': { request: () => ({ url: '/api/v1/challenge' }), expect: () => 404 },
  'POST /api/v1/reports': { request: () => ({ url: '/api/v1/reports', payload: {} }), expect: () => 400 },
  'POST /api/v1/reports/validate': { request: () => ({ url: '/api/v1/reports/validate', payload: {} }), expect: () => 400 },
  'GET /api/v1/reports/:trackingCode': { request: () => ({ url: '/api/v1/reports/QL2C-7K4M-9XPA' }), expect: () => 404 },
  'POST /api/v1/auth/login': {
    request: () => ({ url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'wrong password here' } }),
    expect: () => 401,
  },
  'GET /api/v1/invitations/:token': { request: () => ({ url: `/api/v1/invitations/${'x'.repeat(43)}` }), expect: () => 404 },
  'POST /api/v1/invitations/:token/accept': {
    request: () => ({ url: `/api/v1/invitations/${'x'.repeat(43)}/accept`, payload: { password: 'Lantern-Harbour-Quietly-93' } }),
    expect: () => 404,
  },
  'POST /api/v1/auth/logout': { request: () => ({ url: '/api/v1/auth/logout' }), expect: signedIn(204) },
  'POST /api/v1/auth/logout-everywhere': { request: () => ({ url: '/api/v1/auth/logout-everywhere' }), expect: signedIn(204) },
  'GET /api/v1/me': { request: () => ({ url: '/api/v1/me' }), expect: signedIn(200) },
  'GET /api/v1/me/sessions': { request: () => ({ url: '/api/v1/me/sessions' }), expect: signedIn(200) },
  'DELETE /api/v1/me/sessions/:id': {
    // One's own session ends; someone else's answers "not found".
    request: (ctx, scope) => ({
      url: `/api/v1/me/sessions/${scope === 'own' ? ctx.session.sessionId : ctx.other.member.session.sessionId}`,
    }),
    expect: (caller, scope) => (caller ? (scope === 'own' ? 204 : 404) : 401),
  },
  'POST /api/v1/me/password': {
    request: () => ({
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not my password', newPassword: 'Another-Quiet-Lantern-71' },
    }),
    expect: signedIn(400),
  },
  'GET /api/v1/me/totp/new': { request: () => ({ url: '/api/v1/me/totp/new' }), expect: signedIn(200) },
  'POST /api/v1/me/totp': {
    request: () => ({ url: '/api/v1/me/totp', payload: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code: '000000' } }),
    expect: signedIn(400),
  },
  'POST /api/v1/me/recovery-codes': {
    request: () => ({ url: '/api/v1/me/recovery-codes', payload: { password: 'wrong' } }),
    expect: signedIn(400),
  },
  'GET /api/v1/organizations': { request: () => ({ url: '/api/v1/organizations' }), expect: signedIn(200) },
  'POST /api/v1/organizations': {
    request: (ctx, scope) => ({
      url: '/api/v1/organizations',
      payload: { name: '新设机构', kind: 'regulator', parentId: ctx[scope].org.id, regionCode: '330100' },
    }),
    // A parent one does not administer is a field error, whoever asks.
    expect: (caller, scope) => (caller ? (scope === 'own' && isAdmin(caller) ? 201 : 400) : 401),
  },
  'GET /api/v1/organizations/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/organizations/${ctx[scope].org.id}` }),
    expect: (caller, scope) => (caller ? (scope === 'own' || canSeeOther(caller) ? 200 : 404) : 401),
  },
  'PATCH /api/v1/organizations/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/organizations/${ctx[scope].org.id}`, payload: { regionCode: '330000' } }),
    expect: adminOf(200),
  },
  'GET /api/v1/users': {
    request: (ctx, scope) => ({ url: `/api/v1/users?orgId=${ctx[scope].org.id}` }),
    expect: adminOf(200),
  },
  'POST /api/v1/users': {
    request: (ctx, scope) => ({
      url: '/api/v1/users',
      payload: { orgId: ctx[scope].org.id, email: `matrix-${emailCounter++}@example.test`, displayName: '新同事', roles: ['admin'] },
    }),
    expect: adminOf(201),
  },
  'GET /api/v1/users/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/users/${ctx[scope].member.id}` }),
    expect: hiddenUnlessAdmin(200),
  },
  'PATCH /api/v1/users/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/users/${ctx[scope].member.id}`, payload: { displayName: '改名' } }),
    expect: hiddenUnlessAdmin(200),
  },
  'POST /api/v1/users/:id/invitation': {
    request: (ctx, scope) => ({ url: `/api/v1/users/${ctx[scope].pendingUserId}/invitation` }),
    expect: hiddenUnlessAdmin(200),
  },
  'POST /api/v1/users/:id/reset-two-factor': {
    request: (ctx, scope) => ({ url: `/api/v1/users/${ctx[scope].member.id}/reset-two-factor` }),
    expect: hiddenUnlessAdmin(204),
  },
  'GET /api/v1/organizations/:id/tokens': {
    request: (ctx, scope) => ({ url: `/api/v1/organizations/${ctx[scope].org.id}/tokens` }),
    expect: adminOf(200),
  },
  'POST /api/v1/organizations/:id/tokens': {
    request: (ctx, scope) => ({
      url: `/api/v1/organizations/${ctx[scope].org.id}/tokens`,
      payload: { name: 'ci', scopes: ['reports:read'] },
    }),
    expect: adminOf(201),
  },
  'DELETE /api/v1/tokens/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/tokens/${ctx[scope].tokenId}` }),
    expect: hiddenUnlessAdmin(204),
  },
  'POST /api/v1/reports/:id/reporter/reveal': {
    request: (ctx) => ({ url: `/api/v1/reports/${ctx.reportId}/reporter/reveal`, payload: { reason: '核实' } }),
    // Reports are not any organization's yet: the triage officers who take them in may see who sent them.
    expect: (caller) => (caller ? (caller.role === 'triage_officer' ? 200 : 403) : 401),
  },
  'GET /api/v1/triage/reports': { request: () => ({ url: '/api/v1/triage/reports' }), expect: triageOnly(200) },
  'GET /api/v1/triage/reports/:reportId': {
    request: (ctx) => ({ url: `/api/v1/triage/reports/${ctx.reportId}` }),
    expect: triageOnly(200),
  },
  'POST /api/v1/triage/reports/review': {
    request: (ctx) => ({ url: '/api/v1/triage/reports/review', payload: { reportIds: [ctx.reportId] } }),
    expect: triageOnly(200),
  },
  'POST /api/v1/triage/reports/:reportId/duplicate': {
    // A report cannot duplicate itself: triage gets the field error, everyone else the refusal first.
    request: (ctx) => ({ url: `/api/v1/triage/reports/${ctx.reportId}/duplicate`, payload: { duplicateOf: ctx.reportId } }),
    expect: triageOnly(400),
  },
  'POST /api/v1/triage/reports/not-accepted': {
    request: () => ({ url: '/api/v1/triage/reports/not-accepted', payload: { reportIds: ['no-such-report'], reason: 'out_of_scope' } }),
    expect: triageOnly(400),
  },
  'POST /api/v1/cases': {
    request: () => ({
      url: '/api/v1/cases',
      payload: { reportIds: ['no-such-report'], title: 't', category: 'other', regionCode: '330000', priority: 'normal', moneyPaid: false },
    }),
    expect: triageOnly(400),
  },
  'GET /api/v1/cases': { request: () => ({ url: '/api/v1/cases' }), expect: signedIn(200) },
  // Staff search: reports by default for triage, cases (within the case policy) for everyone else; type=report is triage's (search.routes.test.ts).
  'GET /api/v1/search': { request: () => ({ url: `/api/v1/search?q=${encodeURIComponent('删帖')}` }), expect: signedIn(200) },
  'GET /api/v1/cases/export': { request: () => ({ url: '/api/v1/cases/export?format=csv' }), expect: signedIn(200) },
  'GET /api/v1/cases/statistics': { request: () => ({ url: '/api/v1/cases/statistics' }), expect: signedIn(200) },
  'GET /api/v1/cases/:id': { request: (ctx, scope) => ({ url: caseUrl(ctx, scope) }), expect: onCase(() => 200) },
  'GET /api/v1/cases/:id/evidence-package': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/evidence-package') }),
    expect: onCase((c, scope) => (scope === 'own' && ['case_officer', 'agency_lead'].includes(c.role) ? 200 : 403)),
  },
  'GET /api/v1/evidence/public-key': { request: () => ({ url: '/api/v1/evidence/public-key' }), expect: () => 200 },
  'GET /api/v1/rules/provisions': { request: () => ({ url: '/api/v1/rules/provisions' }), expect: () => 200 },
  'GET /api/v1/rules/provisions/:code': { request: () => ({ url: '/api/v1/rules/provisions/CL-274' }), expect: () => 200 },
  // Only an administrator of a top-level organization changes the rules; every caller here is below one.
  'POST /api/v1/rules/provisions': {
    request: () => ({
      url: '/api/v1/rules/provisions',
      payload: { code: 'TEST-1', title: '测试', source: '测试', text: '测试条文', effectiveFrom: '2026-01-01' },
    }),
    expect: (caller) => (caller ? 403 : 401),
  },
  'POST /api/v1/rules/provisions/:code/versions': {
    request: () => ({
      url: '/api/v1/rules/provisions/CL-274/versions',
      payload: { title: '测试', source: '测试', text: '测试条文', effectiveFrom: '2026-01-01', reason: '测试' },
    }),
    expect: (caller) => (caller ? 403 : 401),
  },
  'GET /api/v1/rules/admissibility-criteria': {
    request: () => ({ url: '/api/v1/rules/admissibility-criteria' }),
    expect: (caller) => (caller ? 200 : 401),
    token: 200,
  },
  'GET /api/v1/rules/admissibility-criteria/versions': {
    request: () => ({ url: '/api/v1/rules/admissibility-criteria/versions' }),
    expect: (caller) => (caller ? 200 : 401),
    token: 200,
  },
  'PUT /api/v1/rules/admissibility-criteria': {
    request: () => ({ url: '/api/v1/rules/admissibility-criteria', payload: { criteria: [], reason: '测试' } }),
    expect: (caller) => (caller ? 403 : 401),
  }, // Enterprise protection: only an enterprise's own administrators and liaisons (and agencies above it) see its record.
  'GET /api/v1/protection/enterprises/:orgId': {
    request: (ctx, scope) => ({ url: `/api/v1/protection/enterprises/${ctx[scope].org.id}` }),
    expect: (caller, scope) => (caller ? (scope === 'own' && caller.kind === 'enterprise' ? 200 : 404) : 401),
  },
  'POST /api/v1/protection/enterprises/:orgId/representatives': {
    request: (ctx, scope) => ({ url: `/api/v1/protection/enterprises/${ctx[scope].org.id}/representatives`, payload: { name: '李华' } }),
    expect: (caller, scope) => (caller ? (scope === 'own' && caller.kind === 'enterprise' ? 400 : 404) : 401),
  },
  'POST /api/v1/protection/representatives/:id/revoke': {
    request: () => ({ url: '/api/v1/protection/representatives/no-such-representative/revoke', payload: { reason: '离职' } }),
    expect: (caller) => (caller ? 404 : 401),
  },
  'PUT /api/v1/protection/enterprises/:orgId/liaison': {
    request: (ctx, scope) => ({ url: `/api/v1/protection/enterprises/${ctx[scope].org.id}/liaison`, payload: { userId: 'no-such-user' } }),
    expect: (caller, scope) => (caller ? (scope === 'own' && caller.kind === 'enterprise' ? 403 : 404) : 401),
  },
  'GET /api/v1/protection/verify': {
    request: () => ({ url: '/api/v1/protection/verify?uscc=91330200MA2H4K7P3T&name=%E6%9D%8E%E5%8D%8E&idNumber=11010519491231002X' }),
    expect: (caller) =>
      caller ? (['website_compliance', 'triage_officer', 'case_officer', 'agency_lead'].includes(caller.role) ? 200 : 403) : 401,
    token: 403,
  },
  // The enterprise's desk: its own administrators and liaisons file and follow its reports; everyone else gets "not found".
  'GET /api/v1/protection/desk/reporter': {
    request: () => ({ url: '/api/v1/protection/desk/reporter' }),
    expect: (caller) => (caller ? (caller.kind === 'enterprise' ? 200 : 404) : 401),
  },
  'POST /api/v1/protection/desk/reports': {
    // Valid by the schema, refused by the intake's checks: nothing is filed.
    request: () => ({
      url: '/api/v1/protection/desk/reports',
      payload: { category: 'online_extortion', description: '某账号威胁发布负面文章并索要两万元删帖费用。', targetUrls: ['not-a-url'] },
    }),
    expect: (caller) => (caller ? (caller.kind === 'enterprise' ? 400 : 404) : 401),
  },
  'GET /api/v1/protection/desk/reports': {
    request: () => ({ url: '/api/v1/protection/desk/reports' }),
    expect: (caller) => (caller ? (caller.kind === 'enterprise' ? 200 : 404) : 401),
  },
  'GET /api/v1/protection/desk/reports/:id': {
    // A public report: never on any enterprise's desk.
    request: (ctx) => ({ url: `/api/v1/protection/desk/reports/${ctx.reportId}` }),
    expect: (caller) => (caller ? 404 : 401),
  },

  'POST /api/v1/cases/:id/reports': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/reports'), payload: { reportIds: ['no-such-report'] } }),
    expect: (caller) => (caller ? (caller.role === 'triage_officer' ? 400 : 403) : 401),
  },
  'POST /api/v1/cases/:id/transitions': {
    // Closing an assigned case is never possible: whoever may see the case learns that, and only they.
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/transitions'), payload: { action: 'close' } }),
    expect: onCase(() => 409),
  },
  'POST /api/v1/cases/:id/assistance': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/assistance'), payload: { orgId: 'no-such-org', reason: '协查' } }),
    expect: onCase((c, scope) => (atLead(c, scope) && ['case_officer', 'agency_lead'].includes(c.role) ? 400 : 403)),
  },
  'POST /api/v1/cases/:id/comments': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/comments'), payload: { body: '备注', internal: true } }),
    expect: onCase((c, scope) =>
      c.role === 'triage_officer' || (atLead(c, scope) && ['case_officer', 'agency_lead'].includes(c.role)) ? 204 : 403,
    ),
  },
  'POST /api/v1/cases/:id/attachments': {
    // Who may attach (the comment rule) learns a JSON body is not an upload; who sees the case but may not attach, 403.
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/attachments'), payload: { visibility: 'shared' } }),
    expect: onCase((c, scope) =>
      c.role === 'triage_officer' || (atLead(c, scope) && ['case_officer', 'agency_lead'].includes(c.role)) ? 415 : 403,
    ),
  },
  'GET /api/v1/cases/:id/attachments': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/attachments') }),
    expect: onCase(() => 200),
  },
  'GET /api/v1/cases/:id/attachments/:attachmentId/content': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/attachments/no-such-attachment/content') }),
    expect: onCase(() => 404),
  },
  'POST /api/v1/cases/:id/extension': {
    request: (ctx, scope) => ({ url: caseUrl(ctx, scope, '/extension'), payload: { reason: '延期' } }),
    expect: onCase((c, scope) => (atLead(c, scope) && c.role === 'agency_lead' ? 200 : 403)),
  },
  'POST /api/v1/cases/:id/orders': {
    request: (ctx, scope) => ({
      url: caseUrl(ctx, scope, '/orders'),
      payload: { executingOrgId: ctx.other.org.id, kind: 'remove_post', legalBasis: '依据', dueAt: '2030-01-01T00:00:00Z' },
    }),
    // The case is only assigned: its lead's officers learn orders wait for the investigation.
    expect: onCase((c, scope) => (atLead(c, scope) && ['case_officer', 'agency_lead'].includes(c.role) ? 409 : 403)),
  },
  'GET /api/v1/orders': { request: () => ({ url: '/api/v1/orders' }), expect: signedIn(200), token: 403 },
  // Deletion requests (mechanism 6): a website's people work its log; agency staff read the regional view.
  'POST /api/v1/deletion-requests': {
    request: () => ({
      url: '/api/v1/deletion-requests',
      payload: { requesterKind: 'individual', requesterName: '矩阵', targetUrls: ['https://bbs.example.cn/1'], reason: '隐私' },
    }),
    expect: (caller) => (caller ? (worksDeletionLog(caller) ? 201 : 403) : 401),
    token: 403,
  },
  'POST /api/v1/deletion-requests/import': {
    request: () => ({ url: '/api/v1/deletion-requests/import', payload: { rows: [] } }),
    expect: (caller) => (caller ? (worksDeletionLog(caller) ? 400 : 403) : 401),
    token: 403,
  },
  'GET /api/v1/deletion-requests': {
    request: () => ({ url: '/api/v1/deletion-requests' }),
    expect: (caller) => (caller ? (worksDeletionLog(caller) ? 200 : 403) : 401),
    token: 403,
  },
  'GET /api/v1/deletion-requests/compliance': {
    request: () => ({ url: '/api/v1/deletion-requests/compliance' }),
    expect: (caller) => (caller ? (worksDeletionLog(caller) ? 200 : 403) : 401),
  },
  'GET /api/v1/deletion-requests/compliance/export': {
    request: () => ({ url: '/api/v1/deletion-requests/compliance/export?format=csv' }),
    expect: (caller) => (caller ? (worksDeletionLog(caller) ? 200 : 403) : 401),
  },
  'GET /api/v1/deletion-requests/statistics/public': {
    request: () => ({ url: '/api/v1/deletion-requests/statistics/public' }),
    expect: () => 200,
  },
  'GET /api/v1/deletion-requests/:id': {
    request: () => ({ url: '/api/v1/deletion-requests/no-such-request' }),
    expect: signedIn(404),
    token: 404,
  },
  'POST /api/v1/deletion-requests/:id/reviews': {
    request: () => ({ url: '/api/v1/deletion-requests/no-such-request/reviews', payload: { step: 'identity', passed: true, answers: [] } }),
    expect: signedIn(404),
  },
  'POST /api/v1/deletion-requests/:id/decision': {
    request: () => ({ url: '/api/v1/deletion-requests/no-such-request/decision', payload: { decision: 'reject', provisionCodes: [] } }),
    expect: signedIn(404),
  },
  'POST /api/v1/deletion-requests/:id/execute': {
    request: () => ({ url: '/api/v1/deletion-requests/no-such-request/execute', payload: {} }),
    expect: signedIn(404),
  },
  'POST /api/v1/deletion-requests/:id/refer': {
    request: () => ({ url: '/api/v1/deletion-requests/no-such-request/refer', payload: {} }),
    expect: signedIn(404),
  },
  'GET /api/v1/orders/executing-organizations': {
    request: () => ({ url: '/api/v1/orders/executing-organizations' }),
    // Those who issue orders at an agency learn whom they can order; nobody else.
    expect: (caller) => (caller ? (isAgency(caller.kind) && ['case_officer', 'agency_lead'].includes(caller.role) ? 200 : 403) : 401),
  },
  'GET /api/v1/orders/:id': { request: () => ({ url: '/api/v1/orders/no-such-order' }), expect: signedIn(404), token: 404 },
  'POST /api/v1/orders/:id/acknowledge': {
    request: () => ({ url: '/api/v1/orders/no-such-order/acknowledge' }),
    expect: signedIn(404),
    token: 404,
  },
  'POST /api/v1/orders/:id/execution': {
    request: () => ({ url: '/api/v1/orders/no-such-order/execution', payload: { note: '已删除' } }),
    expect: signedIn(404),
    token: 404,
  },
  'POST /api/v1/orders/:id/verify': { request: () => ({ url: '/api/v1/orders/no-such-order/verify' }), expect: signedIn(404) },
  'POST /api/v1/orders/:id/dispute': {
    request: () => ({ url: '/api/v1/orders/no-such-order/dispute', payload: { reason: '未删除' } }),
    expect: signedIn(404),
  },
  'GET /api/v1/inbox': { request: () => ({ url: '/api/v1/inbox' }), expect: signedIn(200) },
  'POST /api/v1/inbox/:id/read': {
    // One's own item is marked read; someone else's answers "not found", whoever asks.
    request: (ctx, scope) => ({
      url: `/api/v1/inbox/${inboxItemOf.get(scope === 'own' ? ctx.session.userId : ctx.other.member.id)}/read`,
    }),
    expect: (caller, scope) => (caller ? (scope === 'own' ? 204 : 404) : 401),
  },
  'POST /api/v1/inbox/read-all': { request: () => ({ url: '/api/v1/inbox/read-all' }), expect: signedIn(200) },
  'GET /api/v1/organizations/:id/webhooks': {
    request: (ctx, scope) => ({ url: `/api/v1/organizations/${ctx[scope].org.id}/webhooks` }),
    expect: adminOf(200),
  },
  'POST /api/v1/organizations/:id/webhooks': {
    request: (ctx, scope) => ({
      url: `/api/v1/organizations/${ctx[scope].org.id}/webhooks`,
      payload: { url: 'https://hooks.partner.example/qinglang', events: ['case.assigned'] },
    }),
    expect: adminOf(201),
  },
  'DELETE /api/v1/webhooks/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/webhooks/${ctx[scope].webhookId}` }),
    expect: hiddenUnlessAdmin(204),
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    request: (ctx, scope) => ({ url: `/api/v1/webhooks/${ctx[scope].webhookId}/deliveries` }),
    expect: hiddenUnlessAdmin(200),
  },
  'GET /api/v1/routing-rules': {
    request: () => ({ url: '/api/v1/routing-rules' }),
    expect: (caller) => (caller ? (caller.role === 'admin' || caller.role === 'triage_officer' ? 200 : 403) : 401),
  },
  'PUT /api/v1/routing-rules': {
    // Only administrators of a top-level organization replace the rules; every caller here sits one level below.
    request: () => ({ url: '/api/v1/routing-rules', payload: { rules: [] } }),
    expect: (caller) => (caller ? 403 : 401),
  },
  'GET /api/v1/registry/entities': {
    request: () => ({ url: '/api/v1/registry/entities' }),
    expect: (caller) => (caller ? (readsRegistry(caller) ? 200 : 403) : 401),
  },
  'POST /api/v1/registry/entities': {
    request: () => ({ url: '/api/v1/registry/entities', payload: { kind: 'website', displayName: '矩阵测试网站' } }),
    expect: (caller) => (caller ? (writesRegistry(caller) ? 201 : 403) : 401),
  },
  'GET /api/v1/registry/entities/:id': { request: () => ({ url: entityUrl() }), expect: onEntity(() => 200) },
  'POST /api/v1/registry/entities/:id/records': {
    // The cited case does not exist: writers learn that, and only they.
    request: () => ({ url: entityUrl('/records'), payload: { caseId: 'no-such-case', summary: '记录', legalBasis: '依据' } }),
    expect: onEntity((c) => (writesRegistry(c) ? 400 : 403)),
  },
  'POST /api/v1/registry/entities/:id/status': {
    // suspected → suspected is no change: those who may change status learn that it is not possible.
    request: () => ({ url: entityUrl('/status'), payload: { to: 'suspected', reason: '复核', legalBasis: '依据' } }),
    expect: onEntity((c) => (mergesRegistry(c) ? 409 : 403)),
  },
  'POST /api/v1/registry/entities/:id/merge': {
    request: () => ({ url: entityUrl('/merge'), payload: { absorbedId: registryEntityId, reason: '同一主体' } }),
    expect: onEntity((c) => (mergesRegistry(c) ? 400 : 403)),
  },
  'POST /api/v1/registry/entities/:id/split': {
    request: () => ({ url: entityUrl('/split'), payload: { reason: '误合并' } }),
    expect: onEntity((c) => (mergesRegistry(c) ? 409 : 403)),
  },
  'POST /api/v1/cases/:id/registry-entities': {
    // The phone number is not in the case's report: writers who see the case get the field error.
    request: (ctx, scope) => ({
      url: caseUrl(ctx, scope, '/registry-entities'),
      payload: { indicators: [{ type: 'phone', value: '13812345678' }], summary: '登记', legalBasis: '依据' },
    }),
    expect: onCase((c) => (writesRegistry(c) ? 400 : 403)),
  },
  'GET /api/v1/registry/export.stix': {
    request: () => ({ url: '/api/v1/registry/export.stix' }),
    expect: (caller) => (caller ? (readsRegistry(caller) ? 200 : 403) : 401),
  },
  // Correlation shows only what the caller may open: the matrix report is in no case, so only triage sees it.
  'GET /api/v1/correlation/reports/:id': {
    request: (ctx) => ({ url: `/api/v1/correlation/reports/${ctx.reportId}` }),
    expect: (caller) => (caller ? (caller.role === 'triage_officer' ? 200 : 404) : 401),
  },
  'GET /api/v1/correlation/cases/:id': {
    request: (ctx, scope) => ({ url: `/api/v1/correlation/cases/${scope === 'own' ? ctx.ownCaseId : ctx.otherCaseId}` }),
    expect: onCase(() => 200),
  },
  'GET /api/v1/correlation/entities/:id': {
    request: () => ({ url: `/api/v1/correlation/entities/${registryEntityId}` }),
    expect: onEntity(() => 200),
  },
  'GET /api/v1/correlation/warning-list': {
    request: () => ({ url: '/api/v1/correlation/warning-list' }),
    expect: (caller) => (caller ? ((caller.role === 'admin' && isAgency(caller.kind)) || readsRegistry(caller) ? 200 : 403) : 401),
  },
  // The value is not a phone number: agency administrators learn that, nothing changes.
  'POST /api/v1/correlation/warning-list': {
    request: () => ({ url: '/api/v1/correlation/warning-list', payload: { type: 'phone', value: 'abc', reason: '客服电话' } }),
    expect: (caller) => (caller ? (caller.role === 'admin' && isAgency(caller.kind) ? 400 : 403) : 401),
  },
  'POST /api/v1/correlation/warning-list/remove': {
    request: () => ({ url: '/api/v1/correlation/warning-list/remove', payload: { type: 'phone', value: 'abc', reason: '误列' } }),
    expect: (caller) => (caller ? (caller.role === 'admin' && isAgency(caller.kind) ? 400 : 403) : 401),
  },
  'GET /api/v1/audit/events': {
    request: (ctx, scope) => ({ url: `/api/v1/audit/events?objectId=${ctx[scope].org.id}` }),
    expect: (caller) => (caller ? (caller.role === 'auditor' ? 200 : 403) : 401),
  },
};

const PUBLIC_ROUTES = new Set([
  'GET /api/v1/config/public',
  'GET /api/v1/evidence/public-key',
  'GET /api/v1/rules/provisions',
  'GET /api/v1/rules/provisions/:code',
  'GET /api/v1/deletion-requests/statistics/public',
  'GET /api/v1/challenge',
  'POST /api/v1/reports',
  'POST /api/v1/reports/validate',
  'GET /api/v1/reports/:trackingCode',
  'POST /api/v1/auth/login',
  'GET /api/v1/invitations/:token',
  'POST /api/v1/invitations/:token/accept',
]);

async function fixture(app: FastifyInstance, kind: OrgKind, parentId: string, name: string): Promise<OrgFixture> {
  const org = await createOrganization(app, { kind, name, parentId, domains: kind === 'website' ? [`${name}.example.cn`] : [] });
  const memberRole: Role = kind === 'website' ? 'website_compliance' : kind === 'enterprise' ? 'enterprise_liaison' : 'admin';
  const member = await createUser(app, { orgId: org.id, roles: [memberRole] });
  const pending = await app.qinglang.orgs.inviteUser(SYSTEM, {
    orgId: org.id,
    email: `pending-${name}@example.test`,
    displayName: '待激活',
    roles: [memberRole],
  });
  const { apiToken } = await app.qinglang.orgs.createApiToken(SYSTEM, org.id, { name: 'fixture', scopes: ['reports:read'] });
  const { subscription } = await app.qinglang.notify.createWebhook(SYSTEM, org.id, {
    url: 'https://hooks.partner.example/fixture',
    events: ['*'],
  });
  return { org, member, pendingUserId: pending.user.id, tokenId: apiToken.id, webhookId: subscription.id };
}

for (const dialect of testDialects()) {
  describe(`authorization matrix (${dialect})`, () => {
    let t: TestApp;
    let root: Organization;
    const contexts = new Map<string, { own: OrgFixture; other: OrgFixture; user: TestUser; ownCaseId: string; otherCaseId: string }>();
    let apiToken: string;
    let reportId: string;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      root = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
      for (const caller of CALLERS) {
        const own = await fixture(t.app, caller.kind, root.id, `${caller.label}-own`);
        const other = await fixture(t.app, caller.kind, root.id, `${caller.label}-other`);
        const user = await createUser(t.app, { orgId: own.org.id, roles: [caller.role] });
        contexts.set(caller.label, { own, other, user, ownCaseId: '', otherCaseId: '' });
      }
      const everyone = [...contexts.values()].flatMap(({ own, other, user }) => [own.member.id, other.member.id, user.id]);
      await t.database.db.transaction().execute((trx) =>
        t.app.qinglang.notify.enqueue(trx, {
          type: 'matrix.notice',
          objectType: 'organization',
          objectId: root.id,
          orgIds: [],
          userIds: everyone,
          title: { 'zh-CN': '通知', en: 'Notice' },
          body: { 'zh-CN': '正文', en: 'Body' },
        }),
      );
      const items = await t.database.db
        .selectFrom('inbox_items')
        .select(['id', 'user_id'])
        .where('event_type', '=', 'matrix.notice')
        .execute();
      for (const item of items) inboxItemOf.set(item.user_id, item.id);
      // Cases led by each agency caller's own organization and by the other one, opened by triage.
      const triage = await openSession(t.app, contexts.get('triage_officer')!.user.id);
      const openCaseLedBy = async (orgId: string) => {
        const report = await fileReport(t.app, {
          category: 'online_extortion',
          description: '有人以曝光负面信息相要挟，索要钱财，请依法处理。',
          reporter: { anonymous: true },
        });
        const opened = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: triage.headers,
          payload: {
            reportIds: [report.id],
            title: '矩阵测试案件',
            category: 'online_extortion',
            regionCode: '330000',
            priority: 'normal',
            moneyPaid: false,
            override: { leadOrgId: orgId, assistingOrgIds: [], reason: '测试指定' },
          },
        });
        if (opened.statusCode !== 201) throw new Error(`could not open a case: ${opened.body}`);
        return opened.json().id as string;
      };
      let fallback: { own: string; other: string } | null = null;
      for (const caller of CALLERS) {
        const context = contexts.get(caller.label)!;
        if (isAgency(caller.kind)) {
          context.ownCaseId = await openCaseLedBy(context.own.org.id);
          context.otherCaseId = await openCaseLedBy(context.other.org.id);
          fallback ??= { own: context.ownCaseId, other: context.otherCaseId };
        }
      }
      for (const caller of CALLERS) {
        const context = contexts.get(caller.label)!;
        if (!isAgency(caller.kind)) Object.assign(context, { ownCaseId: fallback!.own, otherCaseId: fallback!.other });
      }
      const website = await createOrganization(t.app, { kind: 'website', parentId: root.id });
      const receipt = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: {
          category: 'paid_deletion',
          description: '某公关公司声称收费两万元即可删除论坛上的帖子。',
          reporter: { anonymous: false, name: '李四', phone: '13900002222' },
        },
      });
      reportId = (
        await t.database.db
          .selectFrom('reports')
          .select('id')
          .where('tracking_code', '=', receipt.json().trackingCode)
          .executeTakeFirstOrThrow()
      ).id;
      apiToken = (await t.app.qinglang.orgs.createApiToken(SYSTEM, website.id, { name: 'partner', scopes: ['reports:read'] })).token;
      registryEntityId = `0190b2c4-0000-7000-8000-${Date.now().toString(16).padStart(12, '0')}`;
      await t.database.db
        .insertInto('registry_entities')
        .values({
          id: registryEntityId,
          kind: 'website',
          display_name: '矩阵登记对象',
          status: 'suspected',
          merged_into: null,
          attributes: '{}',
          created_by: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        })
        .execute();
    }, 120_000);
    afterAll(() => t.close());

    it('has a row for every API route, and a route for every row', () => {
      const routes = t.app.qinglang.routes.map((r) => `${r.method} ${r.url}`).sort();
      expect(routes).toEqual(Object.keys(ROWS).sort());
      for (const route of t.app.qinglang.routes)
        expect(route.auth === 'public', route.url).toBe(PUBLIC_ROUTES.has(`${route.method} ${route.url}`));
    });

    for (const [key, row] of Object.entries(ROWS)) {
      const [method] = key.split(' ') as [string];
      it(`${key}`, async () => {
        const failures: string[] = [];
        const anyContext = contexts.get(CALLERS[0]!.label)!;
        const check = async (label: string, caller: Caller | null, scope: Scope, headers: Record<string, string>, ctx: Context) => {
          const { url, payload } = row.request(ctx, scope);
          const response = await t.app.inject({
            method: method as 'GET',
            url,
            headers,
            ...(payload !== undefined ? { payload: payload as object } : {}),
          });
          const expected = row.expect(caller, scope);
          if (response.statusCode !== expected)
            failures.push(`${label} ${scope}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
          // Denials never say more than their problem.
          if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/problem\+json/);
        };
        for (const scope of ['own', 'other'] as const) {
          const anonymous = { ...anyContext, reportId, session: anyContext.user.session };
          await check('anonymous', null, scope, {}, anonymous);
          if (!PUBLIC_ROUTES.has(key)) {
            // An API token is no session: staff routes refuse it; the routes open to organizations' systems apply their own rules.
            const tokenRequest = row.request(anonymous, scope);
            const response = await t.app.inject({
              method: method as 'GET',
              url: tokenRequest.url,
              headers: { authorization: `Bearer ${apiToken}` },
              ...(tokenRequest.payload !== undefined ? { payload: tokenRequest.payload as object } : {}),
            });
            const expected = row.token ?? 401;
            if (response.statusCode !== expected) failures.push(`api token ${scope}: expected ${expected}, got ${response.statusCode}`);
          }
          for (const caller of CALLERS) {
            const { own, other, user, ownCaseId, otherCaseId } = contexts.get(caller.label)!;
            // A fresh session per check: some routes end the session they are called with.
            const session = await openSession(t.app, user.id);
            await check(caller.label, PUBLIC_ROUTES.has(key) ? null : caller, scope, session.headers, {
              reportId,
              own,
              other,
              session,
              ownCaseId,
              otherCaseId,
            });
          }
        }
        expect(failures, failures.join('\n')).toEqual([]);
      });
    }

    it('an auditor reads the events of their own organization and below, not of another', async () => {
      const { own, other, user } = contexts.get('auditor')!;
      const session = await openSession(t.app, user.id);
      const read = async (orgId: string) =>
        (await t.app.inject({ method: 'GET', url: `/api/v1/audit/events?objectId=${orgId}`, headers: session.headers })).json();
      const ownEvents = await read(own.org.id);
      expect(ownEvents.items.map((e: { action: string }) => e.action)).toContain('organization.created');
      expect(ownEvents.head.seq).toBeGreaterThan(0);
      expect((await read(other.org.id)).items).toEqual([]);
    });

    it('the organization list shows an admin of a website their own subtree only, and agencies the agency directory', async () => {
      const list = async (label: string) => {
        const session = await openSession(t.app, contexts.get(label)!.user.id);
        const body = (await t.app.inject({ method: 'GET', url: '/api/v1/organizations', headers: session.headers })).json();
        return (body.items as { id: string; kind: string }[]).map((o) => o.id);
      };
      const website = contexts.get('admin@website')!;
      const websiteView = await list('admin@website');
      expect(websiteView).toContain(website.own.org.id);
      expect(websiteView).not.toContain(website.other.org.id);
      expect(websiteView).not.toContain(root.id);
      const regulatorView = await list('analyst');
      expect(regulatorView).toContain(root.id);
      expect(regulatorView).not.toContain(website.own.org.id);
    });
  });
}
