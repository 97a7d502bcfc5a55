import type { Kysely, Selectable } from 'kysely';
import { isValidUscc } from '../../../contracts/uscc';
import type { DatabaseDialect } from '../../config';
import type { Database, EnterpriseRepresentativesTable } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { maskNationalId, maskPhone, normalizeNationalId } from '../indicators/national-id';
import { normalizeIndicator } from '../indicators/normalize';
import { beijingDate } from '../cases/deadlines';
import { type EnterpriseRef, protectionPolicy } from './protection.policy';
import * as repo from './protection.repository';
import { decideVerification, nameKey } from './verification';

export interface ProtectionDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** Keyed hash of a normalized identifier (`national_id`, `phone`): matched, never read back. */
  hashIdentifier: (type: 'national_id' | 'phone', normalized: string) => string;
}

export interface RepresentativeInput {
  name: string;
  title?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  validUntil?: string | undefined;
}

export interface VerifyInput {
  uscc: string;
  name: string;
  idNumber?: string | undefined;
  phone?: string | undefined;
}

function presentRepresentative(row: Selectable<EnterpriseRepresentativesTable>) {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    idNumberMasked: row.id_masked,
    phoneMasked: row.phone_masked,
    validUntil: row.valid_until,
    status: row.status,
    createdAt: toIsoString(row.created_at),
    revokedAt: row.revoked_at === null ? null : toIsoString(row.revoked_at),
    revokedReason: row.revoked_reason,
  };
}

/**
 * Enterprise protection (mechanism 3): an enterprise names who may speak for it, a regulator assigns
 * it a liaison, and websites ask whether a requester claiming to act for it really may — answered
 * yes, no or unknown and nothing more, each question audited.
 */
export class ProtectionService {
  constructor(private readonly deps: ProtectionDeps) {}

  private async audit(trx: Kysely<Database>, actor: Actor, action: string, objectType: string, objectId: string, summary: object) {
    await appendAuditEvents(trx, this.deps.dialect, [{ ...auditActor(actor), action, objectType, objectId, summary: { ...summary } }]);
  }

  /** The enterprise as the actor may see it; "not found" otherwise (and for organizations that are not enterprises). */
  private async visibleEnterprise(actor: Actor, orgId: string) {
    const enterprise = await repo.findEnterprise(this.deps.db, orgId);
    const liaison = enterprise ? await repo.findLiaison(this.deps.db, orgId) : undefined;
    if (!enterprise || !protectionPolicy.read(actor, enterprise, liaison?.liaison_user_id ?? null)) throw new ProblemError('not_found');
    return { enterprise, liaison };
  }

  async enterprise(actor: Actor, orgId: string) {
    const { enterprise, liaison } = await this.visibleEnterprise(actor, orgId);
    const representatives = await repo.listRepresentatives(this.deps.db, [orgId]);
    return {
      enterprise: { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc, regionCode: enterprise.region_code },
      liaison: liaison
        ? {
            userId: liaison.liaison_user_id,
            name: liaison.display_name,
            email: liaison.email,
            orgName: liaison.org_name,
            assignedAt: toIsoString(liaison.assigned_at),
          }
        : null,
      representatives: representatives.map(presentRepresentative),
      canManage: protectionPolicy.manage(actor, enterprise),
    };
  }

  async addRepresentative(actor: Actor, orgId: string, input: RepresentativeInput) {
    const { enterprise } = await this.visibleEnterprise(actor, orgId);
    if (!protectionPolicy.manage(actor, enterprise)) throw new ProblemError('forbidden');
    const problems: FieldProblem[] = [];
    const idNumber = input.idNumber?.trim() ? normalizeNationalId(input.idNumber) : null;
    if (input.idNumber?.trim() && !idNumber) problems.push({ field: 'idNumber', key: 'nationalId' });
    const phone = input.phone?.trim() ? normalizeIndicator('phone', input.phone) : null;
    if (input.phone?.trim() && !phone) problems.push({ field: 'phone', key: 'phone' });
    if (!input.idNumber?.trim() && !input.phone?.trim()) problems.push({ field: 'idNumber', key: 'identifierRequired' });
    if (input.validUntil && input.validUntil < beijingDate(new Date())) problems.push({ field: 'validUntil', key: 'dueInPast' });
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });

    const id = uuidv7();
    const row = {
      id,
      org_id: orgId,
      name: input.name.trim(),
      name_key: nameKey(input.name),
      title: input.title?.trim() || null,
      id_hash: idNumber ? this.deps.hashIdentifier('national_id', idNumber) : null,
      id_masked: idNumber ? maskNationalId(idNumber) : null,
      phone_hash: phone ? this.deps.hashIdentifier('phone', phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
      valid_until: input.validUntil ?? null,
      status: 'active',
      created_by: auditActor(actor).actorId,
      created_at: new Date().toISOString(),
      revoked_by: null,
      revoked_at: null,
      revoked_reason: null,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.insertRepresentative(trx, row);
      await this.audit(trx, actor, 'representative.added', 'enterprise_representative', id, {
        enterpriseId: orgId,
        idNumber: row.id_masked,
        phone: row.phone_masked,
        validUntil: row.valid_until,
      });
    });
    return presentRepresentative(row);
  }

  async revokeRepresentative(actor: Actor, representativeId: string, reason: string) {
    const found = await repo.findRepresentative(this.deps.db, representativeId);
    if (!found) throw new ProblemError('not_found');
    const { enterprise } = await this.visibleEnterprise(actor, found.org_id);
    if (!protectionPolicy.manage(actor, enterprise)) throw new ProblemError('forbidden');
    const at = new Date().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      const changed = await repo.revokeRepresentative(trx, representativeId, auditActor(actor).actorId, at, reason.trim());
      if (changed === 0) throw new ProblemError('conflict');
      await this.audit(trx, actor, 'representative.revoked', 'enterprise_representative', representativeId, {
        enterpriseId: found.org_id,
        reason: reason.trim(),
      });
    });
    return presentRepresentative((await repo.findRepresentative(this.deps.db, representativeId))!);
  }

  /** Assigns the regulator's liaison: a person at a regulator the enterprise is under. */
  async assignLiaison(actor: Actor, orgId: string, userId: string) {
    const { enterprise } = await this.visibleEnterprise(actor, orgId);
    if (!protectionPolicy.assignLiaison(actor, enterprise)) throw new ProblemError('forbidden');
    const user = await repo.findUserWithOrg(this.deps.db, userId);
    if (
      !user ||
      user.status !== 'active' ||
      user.org_kind !== 'regulator' ||
      !enterprise.path.startsWith(user.org_path) ||
      user.org_id === orgId
    )
      throw new ProblemError('validation', { fields: [{ field: 'userId', key: 'liaisonNotEligible' }] });
    await this.deps.db.transaction().execute(async (trx) => {
      await repo.upsertLiaison(trx, {
        enterprise_org_id: orgId,
        liaison_user_id: userId,
        assigned_by: auditActor(actor).actorId,
        assigned_at: new Date().toISOString(),
      });
      await this.audit(trx, actor, 'enterprise.liaison_assigned', 'organization', orgId, { liaisonUserId: userId });
    });
    return this.enterprise(actor, orgId);
  }

  /**
   * Whether a requester may act for the enterprise with this credit code. Answers only yes, no or
   * unknown; the question is audited with which identifiers were given, never their values.
   */
  async verify(actor: Actor, input: VerifyInput): Promise<{ answer: 'yes' | 'no' | 'unknown' }> {
    if (!protectionPolicy.verify(actor)) throw new ProblemError('forbidden');
    const problems: FieldProblem[] = [];
    const uscc = input.uscc.trim().toUpperCase();
    if (!isValidUscc(uscc)) problems.push({ field: 'uscc', key: 'uscc' });
    const idNumber = input.idNumber?.trim() ? normalizeNationalId(input.idNumber) : null;
    if (input.idNumber?.trim() && !idNumber) problems.push({ field: 'idNumber', key: 'nationalId' });
    const phone = input.phone?.trim() ? normalizeIndicator('phone', input.phone) : null;
    if (input.phone?.trim() && !phone) problems.push({ field: 'phone', key: 'phone' });
    if (!input.idNumber?.trim() && !input.phone?.trim()) problems.push({ field: 'idNumber', key: 'identifierRequired' });
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });

    const enterprises = await repo.findEnterprisesByUscc(this.deps.db, uscc);
    const representatives =
      enterprises.length === 0
        ? null
        : (
            await repo.listRepresentatives(
              this.deps.db,
              enterprises.map((e) => e.id),
              true,
            )
          ).map((r) => ({
            nameKey: r.name_key,
            idHash: r.id_hash,
            phoneHash: r.phone_hash,
            status: r.status,
            validUntil: r.valid_until,
          }));
    const answer = decideVerification(
      representatives,
      {
        nameKey: nameKey(input.name),
        idHash: idNumber ? this.deps.hashIdentifier('national_id', idNumber) : null,
        phoneHash: phone ? this.deps.hashIdentifier('phone', phone) : null,
      },
      beijingDate(new Date()),
    );
    await this.deps.db.transaction().execute(async (trx) => {
      await this.audit(trx, actor, 'protection.verified', 'organization', enterprises[0]?.id ?? uscc, {
        uscc,
        answer,
        gave: ['name', ...(idNumber ? ['idNumber'] : []), ...(phone ? ['phone'] : [])],
      });
    });
    return { answer };
  }
}

export type EnterpriseProtection = Awaited<ReturnType<ProtectionService['enterprise']>>;
export type { EnterpriseRef };
