import Type, { type Static } from 'typebox';
import { ROUTING_REGION_SOURCES, TARGET_KINDS } from '../../../contracts/cases';
import { AGENCY_KINDS } from '../../../contracts/orgs';
import { REPORT_CATEGORIES } from '../../../contracts/reports';
import { StringEnum } from '../../http/schema-helpers';

/**
 * A region prefix of a routing rule: the province (`33`), city (`3301`) or county (`330106`) part of
 * a six-digit region code. A case's region code matches when it starts with the prefix.
 */
export const REGION_PREFIX_PATTERN = '^[1-9][0-9](?:[0-9]{2}){0,2}$';

const RuleId = Type.String({ minLength: 1, maxLength: 64 });
const OrgId = Type.String({ minLength: 1, maxLength: 64 });

/** One agency a rule asks for: its kind, and where to find the organization of that kind. */
export const RoutingAgencySchema = Type.Object(
  {
    orgKind: StringEnum(AGENCY_KINDS, { description: 'The kind of agency' }),
    orgId: Type.Optional(OrgId),
    region: Type.Optional(
      StringEnum(ROUTING_REGION_SOURCES, {
        description:
          "Where to look: 'case' (default) the case's region, 'target_filing' the region where the target website is filed " +
          "(the case's region when unknown), 'fixed' the organization `orgId` (the default when `orgId` is given)",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * One routing rule, as stored and as the administrator's API body. Every condition in `when` that
 * is present must hold; a rule without conditions is the catch-all. See `routeCase` for how rules
 * are weighed.
 */
export const RoutingRuleSchema = Type.Object(
  {
    id: Type.Optional(RuleId),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    priority: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower is weighed first' }),
    enabled: Type.Boolean(),
    when: Type.Object(
      {
        categories: Type.Optional(Type.Array(StringEnum(REPORT_CATEGORIES), { minItems: 1, uniqueItems: true })),
        regionPrefixes: Type.Optional(
          Type.Array(
            Type.String({ pattern: REGION_PREFIX_PATTERN, description: "'33' Zhejiang, '3301' Hangzhou, '330106' one district" }),
            {
              minItems: 1,
              maxItems: 200,
              uniqueItems: true,
            },
          ),
        ),
        targetKinds: Type.Optional(Type.Array(StringEnum(TARGET_KINDS), { minItems: 1, uniqueItems: true })),
        moneyPaid: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    then: Type.Object(
      {
        lead: RoutingAgencySchema,
        assisting: Type.Array(RoutingAgencySchema, { maxItems: 20 }),
      },
      { additionalProperties: false },
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { $id: 'RoutingRule', additionalProperties: false },
);

/** The triage officer's correction of a case's routing: the reason is required and kept on the case. */
export const RoutingOverrideBody = Type.Object(
  {
    leadOrgId: OrgId,
    assistingOrgIds: Type.Array(OrgId, { maxItems: 20, uniqueItems: true }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export type RoutingAgency = Static<typeof RoutingAgencySchema>;
/** A rule as the administrator writes it; `id` may be left to the server. */
export type RoutingRuleBody = Static<typeof RoutingRuleSchema>;
/** A rule in force: it has an id, so a case can name the rule that routed it. */
export type RoutingRule = RoutingRuleBody & { id: string };
export type RoutingOverrideBody = Static<typeof RoutingOverrideBody>;
