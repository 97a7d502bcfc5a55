import { AGENCY_KINDS } from '../../../contracts/orgs';
import { type Actor, hasRole, isWithinOrg } from '../auth/principal';

/** The website a request belongs to, as policies need it. */
export interface WebsiteRef {
  websiteOrgId: string;
  websitePath: string;
  websiteRegionCode: string;
}

/** Agency roles that read the deletion logs of the websites below their organization. */
const REGIONAL_READERS = ['agency_lead', 'case_officer', 'analyst', 'triage_officer', 'auditor', 'supervisor'] as const;

/** A region code's meaningful prefix: `330100` covers `3301xx`, `330000` covers `33xxxx`. */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

/**
 * Who may do what with a website's deletion requests. The website's compliance officers and
 * administrators work the log; its systems write with a `deletion_requests:write` token; agency staff
 * above the website and supervisors of its region read it (mechanism 8).
 */
export const platformsPolicy = {
  /** Acts for the website: its people in the workbench. */
  works(actor: Actor, websiteOrgId: string): boolean {
    return (
      actor.kind === 'user' && actor.orgId === websiteOrgId && actor.orgKind === 'website' && hasRole(actor, 'website_compliance', 'admin')
    );
  },
  /** Files requests into the website's log: its people, or its system with the scope. */
  creates(actor: Actor, websiteOrgId: string): boolean {
    if (actor.kind === 'token')
      return actor.orgId === websiteOrgId && actor.orgKind === 'website' && actor.scopes.includes('deletion_requests:write');
    return this.works(actor, websiteOrgId);
  },
  /** Whether the actor has a regional (cross-website) view at all. */
  regional(actor: Actor): boolean {
    return actor.kind === 'user' && AGENCY_KINDS.includes(actor.orgKind) && hasRole(actor, ...REGIONAL_READERS);
  },
  /** Reads one request, or a website's log. */
  reads(actor: Actor, website: WebsiteRef, actorRegionCode: string | null): boolean {
    if (actor.kind === 'system') return true;
    if (actor.kind === 'token') return actor.orgId === website.websiteOrgId && actor.scopes.includes('deletion_requests:write');
    if (this.works(actor, website.websiteOrgId)) return true;
    if (!this.regional(actor) || actor.kind !== 'user') return false;
    if (isWithinOrg(actor, website.websitePath)) return true;
    return hasRole(actor, 'supervisor') && actorRegionCode !== null && website.websiteRegionCode.startsWith(regionPrefix(actorRegionCode));
  },
};
