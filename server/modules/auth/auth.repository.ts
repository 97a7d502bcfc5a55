import { type Kysely, sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Database, SessionRow, SessionsTable } from '../../db/schema';

type Db = Kysely<Database>;

/** A session with what a request needs to know about its user and organization, in one query. */
export interface ActiveSession extends SessionRow {
  email: string;
  display_name: string;
  user_status: string;
  totp_sealed: string | null;
  org_id: string;
  org_path: string;
  org_kind: string;
  org_status: string;
}

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<ActiveSession | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .selectAll('sessions')
    .select([
      'users.email',
      'users.display_name',
      'users.status as user_status',
      'users.totp_sealed',
      'users.org_id',
      'organizations.path as org_path',
      'organizations.kind as org_kind',
      'organizations.status as org_status',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function rolesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function touchSession(db: Db, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function setSessionSecondFactor(db: Db, id: string, secondFactor: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor: secondFactor }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsOfUser(db: Db, userId: string, exceptId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessionsOfUser(db: Db, userId: string, now: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts a failed sign-in and locks the account with back-off from the fifth failure in a row. */
export async function recordFailedLogin(db: Db, userId: string, now: Date): Promise<number> {
  await db
    .updateTable('users')
    .set({ failed_logins: sql`failed_logins + 1` })
    .where('id', '=', userId)
    .execute();
  const row = await db.selectFrom('users').select('failed_logins').where('id', '=', userId).executeTakeFirstOrThrow();
  const failures = Number(row.failed_logins);
  if (failures >= LOCKOUT_THRESHOLD) {
    const minutes = Math.min(LOCKOUT_MAX_MINUTES, 2 ** (failures - LOCKOUT_THRESHOLD));
    await db
      .updateTable('users')
      .set({ locked_until: new Date(now.getTime() + minutes * 60_000).toISOString() })
      .where('id', '=', userId)
      .execute();
  }
  return failures;
}

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MAX_MINUTES = 60;

export async function findInvitation(db: Db, tokenHash: string) {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks an invitation used; answers false when someone else used it first. */
export async function useInvitation(db: Db, tokenHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length > 0)
    await db
      .insertInto('recovery_codes')
      .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
      .execute();
}

/** Spends one recovery code; answers false when it is unknown or already used. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findActiveApiToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('organizations', 'organizations.id', 'api_tokens.org_id')
    .selectAll('api_tokens')
    .select(['organizations.path as org_path', 'organizations.kind as org_kind', 'organizations.status as org_status'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
