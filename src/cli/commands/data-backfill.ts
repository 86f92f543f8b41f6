import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { VenueError, VenueErrorKind } from '../../adapters/venues/ccxt/index.ts';
import { isTimeframe, timeframeMillis } from '../../core/model/time.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseInstant } from '../../runtime/config/parse-instant.ts';
import { type BackfillProgress, backfillBars } from '../../runtime/data/backfill-bars.ts';
import { createBackfillSources } from '../../runtime/data/backfill-sources.ts';
import { backfillWithFailover } from '../../runtime/data/backfill-with-failover.ts';
import { runYahooBackfill } from './data-backfill-yahoo.ts';

interface BackfillFlags {
  source: string;
  exchange?: string;
  symbol: string;
  timeframe?: string;
  adjust?: boolean;
  sourceUrl?: string;
  since: string;
  until?: string;
  fallback?: string;
  catalog?: string;
  pageLimit?: string;
  exchangeUrl?: string[];
  marketsFile?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const iso = (ms: number | undefined): string | null =>
  ms === undefined || Number.isNaN(ms) ? null : new Date(ms).toISOString();

/** Structured log lines on standard error (standard output stays for the result). */
function stderrLogger(): Logger {
  const line = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    if (level !== 'debug') process.stderr.write(`${JSON.stringify({ level, event, ...fields })}\n`);
  };
  return { debug: line('debug'), info: () => {}, warn: line('warn'), error: line('error') };
}

/** `tradewind data backfill`: fill the catalog with an instrument's bars from ccxt exchanges. */
export function registerDataBackfillCommand(data: Command): void {
  data
    .command('backfill')
    .description(
      'download bars from an exchange (ccxt) or Yahoo Finance (daily) into the catalog; resumes after the last stored bar',
    )
    .addOption(new Option('--source <source>', 'where bars come from').choices(['ccxt', 'yahoo']).default('ccxt'))
    .option('--exchange <id>', 'ccxt exchange id, e.g. binance, kraken, bitvavo (required with --source ccxt)')
    .requiredOption(
      '--symbol <symbol>',
      'unified symbol, e.g. BTC/USDT; a Yahoo ticker (ORCL, SPY) with --source yahoo',
    )
    .option('--timeframe <tf>', 'bar timeframe, e.g. 1m, 1h, 1d (required with ccxt; yahoo serves 1d)')
    .option('--adjust', 'yahoo: scale prices by Adj Close / Close (dividends and splits), rounded to 0.01')
    .requiredOption('--since <date>', 'first bar (ISO 8601 date/time, UTC, or Unix ms)')
    .option('--until <date>', 'end of the range, exclusive (default: the last complete bar)')
    .option('--fallback <ids>', 'comma-separated ccxt ids that serve when the primary fails or lags')
    .option('--catalog <dir>', 'catalog directory (default TRADEWIND_CATALOG or data/catalog/)')
    .option('--page-limit <n>', "candles per request (default: the exchange's maximum)")
    .option('--json', 'print the result as JSON on standard output and nothing else there')
    .addOption(
      new Option('--exchange-url <[id=]url>', 'testing/advanced: send REST requests to this origin (repeatable)')
        .argParser(collect)
        .hideHelp(),
    )
    .addOption(new Option('--source-url <url>', 'testing/advanced: origin of the Yahoo chart API').hideHelp())
    .addOption(
      new Option(
        '--markets-file <file>',
        'testing/advanced: ccxt markets JSON used instead of loading markets',
      ).hideHelp(),
    )
    .action(async (flags: BackfillFlags) => {
      if (flags.source === 'yahoo') {
        await runYahooBackfill(flags, stderrLogger());
        return;
      }
      if (flags.exchange === undefined) throw new ConfigError('--exchange is required with --source ccxt');
      if (flags.adjust === true) throw new ConfigError('--adjust applies to --source yahoo only');
      if (flags.timeframe === undefined) throw new ConfigError('--timeframe is required with --source ccxt');
      if (!isTimeframe(flags.timeframe))
        throw new ConfigError(`--timeframe: '${flags.timeframe}' is not a timeframe like 1m, 1h, 1d`);
      const since = parseInstant('--since', flags.since) as number;
      const until = parseInstant('--until', flags.until);
      if (until !== undefined && until <= since) throw new ConfigError('--until must be after --since');
      const pageLimit = flags.pageLimit === undefined ? undefined : Number(flags.pageLimit);
      if (pageLimit !== undefined && (!Number.isInteger(pageLimit) || pageLimit < 1))
        throw new ConfigError(`--page-limit: '${flags.pageLimit}' is not a positive integer`);
      const fallback =
        flags.fallback === undefined
          ? []
          : flags.fallback
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean);
      const sources = await createBackfillSources({
        exchange: flags.exchange,
        fallback,
        ...(flags.exchangeUrl === undefined ? {} : { exchangeUrls: flags.exchangeUrl }),
        ...(flags.marketsFile === undefined ? {} : { marketsFile: flags.marketsFile }),
      });
      const dir = catalogDir(flags.catalog);
      const json = flags.json === true;
      const step = timeframeMillis(flags.timeframe);
      const bar =
        !json && process.stderr.isTTY
          ? new SingleBar({
              format: 'backfill [{bar}] {percentage}% | {value}/{total} bars | ETA {eta_formatted}',
              stream: process.stderr,
              hideCursor: true,
              etaBuffer: 20,
            })
          : undefined;
      let barStarted = false;
      const onProgress = (progress: BackfillProgress) => {
        if (bar === undefined) return;
        const total = Math.max(1, Math.ceil((progress.end - progress.start) / step));
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        bar.update(Math.min(total, Math.round((progress.cursor - progress.start) / step)));
      };
      const catalog = await ParquetCatalog.open(dir);
      const common = {
        symbol: flags.symbol,
        timeframe: flags.timeframe,
        since,
        store: catalog,
        logger: stderrLogger(),
        onProgress,
        ...(until === undefined ? {} : { until }),
        ...(pageLimit === undefined ? {} : { pageLimit }),
      };
      try {
        const outcome =
          sources.length === 1
            ? { run: await backfillBars({ ...common, exchange: sources[0] }), switches: [], overlaps: [] }
            : await backfillWithFailover({ ...common, sources }).then((r) => ({ ...r, run: undefined, runs: r.runs }));
        bar?.stop();
        const runs = 'runs' in outcome ? outcome.runs : [outcome.run];
        const first = runs.find((r) => r.barsWritten > 0)?.first;
        const last = [...runs].reverse().find((r) => r.barsWritten > 0)?.last;
        const result = {
          exchange: flags.exchange,
          fallback,
          instrumentId: runs[0]?.instrumentId,
          timeframe: flags.timeframe,
          catalog: dir,
          resumedAfter: iso(runs[0]?.resumedAfter),
          requests: runs.reduce((n, r) => n + r.requests, 0),
          pages: runs.reduce((n, r) => n + r.pages, 0),
          barsWritten: runs.reduce((n, r) => n + r.barsWritten, 0),
          first: iso(first),
          last: iso(last),
          retries: runs.reduce((n, r) => n + r.retries, 0),
          waitedMs: runs.reduce((n, r) => n + r.waitedMs, 0),
          stop: runs.at(-1)?.stop,
          switches: outcome.switches,
          overlaps: outcome.overlaps.map((o) => ({
            ...o,
            disagreements: o.disagreements.slice(0, 20),
            disagreeingBars: o.disagreements.length,
          })),
        };
        if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else
          process.stdout.write(
            `${result.instrumentId} ${flags.timeframe}: ${result.barsWritten} bars written (${result.first ?? '-'} → ${result.last ?? '-'}) in ${result.requests} requests; stopped: ${result.stop}\n` +
              (result.resumedAfter === null ? '' : `resumed after ${result.resumedAfter}\n`) +
              result.switches.map((s) => `switched ${s.from} → ${s.to} (${s.reason})\n`).join('') +
              result.overlaps
                .map(
                  (o) =>
                    `overlap ${o.reference} vs ${o.candidate}: ${o.comparedBars} bars, ${o.disagreeingBars} beyond ${o.tolerance}\n`,
                )
                .join(''),
          );
      } catch (error) {
        bar?.stop();
        if (error instanceof VenueError && error.kind === VenueErrorKind.Permanent)
          throw new ConfigError(error.message);
        if (error instanceof VenueError) {
          process.stderr.write(`error: ${error.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw error;
      } finally {
        catalog.close();
      }
    });
}
