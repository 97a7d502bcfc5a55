import Type, { type Static } from 'typebox';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { ENTITY_KINDS, ENTITY_STATUSES } from '../../../contracts/registry';
import { REPORT_CATEGORIES, REPORT_STATUSES } from '../../../contracts/reports';
import { StringEnum } from '../../http/schema-helpers';
import { MAX_PAGE_SIZE } from './search.service';

const STATUSES = [...new Set([...REPORT_STATUSES, ...CASE_STATUSES, ...ENTITY_STATUSES])] as const;
const TYPES = ['report', 'case', 'entity'] as const;

/** A date (`2026-11-28`, a day in China Standard Time) or an RFC 3339 date-time. */
const dateBound = (description: string) =>
  Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', description });

/** The query string of `GET /api/v1/search`. */
export const SearchQuerySchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'Words, Chinese text (two characters or more), phone numbers, URLs…' }),
    type: Type.Optional(
      StringEnum(TYPES, {
        description: 'Default: reports for triage officers, cases otherwise; entities (the offender registry) for its readers',
      }),
    ),
    category: Type.Optional(StringEnum(REPORT_CATEGORIES, { description: 'Reports and cases' })),
    status: Type.Optional(
      StringEnum(STATUSES, { description: "The status of the type searched (an entity's: suspected, confirmed, cleared)" }),
    ),
    entityKind: Type.Optional(StringEnum(ENTITY_KINDS, { description: 'Entities: the kind of entity' })),
    region: Type.Optional(Type.String({ pattern: '^\\d{2,6}$', description: 'Cases: region code; 330000 is the province and below' })),
    from: Type.Optional(dateBound('Created on or after')),
    to: Type.Optional(dateBound('Created before (a date: on or before that day)')),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
  },
  { additionalProperties: false },
);
export type SearchQueryString = Static<typeof SearchQuerySchema>;

const SnippetSchema = Type.Object({
  segments: Type.Array(Type.Object({ text: Type.String(), match: Type.Boolean() }), {
    description: 'Plain text pieces; `match` marks what the query found. Render as text, never as HTML.',
  }),
  truncatedStart: Type.Boolean(),
  truncatedEnd: Type.Boolean(),
});

export const SearchResultsSchema = Type.Object({
  type: StringEnum(TYPES),
  items: Type.Array(
    Type.Object({
      type: StringEnum(TYPES),
      id: Type.String(),
      label: Type.String({ description: 'Tracking code of a report, number of a case, display name of an entity' }),
      title: Type.Union([SnippetSchema, Type.Null()], { description: "A case's title, an entity's name; null for reports" }),
      snippet: SnippetSchema,
      category: Type.Union([Type.String(), Type.Null()], { description: 'Reports and cases; null for entities' }),
      entityKind: Type.Union([Type.String(), Type.Null()], { description: 'Entities: their kind; null otherwise' }),
      status: Type.String(),
      regionCode: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
      score: Type.Number(),
    }),
  ),
  total: Type.Integer({ description: 'Matches found, at most the scan cap' }),
  capped: Type.Boolean({ description: 'The rarest term is in more documents than one search reads; older matches may be missing' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  indexingBehind: Type.Boolean({
    description: 'More reports were stored than one search indexes before answering: the newest may be missing until indexing catches up',
  }),
});
