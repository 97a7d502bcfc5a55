import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The OASIS STIX 2.1 schemas, copied here because CI runs in a clean clone (see README.md). */
const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

export interface StixValidator {
  /** `common/bundle.json`. */
  bundle: (data: unknown) => boolean;
  /** The schema of an object type (`identity`, `relationship`, `domain-name`…). */
  object: (type: string) => (data: unknown) => boolean;
  /** The errors of the last validation of `validate`, readable. */
  errors: (validate: unknown) => string;
}

/**
 * Every schema in one Ajv 2020-12 validator (they declare draft 2020-12), so their relative `$ref`s
 * resolve. Strict mode and the `u` flag are off: the schemas use keywords Ajv's strict mode rejects
 * and patterns (`\-`) that are invalid with `u`; they are the standard, not ours to change.
 */
export function stixValidator(): StixValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // Not in ajv-formats: a host name that may have Unicode labels (ours are punycode, valid too).
  ajv.addFormat(
    'idn-hostname',
    /^(?=.{1,253}$)([\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u,
  );
  for (const folder of ['common', 'sdos', 'sros', 'observables'])
    for (const file of readdirSync(path.join(SCHEMAS, folder)).filter((f) => f.endsWith('.json')))
      ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, folder, file), 'utf8')) as object);
  const folderOf = (type: string) => {
    if (type === 'relationship' || type === 'sighting') return 'sros';
    return readdirSync(path.join(SCHEMAS, 'sdos')).includes(`${type}.json`) ? 'sdos' : 'observables';
  };
  const schema = (id: string) => {
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`no STIX schema ${id}`);
    return validate;
  };
  return {
    bundle: schema(`${BASE}/common/bundle.json`),
    object: (type) => schema(`${BASE}/${folderOf(type)}/${type}.json`),
    errors: (validate) => JSON.stringify((validate as { errors?: unknown }).errors ?? null, null, 1),
  };
}
