import Type, { type Static } from 'typebox';
import { ORG_KINDS, PASSWORD_MAX_LENGTH, ROLES } from '../../../contracts/orgs';
import { StringEnum } from '../../http/schema-helpers';

const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4 });
const TotpCode = Type.String({ minLength: 6, maxLength: 12, description: 'The 6-digit code from the authenticator app' });
const TotpSecret = Type.String({ pattern: '^[A-Z2-7]{16,128}=*$', description: 'Base32 TOTP seed, as offered by the server' });

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Password,
    totp: Type.Optional(TotpCode),
    recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const MeSchema = Type.Object(
  {
    user: Type.Object({
      id: Type.String(),
      email: Type.String(),
      displayName: Type.String(),
      roles: Type.Array(StringEnum(ROLES)),
      twoFactor: Type.Boolean({ description: 'An authenticator is enrolled' }),
      twoFactorRequired: Type.Boolean({ description: 'The roles require two-factor sign-in' }),
      enrolmentRequired: Type.Boolean({ description: 'This session may only enrol an authenticator (and sign out) until it does' }),
    }),
    organization: Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: StringEnum(ORG_KINDS),
      regionCode: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
    }),
    session: Type.Object({ id: Type.String(), createdAt: Type.String(), expiresAt: Type.String() }),
    csrfToken: Type.String({ description: 'Send in the x-csrf-token header on every write made with the session cookie' }),
  },
  { $id: 'Me' },
);

export const SessionSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});

export const PasswordChangeBody = Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false });
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const TotpOfferSchema = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });

export const TotpEnrolBody = Type.Object(
  { secret: TotpSecret, code: TotpCode, password: Type.Optional(Password) },
  { additionalProperties: false },
);
export type TotpEnrolBody = Static<typeof TotpEnrolBody>;

export const RecoveryCodesSchema = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once' }) });
export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const InvitationParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });

export const InvitationOfferSchema = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  organization: Type.Object({ id: Type.String(), name: Type.String(), kind: StringEnum(ORG_KINDS) }),
  roles: Type.Array(StringEnum(ROLES)),
  twoFactorRequired: Type.Boolean(),
  expiresAt: Type.String({ format: 'date-time' }),
  totp: TotpOfferSchema,
});

export const AcceptInvitationBody = Type.Object(
  {
    password: Password,
    totp: Type.Optional(Type.Object({ secret: TotpSecret, code: TotpCode }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;
