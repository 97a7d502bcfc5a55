import type { Insertable, Kysely } from 'kysely';
import type { AdmissibilityCriteriaVersionsTable, Database, LegalProvisionsTable } from '../../db/schema';

type Db = Kysely<Database>;

/** The newest version of every provision, by code. */
export async function listCurrentProvisions(db: Db) {
  return db
    .selectFrom('legal_provisions as p')
    .selectAll('p')
    .where(({ eb, selectFrom }) =>
      eb(
        'p.version',
        '=',
        selectFrom('legal_provisions as q')
          .select((q) => q.fn.max('q.version').as('v'))
          .whereRef('q.code', '=', 'p.code'),
      ),
    )
    .orderBy('p.code')
    .execute();
}

/** Every version of one provision, newest first. */
export async function listProvisionVersions(db: Db, code: string) {
  return db.selectFrom('legal_provisions').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
}

export async function knownProvisionCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('legal_provisions').select('code').distinct().execute();
  return new Set(rows.map((r) => r.code));
}

export async function insertProvision(trx: Db, row: Insertable<LegalProvisionsTable>): Promise<void> {
  await trx.insertInto('legal_provisions').values(row).execute();
}

export async function latestCriteria(db: Db) {
  return db.selectFrom('admissibility_criteria_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function listCriteriaVersions(db: Db) {
  return db
    .selectFrom('admissibility_criteria_versions')
    .select(['version', 'sha256', 'change_reason', 'created_by', 'created_at'])
    .orderBy('version', 'desc')
    .execute();
}

export async function insertCriteriaVersion(trx: Db, row: Insertable<AdmissibilityCriteriaVersionsTable>): Promise<void> {
  await trx.insertInto('admissibility_criteria_versions').values(row).execute();
}
