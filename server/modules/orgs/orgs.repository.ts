import { type Kysely, sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { ApiTokensTable, ApiTokenRow, Database, OrganizationRow, OrganizationsTable, UserRow, UsersTable } from '../../db/schema';

type Db = Kysely<Database>;

/** An organization row as stored. */
export type Organization = OrganizationRow;

/** A user with their roles and their organization's path and kind, as policies need them. */
export interface UserWithRoles extends UserRow {
  roles: string[];
  org_path: string;
  org_kind: string;
  org_name: string;
  org_status: string;
}

export async function insertOrganization(db: Db, row: Insertable<OrganizationsTable>): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export async function findOrganization(db: Db, id: string): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Organizations whose path starts with the prefix (a subtree), optionally filtered. */
export async function listOrganizations(
  db: Db,
  filter: { pathPrefix?: string; kind?: string; q?: string; limit: number },
): Promise<Organization[]> {
  let query = db.selectFrom('organizations').selectAll();
  if (filter.pathPrefix) query = query.where('path', 'like', `${filter.pathPrefix}%`);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.q) query = query.where(sql<boolean>`name like ${`%${escapeLike(filter.q)}%`} escape '\\'`);
  return query.orderBy('path').limit(filter.limit).execute();
}

export async function updateOrganization(db: Db, id: string, changes: Updateable<OrganizationsTable>): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

const userColumns = [
  'users.id',
  'users.org_id',
  'users.email',
  'users.display_name',
  'users.status',
  'users.password_hash',
  'users.password_changed_at',
  'users.totp_sealed',
  'users.totp_enrolled_at',
  'users.totp_last_step',
  'users.failed_logins',
  'users.locked_until',
  'users.last_login_at',
  'users.created_at',
  'users.updated_at',
] as const;

async function withRoles(db: Db, users: (UserRow & { org_path: string; org_kind: string; org_name: string; org_status: string })[]) {
  if (users.length === 0) return [];
  const roles = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .execute();
  const byUser = new Map<string, string[]>();
  for (const r of roles) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.role]);
  return users.map((u) => ({ ...u, roles: (byUser.get(u.id) ?? []).sort() }));
}

function usersQuery(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      ...userColumns,
      'organizations.path as org_path',
      'organizations.kind as org_kind',
      'organizations.name as org_name',
      'organizations.status as org_status',
    ]);
}

export async function findUser(db: Db, id: string): Promise<UserWithRoles | undefined> {
  const row = await usersQuery(db).where('users.id', '=', id).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserWithRoles | undefined> {
  const row = await usersQuery(db).where('users.email', '=', email).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

/** Users of one organization, or of a subtree. */
export async function listUsers(db: Db, filter: { orgId?: string; pathPrefix?: string; limit: number }): Promise<UserWithRoles[]> {
  let query = usersQuery(db);
  if (filter.orgId) query = query.where('users.org_id', '=', filter.orgId);
  if (filter.pathPrefix) query = query.where('organizations.path', 'like', `${filter.pathPrefix}%`);
  const rows = await query.orderBy('users.created_at').limit(filter.limit).execute();
  return withRoles(db, rows);
}

export async function insertUser(db: Db, row: Insertable<UsersTable>, roles: string[]): Promise<void> {
  await db.insertInto('users').values(row).execute();
  await setUserRoles(db, row.id, roles);
}

export async function updateUser(db: Db, id: string, changes: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function setUserRoles(db: Db, userId: string, roles: string[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0)
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
}

export async function insertInvitation(
  db: Db,
  row: { token_hash: string; user_id: string; created_by: string | null; created_at: string; expires_at: string },
): Promise<void> {
  // One live invitation per user: issuing a new link voids the older ones.
  await db.deleteFrom('invitations').where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
  await db
    .insertInto('invitations')
    .values({ ...row, used_at: null })
    .execute();
}

export async function insertApiToken(db: Db, row: Insertable<ApiTokensTable>): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function listApiTokens(db: Db, orgId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
}

export async function findApiToken(db: Db, id: string): Promise<(ApiTokenRow & { org_path: string }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .innerJoin('organizations', 'organizations.id', 'api_tokens.org_id')
    .selectAll('api_tokens')
    .select('organizations.path as org_path')
    .where('api_tokens.id', '=', id)
    .executeTakeFirst();
}

export async function revokeApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Escapes LIKE wildcards in user input so a search for "100%" means the text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
