import { SingleBar } from 'cli-progress';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { VenueError, VenueErrorKind } from '../../adapters/venues/ccxt/index.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseInstant } from '../../runtime/config/parse-instant.ts';
import type { BackfillProgress } from '../../runtime/data/backfill-bars.ts';
import { backfillYahoo } from '../../runtime/data/backfill-yahoo.ts';

/** The `data backfill` flags the Yahoo source reads. */
export interface YahooBackfillFlags {
  symbol: string;
  timeframe?: string;
  since: string;
  until?: string;
  adjust?: boolean;
  catalog?: string;
  sourceUrl?: string;
  exchange?: string;
  fallback?: string;
  pageLimit?: string;
  exchangeUrl?: string[];
  json?: boolean;
}

const DAY_MILLIS = 86_400_000;
const iso = (ms: number | undefined): string | null =>
  ms === undefined || Number.isNaN(ms) ? null : new Date(ms).toISOString();
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Rejects flags that mean something only to the ccxt source (silently ignoring them would mislead). */
function rejectCcxtFlags(flags: YahooBackfillFlags): void {
  for (const [flag, value] of [
    ['--exchange', flags.exchange],
    ['--fallback', flags.fallback],
    ['--page-limit', flags.pageLimit],
  ] as const)
    if (value !== undefined) throw new ConfigError(`${flag} applies to --source ccxt only`);
  if (flags.timeframe !== undefined && flags.timeframe !== '1d')
    throw new ConfigError(`--timeframe: --source yahoo serves daily bars (1d), not '${flags.timeframe}'`);
}

/**
 * `tradewind data backfill --source yahoo`: a symbol's daily bars from Yahoo's chart API into the
 * catalog as `SYMBOL.YAHOO` (NYSE calendar), resuming after the last stored bar, then the NYSE
 * trading days of the range that the catalog lacks. Exit 2 on bad flags or an unknown symbol,
 * 1 when Yahoo stays unavailable after the retries.
 */
export async function runYahooBackfill(flags: YahooBackfillFlags, logger: Logger): Promise<void> {
  rejectCcxtFlags(flags);
  const since = parseInstant('--since', flags.since) as number;
  const until = parseInstant('--until', flags.until);
  if (until !== undefined && until <= since) throw new ConfigError('--until must be after --since');
  const symbol = flags.symbol.trim().toUpperCase();
  if (symbol === '' || /[\s/]/.test(symbol))
    throw new ConfigError(`--symbol: '${flags.symbol}' is not a Yahoo ticker like ORCL, SPY or ^GSPC`);
  const json = flags.json === true;
  const dir = catalogDir(flags.catalog);
  const bar =
    !json && process.stderr.isTTY
      ? new SingleBar({
          format: 'backfill [{bar}] {percentage}% | {value}/{total} days | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
        })
      : undefined;
  let barStarted = false;
  const onProgress = (progress: BackfillProgress) => {
    if (bar === undefined) return;
    const total = Math.max(1, Math.ceil((progress.end - progress.start) / DAY_MILLIS));
    if (!barStarted) {
      bar.start(total, 0);
      barStarted = true;
    }
    bar.update(Math.min(total, Math.round((progress.cursor - progress.start) / DAY_MILLIS)));
  };
  const catalog = await ParquetCatalog.open(dir);
  try {
    const run = await backfillYahoo({
      symbol,
      since,
      store: catalog,
      logger,
      onProgress,
      ...(until === undefined ? {} : { until }),
      ...(flags.adjust === true ? { adjust: true } : {}),
      ...(flags.sourceUrl === undefined ? {} : { client: { baseUrl: flags.sourceUrl } }),
    });
    bar?.stop();
    const result = {
      source: 'yahoo',
      symbol,
      instrumentId: run.instrumentId,
      timeframe: run.timeframe,
      adjusted: flags.adjust === true,
      catalog: dir,
      resumedAfter: iso(run.resumedAfter),
      requests: run.requests,
      pages: run.pages,
      barsWritten: run.barsWritten,
      first: iso(run.first),
      last: iso(run.last),
      retries: run.retries,
      waitedMs: run.waitedMs,
      stop: run.stop,
      quarantined: run.quarantined,
      gaps: { ...run.gaps, from: day(run.gaps.from), to: day(run.gaps.to) },
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `${result.instrumentId} 1d: ${result.barsWritten} bars written (${result.first ?? '-'} → ${result.last ?? '-'}) in ${result.requests} requests; stopped: ${result.stop}\n` +
          (result.resumedAfter === null ? '' : `resumed after ${result.resumedAfter}\n`) +
          result.quarantined.map((q) => `quarantined ${q.date}: ${q.reason}\n`).join('') +
          `${result.gaps.calendar} trading days ${result.gaps.from} → ${result.gaps.to}: ${result.gaps.expectedDays} expected, ${result.gaps.missingDays} missing` +
          (result.gaps.missingDays === 0
            ? '\n'
            : ` (${result.gaps.missing.slice(0, 10).join(', ')}${result.gaps.missingDays > 10 ? ', …' : ''})\n`),
      );
  } catch (error) {
    bar?.stop();
    if (error instanceof VenueError && error.kind === VenueErrorKind.Permanent) throw new ConfigError(error.message);
    if (error instanceof VenueError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    catalog.close();
  }
}
