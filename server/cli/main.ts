import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain';
import { runIndicatorsExtract } from './indicators-command';
import { registerEvidenceCommands } from './evidence-command';
import { registerKeysCommands } from './keys-command';
import { registerOrgCommands } from './orgs-command';
import { registerSeedDemoCommand } from './seed-demo';
import { registerSearchCommands } from './search-command';

/** Builds the `qinglang` command tree. Every command has `--help`. */
export function buildCli(): Command {
  const program = new Command('qinglang')
    .description(
      'Qinglang (清朗) operator tool: run the service, migrate the database, set up organizations, users and API tokens, ' +
        'seed a demo, verify the audit log, work with indicators',
    )
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('Start the HTTP service (API, web front end, workers); configured by environment variables, see README')
    .action(async () => {
      const { startServer } = await import('../main');
      await startServer(loadConfig());
    });

  program
    .command('migrate')
    .description('Apply pending database migrations to the configured database (DATABASE_URL, or SQLite in QINGLANG_DATA_DIR)')
    .action(async () => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const results = await migrateToLatest(handle.db, handle.dialect);
        if (results.length === 0) console.log('Database is up to date.');
        for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
      } finally {
        await handle.close();
      }
    });

  const audit = program.command('audit').description('The tamper-evident audit log');
  audit
    .command('verify')
    .description('Recompute the audit hash chain; exit 0 when intact, 1 naming the first event that does not fit')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const handle = openDatabase(config.database);
      try {
        const report = await verifyAuditChain(handle.db);
        if (options.json) console.log(JSON.stringify(report));
        else if (report.intact) {
          console.log(
            report.head
              ? `Audit chain intact: ${report.events} events; head #${report.head.seq} ${report.head.hash}`
              : 'Audit chain intact: no events yet.',
          );
        } else {
          console.log(
            `Audit chain BROKEN at event #${report.seq} (${report.reason}): ${report.detail}. ${report.events} events before it verified.`,
          );
        }
        process.exitCode = report.intact ? 0 : 1;
      } finally {
        await handle.close();
      }
    });

  const indicators = program
    .command('indicators')
    .description('Indicators (特征): phone numbers, accounts, URLs, cards and codes found in text');
  indicators
    .command('extract')
    .description('Read text on standard input and print the indicators found in it as JSON')
    .option('--jsonl', 'read one JSON object {"text": …} per line and write one {"indicators": […]} line per input line, in order')
    .action(async (options: { jsonl?: boolean }) => {
      process.exitCode = await runIndicatorsExtract({ jsonl: options.jsonl === true }, process.stdin, process.stdout);
    });

  registerOrgCommands(program);
  registerSeedDemoCommand(program);
  registerEvidenceCommands(program);
  registerKeysCommands(program);
  registerSearchCommands(program);

  return program;
}

/** Runs the CLI with `process.argv`; prints configuration problems plainly and exits non-zero. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
