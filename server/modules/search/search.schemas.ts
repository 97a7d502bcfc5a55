import Type, { type Static } from 'typebox';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { REPORT_CATEGORIES, REPORT_STATUSES } from '../../../contracts/reports';
import { StringEnum } from '../../http/schema-helpers';
import { MAX_PAGE_SIZE } from './search.service';

const STATUSES = [...new Set([...REPORT_STATUSES, ...CASE_STATUSES])] as const;

/** A date (`2026-11-28`, a day in China Standard Time) or an RFC 3339 date-time. */
const dateBound = (description: string) =>
  Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', description });

/** The query string of `GET /api/v1/search`. */
export const SearchQuerySchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'Words, Chinese text (two characters or more), phone numbers, URLs…' }),
    type: Type.Optional(StringEnum(['report', 'case'] as const, { description: 'Default: reports for triage officers, cases otherwise' })),
    category: Type.Optional(StringEnum(REPORT_CATEGORIES)),
    status: Type.Optional(StringEnum(STATUSES)),
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
  type: StringEnum(['report', 'case'] as const),
  items: Type.Array(
    Type.Object({
      type: StringEnum(['report', 'case'] as const),
      id: Type.String(),
      label: Type.String({ description: 'Tracking code of a report, number of a case' }),
      title: Type.Union([SnippetSchema, Type.Null()]),
      snippet: SnippetSchema,
      category: Type.String(),
      status: Type.String(),
      regionCode: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
      score: Type.Number(),
    }),
  ),
  total: Type.Integer({ description: 'Matches found, at most the scan cap' }),
  capped: Type.Boolean({ description: 'The rarest term is in more documents than one search reads; older matches may be missing' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
