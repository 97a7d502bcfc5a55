import Type, { type Static } from 'typebox';
import { INDICATOR_TYPES } from '../../../contracts/indicators';
import { ENTITY_KINDS, ENTITY_STATUSES, PAYMENT_CHANNELS } from '../../../contracts/registry';
import { StringEnum } from '../../http/schema-helpers';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const LegalBasis = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'The provision relied on, e.g. 《网络信息内容生态治理规定》第十条',
});
const Evidence = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
  maxItems: 50,
  description: 'Evidence references: SHA-256 of evidence files, addresses of archived pages, file numbers',
});

export const EntityParams = Type.Object({ id: Id });
export const CaseParams = Type.Object({ id: Id });

export const RecordBody = Type.Object(
  {
    caseId: Id,
    summary: Type.String({ minLength: 1, maxLength: 5000 }),
    legalBasis: LegalBasis,
    evidence: Type.Optional(Evidence),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    sourceOrgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type RecordBody = Static<typeof RecordBody>;

export const CreateEntityBody = Type.Object(
  {
    kind: StringEnum(ENTITY_KINDS),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    platform: Type.Optional(Type.String({ maxLength: 60, description: 'Accounts: the platform (weibo, douyin, qq, wechat…)' })),
    handle: Type.Optional(Type.String({ maxLength: 200, description: 'Accounts: the handle on the platform' })),
    role: Type.Optional(Type.String({ maxLength: 200, description: 'Practitioners: what they do (删帖中介, 公关公司业务员…)' })),
    nationalId: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'Practitioners: the resident ID number; stored only as a keyed hash and a masked display',
      }),
    ),
    uscc: Type.Optional(Type.String({ maxLength: 40, description: 'Intermediaries: the unified social credit code' })),
    channel: Type.Optional(StringEnum(PAYMENT_CHANNELS)),
    identifiers: Type.Optional(
      Type.Array(
        Type.Object(
          { type: StringEnum(INDICATOR_TYPES), value: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        {
          maxItems: 50,
        },
      ),
    ),
    record: Type.Optional(RecordBody),
  },
  { additionalProperties: false },
);
export type CreateEntityBody = Static<typeof CreateEntityBody>;

export const EntityListQuery = Type.Object({
  kind: Type.Optional(StringEnum(ENTITY_KINDS)),
  status: Type.Optional(StringEnum(ENTITY_STATUSES)),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name, or an identifier value in any usual writing' })),
  before: Type.Optional(Type.String({ maxLength: 64, description: 'The cursor of the next page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const ExportQuery = Type.Object({
  kind: Type.Optional(StringEnum(ENTITY_KINDS)),
  status: Type.Optional(StringEnum(ENTITY_STATUSES)),
});

export const StatusBody = Type.Object(
  { to: StringEnum(ENTITY_STATUSES), reason: Reason, legalBasis: LegalBasis },
  { additionalProperties: false },
);

export const MergeBody = Type.Object(
  { absorbedId: Id, reason: Reason },
  { additionalProperties: false, description: 'The entity to merge into this one, and why they are the same' },
);

export const SplitBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const FromCaseBody = Type.Object(
  {
    indicators: Type.Array(
      Type.Object(
        {
          type: StringEnum(INDICATOR_TYPES),
          value: Type.String({ minLength: 1, maxLength: 2000 }),
          kind: Type.Optional(StringEnum(ENTITY_KINDS)),
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    summary: Type.String({ minLength: 1, maxLength: 5000 }),
    legalBasis: LegalBasis,
    evidence: Type.Optional(Evidence),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const EntitySummarySchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    displayName: Type.String(),
    status: Type.String(),
    identifiers: Type.Array(Type.Object({ type: Type.String(), value: Type.String() })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'RegistryEntitySummary' },
);
