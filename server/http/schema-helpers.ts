import Type, { type TSchema } from 'typebox';

/** A string enum that documents as `{ type: 'string', enum: [...] }` and types as the union. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The problem+json response, for OpenAPI. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'Stable URI of the problem kind, e.g. urn:qinglang:problem:validation' }),
    title: Type.String({ description: 'Localized by Accept-Language (zh-CN or en)' }),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Shorthand for the error responses a route documents. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));
}
