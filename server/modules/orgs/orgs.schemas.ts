import Type, { type Static } from 'typebox';
import { ORG_KINDS, REGION_CODE_PATTERN, ROLES, TOKEN_SCOPES } from '../../../contracts/orgs';
import { StringEnum } from '../../http/schema-helpers';

const Id = Type.String({ minLength: 1, maxLength: 64 });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

const RegionCode = Type.String({ pattern: REGION_CODE_PATTERN, description: 'Six-digit administrative division code (GB/T 2260)' });
const Domains = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 50 });
const IcpNumbers = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 });
const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'Unified social credit code' });

export const OrganizationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: StringEnum(ORG_KINDS),
    parentId: Type.Union([Type.String(), Type.Null()]),
    regionCode: Type.String(),
    domains: Type.Array(Type.String()),
    icpNumbers: Type.Array(Type.String()),
    uscc: Type.Union([Type.String(), Type.Null()]),
    status: StringEnum(['active', 'disabled'] as const),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Organization' },
);

export const OrganizationQuery = Type.Object({
  kind: Type.Optional(StringEnum(ORG_KINDS)),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const NewOrganizationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(ORG_KINDS),
    parentId: Id,
    regionCode: RegionCode,
    domains: Type.Optional(Domains),
    icpNumbers: Type.Optional(IcpNumbers),
    uscc: Type.Optional(Type.Union([Uscc, Type.Null()])),
  },
  { additionalProperties: false },
);

export const OrganizationChangesBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    regionCode: Type.Optional(RegionCode),
    domains: Type.Optional(Domains),
    icpNumbers: Type.Optional(IcpNumbers),
    uscc: Type.Optional(Type.Union([Uscc, Type.Null()])),
    status: Type.Optional(StringEnum(['active', 'disabled'] as const)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    orgId: Type.String(),
    roles: Type.Array(StringEnum(ROLES)),
    status: StringEnum(['invited', 'active', 'disabled'] as const),
    twoFactor: Type.Boolean(),
    locked: Type.Boolean(),
    lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
);

export const UserQuery = Type.Object({ orgId: Type.Optional(Id) });

const Roles = Type.Array(StringEnum(ROLES), { minItems: 1, maxItems: ROLES.length, uniqueItems: true });

export const NewUserBody = Type.Object(
  {
    orgId: Id,
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    roles: Roles,
  },
  { additionalProperties: false },
);

export const UserChangesBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    roles: Type.Optional(Roles),
    status: Type.Optional(StringEnum(['active', 'disabled'] as const)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const InvitationSchema = Type.Object({
  url: Type.String({ description: 'The one-time link; shown once' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    name: Type.String(),
    displayPrefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
    scopes: Type.Array(StringEnum(TOKEN_SCOPES)),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiToken' },
);

export const NewApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(StringEnum(TOKEN_SCOPES), { minItems: 1, uniqueItems: true }),
    expiresInDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export type OrganizationQuery = Static<typeof OrganizationQuery>;
export type NewOrganizationBody = Static<typeof NewOrganizationBody>;
export type OrganizationChangesBody = Static<typeof OrganizationChangesBody>;
export type NewUserBody = Static<typeof NewUserBody>;
export type UserChangesBody = Static<typeof UserChangesBody>;
export type NewApiTokenBody = Static<typeof NewApiTokenBody>;
