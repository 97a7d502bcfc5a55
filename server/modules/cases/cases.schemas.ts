import Type, { type Static } from 'typebox';
import { CASE_PRIORITIES, TARGET_KINDS } from '../../../contracts/cases';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { REGION_CODE_PATTERN } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { StringEnum } from '../../http/schema-helpers';
import { CASE_ACTIONS } from './case-lifecycle';
import { CASE_RESULTS, NOT_ACCEPTED_REASONS } from './cases.service';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const LegalBasis = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'The provision relied on, e.g. 《网络信息内容生态治理规定》第十条',
});
const Override = Type.Object(
  { leadOrgId: Id, assistingOrgIds: Type.Array(Id, { maxItems: 20 }), reason: Reason },
  { additionalProperties: false, description: 'The triage officer’s routing instead of the rules’, with the reason' },
);

export const CaseParams = Type.Object({ id: Id });
export const ReportParams = Type.Object({ reportId: Id });

export const TriageQueueQuery = Type.Object({
  category: Type.Optional(StringEnum(REPORT_CATEGORIES)),
  after: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const ReportIdsBody = Type.Object(
  { reportIds: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);

export const OpenCaseBody = Type.Object(
  {
    reportIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    category: StringEnum(REPORT_CATEGORIES),
    regionCode: Type.String({ pattern: REGION_CODE_PATTERN }),
    priority: StringEnum(CASE_PRIORITIES),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    targetKind: Type.Optional(StringEnum(TARGET_KINDS)),
    targetFilingRegionCode: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
    moneyPaid: Type.Boolean(),
    summary: Type.Optional(Type.String({ maxLength: 5000 })),
    override: Type.Optional(Override),
  },
  { additionalProperties: false },
);
export type OpenCaseBody = Static<typeof OpenCaseBody>;

export const DuplicateBody = Type.Object({ duplicateOf: Id }, { additionalProperties: false });
export const NotAcceptBody = Type.Object(
  {
    reportIds: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }),
    reason: StringEnum(NOT_ACCEPTED_REASONS),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'Shown to the reporter' })),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: StringEnum(CASE_ACTIONS),
    reason: Type.Optional(Reason),
    legalBasis: Type.Optional(LegalBasis),
    resultCode: Type.Optional(StringEnum(CASE_RESULTS)),
    resultNote: Type.Optional(Type.String({ maxLength: 2000 })),
    transferToOrgId: Type.Optional(Id),
    override: Type.Optional(Override),
  },
  { additionalProperties: false },
);

export const CaseListQuery = Type.Object({
  scope: Type.Optional(StringEnum(['mine', 'region', 'all'] as const)),
  status: Type.Optional(Type.Array(StringEnum(CASE_STATUSES))),
  overdue: Type.Optional(Type.Boolean()),
  category: Type.Optional(StringEnum(REPORT_CATEGORIES)),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  before: Type.Optional(Type.String({ maxLength: 200, description: 'The cursor of the next page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const AssistBody = Type.Object({ orgId: Id, reason: Reason }, { additionalProperties: false });
export const CommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 10_000 }), internal: Type.Boolean() },
  { additionalProperties: false },
);
export const ExtendBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const CaseSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    title: Type.String(),
    category: Type.String(),
    regionCode: Type.String(),
    priority: Type.String(),
    tags: Type.Array(Type.String()),
    status: Type.String(),
    leadOrgId: Type.Union([Type.String(), Type.Null()]),
    openedAt: Type.String(),
    firstResponseDue: Type.Union([Type.String(), Type.Null()]),
    concludeDue: Type.Union([Type.String(), Type.Null()]),
    overdue: Type.Boolean(),
    resultCode: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'CaseSummary' },
);
