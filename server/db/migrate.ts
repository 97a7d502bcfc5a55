import { type Kysely, type Migration, sql, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import type { DatabaseDialect } from '../config';
import * as m20261128000000 from './migrations/20261128000000_reports';
import * as m20261128100000 from './migrations/20261128100000_orgs_auth';
import * as m20261128200000 from './migrations/20261128200000_notify';
import * as m20261128300000 from './migrations/20261128300000_cases';
import * as m20261128400000 from './migrations/20261128400000_case_list_indexes';
import * as m20261128640000 from './migrations/20261128640000_rules';
import * as m20261128650000 from './migrations/20261128650000_protection';
import * as m20261128660000 from './migrations/20261128660000_deletion_requests';
import * as m20261128500000 from './migrations/20261128500000_case_attachments';
import * as m20261128600000 from './migrations/20261128600000_near_duplicates';
import * as m20261128610000 from './migrations/20261128610000_search';
import * as m20261128620000 from './migrations/20261128620000_registry';
import * as m20261128630000 from './migrations/20261128630000_correlation';
import * as m20261128680000 from './migrations/20261128680000_search_indexer';
import * as m20261128690000 from './migrations/20261128690000_indicator_value_counts';
import * as m20261128695000 from './migrations/20261128695000_enterprise_reports';
import * as m20261128700000 from './migrations/20261128700000_case_list_speed';
import * as m20261128710000 from './migrations/20261128710000_deletion_contact_channel';
import * as m20261129100000 from './migrations/20261129100000_report_labels_index';
import * as m20261129200000 from './migrations/20261129200000_near_duplicate_band_queue';
import * as m20261129300000 from './migrations/20261129300000_recurring_value_counts';
import * as m20261129400000 from './migrations/20261129400000_recent_indicator_occurrences';
import * as m20261129500000 from './migrations/20261129500000_occurrence_report_category';

/**
 * Migrations are listed here rather than discovered on disk so they run the same from the
 * TypeScript sources and from a bundle. Names are timestamps; a landed migration is never edited.
 */
export const MIGRATIONS: Record<string, (dialect: DatabaseDialect) => Migration> = {
  '20261128000000_reports': m20261128000000.migration,
  '20261128100000_orgs_auth': m20261128100000.migration,
  '20261128200000_notify': m20261128200000.migration,
  '20261128300000_cases': m20261128300000.migration,
  '20261128400000_case_list_indexes': m20261128400000.migration,
  '20261128640000_rules': m20261128640000.migration,
  '20261128650000_protection': m20261128650000.migration,
  '20261128660000_deletion_requests': m20261128660000.migration,
  '20261128500000_case_attachments': m20261128500000.migration,
  '20261128600000_near_duplicates': m20261128600000.migration,
  '20261128610000_search': m20261128610000.migration,
  '20261128620000_registry': m20261128620000.migration,
  '20261128630000_correlation': m20261128630000.migration,
  '20261128680000_search_indexer': m20261128680000.migration,
  '20261128690000_indicator_value_counts': m20261128690000.migration,
  '20261128695000_enterprise_reports': m20261128695000.migration,
  '20261128700000_case_list_speed': m20261128700000.migration,
  '20261128710000_deletion_contact_channel': m20261128710000.migration,
  '20261129100000_report_labels_index': m20261129100000.migration,
  '20261129200000_near_duplicate_band_queue': m20261129200000.migration,
  '20261129300000_recurring_value_counts': m20261129300000.migration,
  '20261129400000_recent_indicator_occurrences': m20261129400000.migration,
  '20261129500000_occurrence_report_category': m20261129500000.migration,
};

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DatabaseDialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(this.dialect)])));
  }
}

/**
 * Kysely's migrator over `MIGRATIONS`. Kysely looks for its bookkeeping tables in every schema unless
 * told which; with several schemas in one PostgreSQL database (tests, or tenants) it would find
 * another schema's and skip creating its own.
 */
export async function migratorFor(db: Kysely<any>, dialect: DatabaseDialect): Promise<Migrator> {
  const schema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  return new Migrator({
    db,
    provider: new StaticMigrationProvider(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<any>, dialect: DatabaseDialect): Promise<MigrationResult[]> {
  const { error, results } = await (await migratorFor(db, dialect)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return results ?? [];
}
