import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * One Ajv for every boundary: Fastify validates JSON bodies with it, and the multipart route
 * validates its `report` part with the same compiled schema, so both answer the same errors.
 * Unknown fields are refused rather than silently dropped, and all errors are collected so the
 * client can fix every field at once (arrays are bounded by maxItems, so this stays cheap).
 */
export function createAjv(options: { coerce?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    // Query strings and path parameters arrive as text and are coerced; bodies must be exact.
    coerceTypes: options.coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv, ['date-time', 'email', 'uri', 'date']);
  return ajv;
}

const cache = new WeakMap<object, ValidateFunction>();

/** Compiles once per schema object. */
export function compileSchema(ajv: Ajv, schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

/**
 * A route's validator compiler for a body that may come as JSON or as multipart/form-data: JSON
 * bodies are validated by their schema; a multipart body reaches the handler empty (@fastify/multipart
 * leaves it so), and the handler validates its `report` part with the same compiled schema.
 */
export function validateUnlessMultipart(ajv: Ajv) {
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => {
    const validate = compileSchema(ajv, schema);
    if (httpPart !== 'body') return validate;
    const validator = (data: unknown) => {
      if (data === undefined || data === null) return true;
      const ok = validate(data);
      validator.errors = validate.errors;
      return ok;
    };
    validator.errors = null as typeof validate.errors;
    return validator;
  };
}
