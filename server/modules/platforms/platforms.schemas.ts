import Type, { type Static } from 'typebox';
import { StringEnum } from '../../http/schema-helpers';
import { CONTACT_CHANNELS, DELETION_CHANNELS, DELETION_STATUSES, REQUESTER_KINDS, REVIEW_STEPS, SIGNAL_CODES } from './deletion-requests';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Str = () => Type.String();

/** A calendar day in China Standard Time, `YYYY-MM-DD`. */
const BeijingDate = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });

export const DeletionRequestParams = Type.Object({ id: Id });

export const DeletionRequestBody = Type.Object(
  {
    requesterKind: StringEnum(REQUESTER_KINDS),
    requesterName: Type.String({ minLength: 1, maxLength: 200 }),
    requesterContact: Type.Optional(Type.String({ maxLength: 500 })),
    contactChannel: Type.Optional(
      StringEnum(CONTACT_CHANNELS, { description: 'How the requester reached the website (web form, e-mail, telephone, letter…)' }),
    ),
    requesterIdNumber: Type.Optional(
      Type.String({ maxLength: 32, description: 'Used for the protection-registry check only; never stored' }),
    ),
    requesterPhone: Type.Optional(Type.String({ maxLength: 32, description: 'Used for the protection-registry check only; never stored' })),
    principalName: Type.Optional(Type.String({ maxLength: 200, description: 'The enterprise or person the requester claims to act for' })),
    principalUscc: Type.Optional(Type.String({ maxLength: 18, description: 'The enterprise’s unified social credit code' })),
    authorizationDocument: Type.Optional(Type.String({ maxLength: 5000 })),
    targetUrls: Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { minItems: 1, maxItems: 50 }),
    reason: Type.String({ minLength: 1, maxLength: 5000 }),
    legalBasisCited: Type.Optional(Type.String({ maxLength: 5000 })),
    money: Type.Optional(Type.String({ maxLength: 500, description: 'Any money mentioned, as said' })),
  },
  { additionalProperties: false },
);
export type DeletionRequestBody = Static<typeof DeletionRequestBody>;

export const ImportBody = Type.Object(
  {
    rows: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000, description: 'Objects shaped like the create body' })),
    csv: Type.Optional(
      Type.String({
        maxLength: 5_000_000,
        description:
          'CSV with a header row of the create body’s field names (contactChannel among them); targetUrls separated by spaces or `|`',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    step: StringEnum(REVIEW_STEPS),
    passed: Type.Boolean(),
    answers: Type.Array(
      Type.Object(
        {
          criterionId: Type.String({ minLength: 1, maxLength: 100 }),
          met: Type.Boolean(),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: StringEnum(['approve', 'reject'] as const),
    provisionCodes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 5000 })) }, { additionalProperties: false });

export const ListQuerystring = Type.Object({
  scope: Type.Optional(StringEnum(['website', 'region'] as const)),
  status: Type.Optional(Type.Array(StringEnum(DELETION_STATUSES))),
  requesterKind: Type.Optional(Type.Array(StringEnum(REQUESTER_KINDS))),
  requesterName: Type.Optional(Type.String({ maxLength: 200 })),
  minRisk: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  receivedFrom: Type.Optional(BeijingDate('Received on or after this day (China Standard Time)')),
  receivedTo: Type.Optional(BeijingDate('Received on or before this day (China Standard Time); not before receivedFrom')),
  before: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

const SignalSchema = Type.Object({
  code: StringEnum(SIGNAL_CODES),
  severity: StringEnum(['low', 'medium', 'high'] as const),
  words: Type.Object({ 'zh-CN': Str(), en: Str() }),
});

export const DeletionRequestSummarySchema = Type.Object(
  {
    id: Str(),
    websiteOrgId: Str(),
    websiteName: Str(),
    channel: StringEnum(DELETION_CHANNELS, { description: 'How the request entered Qinglang' }),
    contactChannel: Type.Union([StringEnum(CONTACT_CHANNELS), Type.Null()], {
      description: 'How the requester reached the website; null when not recorded',
    }),
    requesterKind: StringEnum(REQUESTER_KINDS),
    requesterName: Str(),
    requesterContact: Nullable(Str()),
    principalName: Nullable(Str()),
    principalUscc: Nullable(Str()),
    authorityAnswer: Type.Union([StringEnum(['yes', 'no', 'unknown'] as const), Type.Null()]),
    authorizationDocument: Nullable(Str()),
    targetUrls: Type.Array(Str()),
    reason: Str(),
    legalBasisCited: Nullable(Str()),
    money: Nullable(Str()),
    status: StringEnum(DELETION_STATUSES),
    riskScore: Type.Integer(),
    highRisk: Type.Boolean(),
    signals: Type.Array(SignalSchema),
    decisionProvisions: Type.Array(Str()),
    decisionNote: Nullable(Str()),
    decidedBy: Nullable(Str()),
    decidedAt: Nullable(Str()),
    executedAt: Nullable(Str()),
    executionNote: Nullable(Str()),
    referredReportId: Nullable(Str()),
    receivedAt: Str(),
    updatedAt: Str(),
  },
  { $id: 'DeletionRequestSummary' },
);

export const DeletionRequestSchema = Type.Object(
  {
    request: Type.Ref('DeletionRequestSummary'),
    nextStep: Type.Union([StringEnum(REVIEW_STEPS), Type.Null()]),
    criteriaVersion: Type.Union([Type.Integer(), Type.Null()]),
    actions: Type.Array(StringEnum(['review', 'approve', 'reject', 'execute', 'refer'] as const), {
      description: 'What the caller may do now; a UI shows exactly these buttons',
    }),
    reviews: Type.Array(
      Type.Object({
        step: StringEnum(REVIEW_STEPS),
        passed: Type.Boolean(),
        criteriaVersion: Type.Union([Type.Integer(), Type.Null()]),
        answers: Type.Array(Type.Object({ criterionId: Str(), met: Type.Boolean(), note: Nullable(Str()) })),
        note: Nullable(Str()),
        reviewerId: Nullable(Str()),
        reviewedAt: Str(),
      }),
    ),
    timeline: Type.Array(
      Type.Object({
        action: Str(),
        fromStatus: Nullable(Str()),
        toStatus: Str(),
        actorType: Str(),
        actorId: Nullable(Str()),
        note: Nullable(Str()),
        occurredAt: Str(),
      }),
    ),
  },
  { $id: 'DeletionRequest' },
);

export const DeletionRequestListSchema = Type.Object({
  items: Type.Array(Type.Ref('DeletionRequestSummary')),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Requests by status under the same filter' }),
  nextCursor: Nullable(Str()),
});

export const PublicStatisticsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      websiteId: Str(),
      websiteName: Str(),
      month: Str(),
      received: Type.Integer(),
      approved: Type.Integer(),
      rejected: Type.Integer(),
    }),
  ),
});

/** A calendar month in China Standard Time, as regulators' monthly reports name it. */
export const MonthSchema = Type.String({
  pattern: '^(20[0-9]{2})-(0[1-9]|1[0-2])$',
  description: 'A month, YYYY-MM (China Standard Time)',
});

export const ComplianceQuerySchema = Type.Object({
  scope: Type.Optional(StringEnum(['website', 'region'] as const)),
  month: Type.Optional(MonthSchema),
});

export const ComplianceExportQuerySchema = Type.Object({
  format: StringEnum(['csv', 'xlsx'] as const),
  scope: Type.Optional(StringEnum(['website', 'region'] as const)),
  month: Type.Optional(MonthSchema),
});

export const ComplianceSchema = Type.Object({
  since: Type.String({ description: 'Requests received from this instant…' }),
  until: Type.Union([Type.String(), Type.Null()], { description: '…up to this one (null: up to now)' }),
  truncated: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      websiteId: Str(),
      websiteName: Str(),
      score: Type.Integer({ minimum: 0, maximum: 100 }),
      total: Type.Integer(),
      decided: Type.Integer(),
      decidedOnTime: Type.Integer(),
      pendingOverdue: Type.Integer(),
      highRisk: Type.Integer(),
      highRiskApproved: Type.Integer(),
      highRiskReferred: Type.Integer(),
      findings: Type.Array(
        Type.Object({
          code: StringEnum(['slow_decisions', 'overdue_pending', 'high_risk_approved', 'high_risk_not_referred'] as const),
          penalty: Type.Integer(),
          words: Type.Object({ 'zh-CN': Str(), en: Str() }),
        }),
      ),
    }),
  ),
});
