import { type Actor, type UserPrincipal, hasRole } from '../auth/principal';

/**
 * Who may file and follow reports from an enterprise's desk (mechanism 3): the enterprise's own
 * signed-in people (its administrators and liaisons), for their own enterprise only. Everyone else,
 * the regulator's staff included (they see the report in triage), gets "not found" here.
 */
export const enterpriseReportsPolicy = {
  /** The enterprise's own user, who files reports for it. */
  file(actor: Actor): actor is UserPrincipal {
    return actor.kind === 'user' && actor.orgKind === 'enterprise' && hasRole(actor, 'admin', 'enterprise_liaison');
  },
  read(actor: Actor, report: { enterprise_org_id: string | null }): boolean {
    return enterpriseReportsPolicy.file(actor) && report.enterprise_org_id !== null && report.enterprise_org_id === actor.orgId;
  },
};
