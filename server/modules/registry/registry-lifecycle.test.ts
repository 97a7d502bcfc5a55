import { describe, expect, it } from 'vitest';
import { ENTITY_STATUSES } from '../../../contracts/registry';
import { ROLES } from '../../../contracts/orgs';
import { STATUS_CHANGES, availableStatusChanges, decideStatusChange } from './registry-lifecycle';

const ok = { reason: '多次收费删帖，证据确凿', legalBasis: '《网络信息内容生态治理规定》第十条' };

describe('registry status lifecycle', () => {
  it('lets only an agency lead confirm or clear', () => {
    for (const role of ROLES) {
      const decision = decideStatusChange({ from: 'suspected', to: 'confirmed', roles: [role], ...ok });
      expect(decision.ok, role).toBe(role === 'agency_lead');
      if (!decision.ok) expect(decision.refusal).toBe('role_not_allowed');
    }
    expect(decideStatusChange({ from: 'confirmed', to: 'cleared', roles: ['agency_lead'], ...ok })).toEqual({ ok: true });
    expect(decideStatusChange({ from: 'suspected', to: 'cleared', roles: ['analyst'], ...ok })).toEqual({
      ok: false,
      refusal: 'role_not_allowed',
    });
  });

  it('reopens a cleared entity as suspected by an analyst or a lead', () => {
    expect(decideStatusChange({ from: 'cleared', to: 'suspected', roles: ['analyst'], ...ok })).toEqual({ ok: true });
    expect(decideStatusChange({ from: 'cleared', to: 'suspected', roles: ['case_officer'], ...ok })).toEqual({
      ok: false,
      refusal: 'role_not_allowed',
    });
  });

  it('refuses moves that are not in the table, including staying put and going back from confirmed', () => {
    for (const from of ENTITY_STATUSES)
      for (const to of ENTITY_STATUSES) {
        const listed = STATUS_CHANGES.some((c) => c.from === from && c.to === to);
        const decision = decideStatusChange({ from, to, roles: ['agency_lead', 'analyst'], ...ok });
        expect(decision.ok, `${from} → ${to}`).toBe(listed);
        if (!listed) expect(decision).toEqual({ ok: false, refusal: 'not_from_this_status' });
      }
    expect(decideStatusChange({ from: 'confirmed', to: 'suspected', roles: ['agency_lead'], ...ok }).ok).toBe(false);
  });

  it('needs a reason and a legal basis that are not blank', () => {
    expect(
      decideStatusChange({ from: 'suspected', to: 'confirmed', roles: ['agency_lead'], reason: '  ', legalBasis: ok.legalBasis }),
    ).toEqual({
      ok: false,
      refusal: 'reason_required',
    });
    expect(decideStatusChange({ from: 'suspected', to: 'confirmed', roles: ['agency_lead'], reason: ok.reason, legalBasis: null })).toEqual(
      {
        ok: false,
        refusal: 'legal_basis_required',
      },
    );
  });

  it('offers each role the moves it may make', () => {
    expect(availableStatusChanges('suspected', ['agency_lead'])).toEqual(['confirmed', 'cleared']);
    expect(availableStatusChanges('suspected', ['analyst'])).toEqual([]);
    expect(availableStatusChanges('cleared', ['analyst'])).toEqual(['suspected']);
  });
});
