import type { Insertable, Kysely } from 'kysely';
import type { Database, EnterpriseRepresentativesTable } from '../../db/schema';

type Db = Kysely<Database>;

export async function findEnterprise(db: Db, orgId: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'kind', 'path', 'uscc', 'region_code', 'status'])
    .where('id', '=', orgId)
    .where('kind', '=', 'enterprise')
    .executeTakeFirst();
}

export async function findEnterprisesByUscc(db: Db, uscc: string) {
  return db.selectFrom('organizations').select(['id', 'path', 'kind']).where('uscc', '=', uscc).where('kind', '=', 'enterprise').execute();
}

export async function findLiaison(db: Db, orgId: string) {
  return db
    .selectFrom('enterprise_liaisons as l')
    .innerJoin('users as u', 'u.id', 'l.liaison_user_id')
    .innerJoin('organizations as o', 'o.id', 'u.org_id')
    .select(['l.liaison_user_id', 'l.assigned_at', 'u.display_name', 'u.email', 'o.name as org_name'])
    .where('l.enterprise_org_id', '=', orgId)
    .executeTakeFirst();
}

export async function listRepresentatives(db: Db, orgIds: string[], onlyActive = false) {
  if (orgIds.length === 0) return [];
  let query = db.selectFrom('enterprise_representatives').selectAll().where('org_id', 'in', orgIds);
  if (onlyActive) query = query.where('status', '=', 'active');
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findRepresentative(db: Db, id: string) {
  return db.selectFrom('enterprise_representatives').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRepresentative(trx: Db, row: Insertable<EnterpriseRepresentativesTable>): Promise<void> {
  await trx.insertInto('enterprise_representatives').values(row).execute();
}

export async function revokeRepresentative(trx: Db, id: string, by: string | null, at: string, reason: string): Promise<number> {
  const result = await trx
    .updateTable('enterprise_representatives')
    .set({ status: 'revoked', revoked_by: by, revoked_at: at, revoked_reason: reason })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findUserWithOrg(db: Db, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.status', 'u.display_name', 'o.id as org_id', 'o.kind as org_kind', 'o.path as org_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function upsertLiaison(
  trx: Db,
  row: { enterprise_org_id: string; liaison_user_id: string; assigned_by: string | null; assigned_at: string },
) {
  await trx.deleteFrom('enterprise_liaisons').where('enterprise_org_id', '=', row.enterprise_org_id).execute();
  await trx.insertInto('enterprise_liaisons').values(row).execute();
}
