import { type Command, Option } from 'commander';
import {
  defaultExportDir,
  EXPORT_FORMATS,
  type ExportFormat,
  exportRun,
  withExistingStore,
} from '../../runtime/store/index.ts';
import { reportingInputErrors, type StoreFlags, storeLocation, storeOptions } from './runs.ts';

interface ExportFlags extends StoreFlags {
  format: ExportFormat;
  out?: string;
}

/** `tradewind export <run> --format csv|parquet`: one file per table of a run, for pandas, polars, DuckDB, a spreadsheet. */
export function registerExportCommand(program: Command): void {
  storeOptions(
    program
      .command('export')
      .description(
        'write every table of a run (orders, fills, positions, portfolio_snapshots, events, risk_events, metrics_windows, bars, llm_decisions) to one file each; times are epoch ms with an _iso UTC text twin',
      )
      .argument('<run>', 'run id (tradewind runs list shows them)')
      .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).makeOptionMandatory())
      .option('--out <dir>', 'target folder, replaced whole when it holds a previous export (default exports/<run>/)'),
  ).action((runId: string, flags: ExportFlags) =>
    reportingInputErrors(() =>
      withExistingStore(storeLocation(flags), async ({ store, where }) => {
        const outDir = flags.out ?? defaultExportDir(runId);
        const files = await exportRun({ store, where, runId, format: flags.format, outDir });
        const width = Math.max(...files.map((file) => file.path.length));
        for (const file of files)
          process.stdout.write(`${file.path.padEnd(width)}  ${file.rows} ${file.rows === 1 ? 'row' : 'rows'}\n`);
        process.stdout.write(`exported run ${runId} from ${where} to ${outDir}\n`);
      }),
    ),
  );
}
