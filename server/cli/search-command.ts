import type { Command } from 'commander';
import { type Config, loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { appendAuditEvents } from '../modules/audit/audit.repository';
import { reindexSearch } from '../modules/search/search-index';
import type { Print } from './keys-command';

/** `qinglang search …`: the full-text index. */
export function registerSearchCommands(program: Command): void {
  const search = program.command('search').description('The full-text search index (reports, cases, registry entities)');
  search
    .command('reindex')
    .description(
      'Rebuild the index of reports and cases from their tables, oldest first, in batches; safe while the service runs ' +
        '(reports filed meanwhile are queued for the search indexer). Entities are indexed by the registry.',
    )
    .option('--batch <n>', 'documents per transaction', '500')
    .action(async (options: { batch: string }) => {
      process.exitCode = await runSearchReindex(loadConfig(), { batchSize: Number(options.batch) }, console.log);
    });
}

/** Rebuilds the index and records the rebuild in the audit log; answers the exit code. */
export async function runSearchReindex(config: Config, options: { batchSize: number }, print: Print): Promise<number> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 5000) {
    print('--batch must be a whole number from 1 to 5000');
    return 2;
  }
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle.db, handle.dialect);
    const started = Date.now();
    let shown = 0;
    const done = await reindexSearch(handle.db, {
      batchSize: options.batchSize,
      onProgress: ({ reports, cases }) => {
        if (reports + cases - shown >= 10_000) {
          shown = reports + cases;
          print(`… ${reports} reports, ${cases} cases`);
        }
      },
    });
    await handle.db
      .transaction()
      .execute((trx) =>
        appendAuditEvents(trx, handle.dialect, [
          { actorType: 'system', actorId: 'cli', action: 'search.reindexed', objectType: 'search_index', summary: { ...done } },
        ]),
      );
    print(`Indexed ${done.reports} reports and ${done.cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await handle.close();
  }
}
