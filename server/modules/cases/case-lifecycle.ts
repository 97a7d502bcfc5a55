import type { Role } from '../../../contracts/orgs';
import { CASE_ACTIONS, type CaseAction, type CaseStatus } from '../../../contracts/cases-lifecycle';

/** Who may take a transition: someone at the reporting centre that routes cases, or at the case's lead agency. */
export type TransitionActor = 'triage' | 'lead';

/** One allowed move of a case's status. */
export interface Transition {
  action: CaseAction;
  from: readonly CaseStatus[];
  to: CaseStatus;
  by: TransitionActor;
  roles: readonly Role[];
  /** A reason in words is required (kept on the timeline, shown to the other agencies). */
  needsReason: boolean;
  /** A legal basis is required: the transition decides something. */
  needsLegalBasis: boolean;
}

export { CASE_ACTIONS, type CaseAction };

const TRIAGE_ROLES: readonly Role[] = ['triage_officer'];
const OFFICER_ROLES: readonly Role[] = ['case_officer', 'agency_lead'];
const LEAD_ROLES: readonly Role[] = ['agency_lead'];

/**
 * The case lifecycle of DESIGN.md as data: triage → assigned → accepted | returned → investigating →
 * disposing → concluded → closed, reopen allowed. Nothing moves a case except these rows.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'route', from: ['triage'], to: 'assigned', by: 'triage', roles: TRIAGE_ROLES, needsReason: false, needsLegalBasis: false },
  { action: 'accept', from: ['assigned'], to: 'accepted', by: 'lead', roles: OFFICER_ROLES, needsReason: false, needsLegalBasis: false },
  { action: 'return', from: ['assigned'], to: 'returned', by: 'lead', roles: OFFICER_ROLES, needsReason: true, needsLegalBasis: false },
  { action: 'reroute', from: ['returned'], to: 'assigned', by: 'triage', roles: TRIAGE_ROLES, needsReason: true, needsLegalBasis: false },
  {
    action: 'transfer',
    from: ['assigned', 'accepted', 'investigating'],
    to: 'assigned',
    by: 'lead',
    roles: LEAD_ROLES,
    needsReason: true,
    needsLegalBasis: false,
  },
  {
    action: 'investigate',
    from: ['accepted'],
    to: 'investigating',
    by: 'lead',
    roles: OFFICER_ROLES,
    needsReason: false,
    needsLegalBasis: false,
  },
  {
    action: 'dispose',
    from: ['investigating'],
    to: 'disposing',
    by: 'lead',
    roles: OFFICER_ROLES,
    needsReason: false,
    needsLegalBasis: true,
  },
  {
    action: 'conclude',
    from: ['investigating', 'disposing'],
    to: 'concluded',
    by: 'lead',
    roles: OFFICER_ROLES,
    needsReason: true,
    needsLegalBasis: true,
  },
  { action: 'close', from: ['concluded'], to: 'closed', by: 'lead', roles: LEAD_ROLES, needsReason: false, needsLegalBasis: false },
  {
    action: 'reopen',
    from: ['concluded', 'closed'],
    to: 'investigating',
    by: 'lead',
    roles: LEAD_ROLES,
    needsReason: true,
    needsLegalBasis: false,
  },
];

/** Why a transition is refused, as a stable code. */
export type TransitionRefusal = 'not_from_this_status' | 'not_your_case' | 'role_not_allowed' | 'reason_required' | 'legal_basis_required';

export interface TransitionRequest {
  action: CaseAction;
  status: CaseStatus;
  /** The actor's roles and whether they act for the routing centre or the lead agency of this case. */
  roles: readonly Role[];
  atTriage: boolean;
  atLead: boolean;
  reason?: string | null;
  legalBasis?: string | null;
}

/** Decides a transition: the new status, or why not. Pure. */
export function decideTransition(
  request: TransitionRequest,
): { ok: true; to: CaseStatus; transition: Transition } | { ok: false; refusal: TransitionRefusal } {
  const transition = TRANSITIONS.find((t) => t.action === request.action);
  if (!transition || !transition.from.includes(request.status)) return { ok: false, refusal: 'not_from_this_status' };
  const where = transition.by === 'triage' ? request.atTriage : request.atLead;
  if (!where) return { ok: false, refusal: 'not_your_case' };
  if (!request.roles.some((role) => transition.roles.includes(role))) return { ok: false, refusal: 'role_not_allowed' };
  if (transition.needsReason && !request.reason?.trim()) return { ok: false, refusal: 'reason_required' };
  if (transition.needsLegalBasis && !request.legalBasis?.trim()) return { ok: false, refusal: 'legal_basis_required' };
  return { ok: true, to: transition.to, transition };
}

/** The actions someone could take on a case now (for the buttons the workbench shows). */
export function availableActions(status: CaseStatus, roles: readonly Role[], atTriage: boolean, atLead: boolean): CaseAction[] {
  return TRANSITIONS.filter(
    (t) => t.from.includes(status) && (t.by === 'triage' ? atTriage : atLead) && roles.some((role) => t.roles.includes(role)),
  ).map((t) => t.action);
}

/** Statuses in which a case is still being worked (counts towards deadlines and overdue lists). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['triage', 'assigned', 'returned', 'accepted', 'investigating', 'disposing'];
