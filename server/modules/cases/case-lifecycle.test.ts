import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { ROLES } from '../../../contracts/orgs';
import { CASE_ACTIONS, TRANSITIONS, availableActions, decideTransition } from './case-lifecycle';

describe('case lifecycle', () => {
  it('walks the whole path of DESIGN.md with the right people', () => {
    const path = [
      { action: 'route', status: 'triage', roles: ['triage_officer'], atTriage: true, atLead: false, to: 'assigned' },
      { action: 'accept', status: 'assigned', roles: ['case_officer'], atTriage: false, atLead: true, to: 'accepted' },
      { action: 'investigate', status: 'accepted', roles: ['case_officer'], atTriage: false, atLead: true, to: 'investigating' },
      {
        action: 'dispose',
        status: 'investigating',
        roles: ['case_officer'],
        atTriage: false,
        atLead: true,
        legalBasis: '网络安全法第四十七条',
        to: 'disposing',
      },
      {
        action: 'conclude',
        status: 'disposing',
        roles: ['agency_lead'],
        atTriage: false,
        atLead: true,
        reason: '已删除',
        legalBasis: '同上',
        to: 'concluded',
      },
      { action: 'close', status: 'concluded', roles: ['agency_lead'], atTriage: false, atLead: true, to: 'closed' },
      { action: 'reopen', status: 'closed', roles: ['agency_lead'], atTriage: false, atLead: true, reason: '新线索', to: 'investigating' },
    ] as const;
    for (const step of path) {
      const result = decideTransition(step);
      expect(result, step.action).toMatchObject({ ok: true, to: step.to });
    }
  });

  it('says why a transition is refused', () => {
    const base = { roles: ['case_officer'] as const, atTriage: false, atLead: true };
    expect(decideTransition({ ...base, action: 'accept', status: 'triage' })).toEqual({ ok: false, refusal: 'not_from_this_status' });
    expect(decideTransition({ ...base, action: 'accept', status: 'assigned', atLead: false })).toEqual({
      ok: false,
      refusal: 'not_your_case',
    });
    expect(decideTransition({ ...base, action: 'close', status: 'concluded' })).toEqual({ ok: false, refusal: 'role_not_allowed' });
    expect(decideTransition({ ...base, action: 'return', status: 'assigned', reason: '  ' })).toEqual({
      ok: false,
      refusal: 'reason_required',
    });
    expect(decideTransition({ ...base, action: 'conclude', status: 'investigating', reason: '办结' })).toEqual({
      ok: false,
      refusal: 'legal_basis_required',
    });
    // A triage officer cannot accept a case for an agency, even holding the right status.
    expect(decideTransition({ action: 'accept', status: 'assigned', roles: ['triage_officer'], atTriage: true, atLead: false })).toEqual({
      ok: false,
      refusal: 'not_your_case',
    });
  });

  it('never moves a case except by a listed transition, and offers exactly the actions that would succeed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CASE_ACTIONS),
        fc.constantFrom(...CASE_STATUSES),
        fc.subarray([...ROLES]),
        fc.boolean(),
        fc.boolean(),
        (action, status, roles, atTriage, atLead) => {
          const result = decideTransition({ action, status, roles, atTriage, atLead, reason: 'r', legalBasis: 'l' });
          const listed = TRANSITIONS.some((t) => t.action === action && t.from.includes(status));
          if (result.ok) expect(listed).toBe(true);
          expect(availableActions(status, roles, atTriage, atLead).includes(action)).toBe(result.ok);
        },
      ),
    );
  });

  it('lets nothing leave a closed case but reopening', () => {
    const fromClosed = TRANSITIONS.filter((t) => t.from.includes('closed')).map((t) => t.action);
    expect(fromClosed).toEqual(['reopen']);
  });
});
