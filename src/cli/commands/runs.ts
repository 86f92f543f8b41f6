import type { Command } from 'commander';
import {
  formatRunReport,
  formatRunsTable,
  isStoreInputError,
  readRunReport,
  runJson,
  runReportJson,
  type StoreLocationOptions,
  withExistingStore,
} from '../../runtime/store/index.ts';

/** The flags every store-reading command takes. */
export interface StoreFlags {
  sqlite?: string;
  pgSchema?: string;
}

/** Adds `--sqlite` and `--pg-schema` to a command that reads the operational store. */
export function storeOptions(command: Command): Command {
  return command
    .option('--sqlite <path>', 'SQLite store file (default state/tradewind.db); DATABASE_URL set means PostgreSQL')
    .option('--pg-schema <name>', 'PostgreSQL schema holding the tables, with DATABASE_URL (default public)');
}

/** The store location the flags give. */
export function storeLocation(flags: StoreFlags): StoreLocationOptions {
  return { sqlitePath: flags.sqlite, postgresSchema: flags.pgSchema };
}

/**
 * Runs a store command's body: a missing store, an unknown run or an unusable target is the
 * user's input, reported on one line with exit code 2; anything else propagates (exit code 1).
 */
export async function reportingInputErrors(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!isStoreInputError(error)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 2;
  }
}

interface JsonFlag {
  json?: boolean;
}

/** `tradewind runs list | show <id>`: the runs in the operational store. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('list the runs in the operational store, or show one');
  storeOptions(
    runs
      .command('list')
      .description(
        'every run, newest first: id, mode, status, start and end (UTC), last event sequence, config version',
      )
      .option('--json', 'print a JSON array on standard output and nothing else there'),
  ).action((flags: StoreFlags & JsonFlag) =>
    reportingInputErrors(() =>
      withExistingStore(storeLocation(flags), async ({ store, where }) => {
        const all = await store.runs();
        if (flags.json === true) process.stdout.write(`${JSON.stringify(all.map(runJson))}\n`);
        else if (all.length === 0) process.stdout.write(`no runs in ${where}\n`);
        else process.stdout.write(formatRunsTable(all));
      }),
    ),
  );
  storeOptions(
    runs
      .command('show')
      .description(
        'one run: header, counts (orders by status, fills, events, risk events, LLM decisions), open positions, the latest portfolio snapshot and the last 10 events',
      )
      .argument('<id>', 'run id (tradewind runs list shows them)')
      .option('--json', 'print one JSON object on standard output and nothing else there'),
  ).action((runId: string, flags: StoreFlags & JsonFlag) =>
    reportingInputErrors(() =>
      withExistingStore(storeLocation(flags), async ({ store, where }) => {
        const report = await readRunReport(store, runId, where);
        process.stdout.write(
          flags.json === true ? `${JSON.stringify(runReportJson(report))}\n` : formatRunReport(report),
        );
      }),
    ),
  );
}
