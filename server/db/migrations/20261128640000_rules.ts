import { type Kysely, type Migration, sql } from 'kysely';
import type { DatabaseDialect } from '../../config';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../modules/audit/audit-chain';
import { SEED_ADMISSIBILITY_CRITERIA, SEED_PROVISIONS } from './seed/20261128640000_rules-seed';

/**
 * The rules registry (mechanism 4): legal provisions, every version kept, and the admissibility
 * criteria for deletion requests as versioned documents. Seeded with the provisions the platform's
 * decisions cite most and the default criteria, as version 1 by nobody.
 */
export function migration(dialect: DatabaseDialect): Migration {
  const ts = dialect === 'postgres' ? sql`timestamptz` : sql`text`;
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('legal_provisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('article', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('effective_to', 'text')
        .addColumn('change_reason', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('legal_provisions_code_version_key', ['code', 'version'])
        .execute();
      await db.schema
        .createTable('admissibility_criteria_versions')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('criteria', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('change_reason', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();

      const at = '2026-11-28T00:00:00.000Z';
      await db
        .insertInto('legal_provisions')
        .values(
          SEED_PROVISIONS.map((p, i) => ({
            id: `00000000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
            code: p.code,
            version: 1,
            title: p.title,
            source: p.source,
            article: p.article,
            text: p.text,
            effective_from: p.effectiveFrom,
            effective_to: null,
            change_reason: null,
            created_by: null,
            created_at: at,
          })),
        )
        .execute();
      const criteria = canonicalJson(SEED_ADMISSIBILITY_CRITERIA);
      const doc = { json: criteria, sha256: createHash('sha256').update(criteria, 'utf8').digest('hex') };
      await db
        .insertInto('admissibility_criteria_versions')
        .values({ version: 1, criteria: doc.json, sha256: doc.sha256, change_reason: null, created_by: null, created_at: at })
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('admissibility_criteria_versions').ifExists().execute();
      await db.schema.dropTable('legal_provisions').ifExists().execute();
    },
  };
}
