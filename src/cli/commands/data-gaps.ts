import { appendFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { BAR_FILE_FORMATS, type BarFileFormat, isBarFileFormat, loadBars } from '../../adapters/data/index.ts';
import { type BarQualityReport, barQualityReport } from '../../core/data/bar-quality-report.ts';
import { barQualityReportJson, repairActionsJson } from '../../core/data/bar-quality-report-json.ts';
import { calendarForVenue, TRADING_CALENDAR_NAMES, tradingCalendar } from '../../core/data/calendars/index.ts';
import { REPAIR_POLICIES, type RepairedBars, type RepairPolicy, repairBars } from '../../core/data/repair-bars.ts';
import { allocateBarSeries, BAR_COLUMN_NAMES, type BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { formatTimestamp, isTimeframe } from '../../core/model/time.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseInstant } from '../../runtime/config/parse-instant.ts';
import { catalogVenue } from '../../runtime/data/catalog-venue.ts';

interface GapsOptions {
  symbol?: string;
  timeframe?: string;
  venue?: string;
  from?: string;
  to?: string;
  calendar?: string;
  outlierZ: string;
  repair: string;
  catalog?: string;
  data?: string;
  format?: string;
  limit: string;
  json?: boolean;
}

/** The bars checked and where they came from. */
interface Source {
  series: BarSeries;
  kind: 'file' | 'catalog';
  location: string;
  quarantined: readonly object[];
  catalog?: ParquetCatalog;
}

function checkOptions(options: GapsOptions) {
  if (options.timeframe !== undefined && !isTimeframe(options.timeframe))
    throw new ConfigError(`--timeframe: '${options.timeframe}' is not a timeframe such as 1m, 5m, 1h, 1d`);
  if (options.calendar !== undefined && !(TRADING_CALENDAR_NAMES as readonly string[]).includes(options.calendar))
    throw new ConfigError(`--calendar: '${options.calendar}' is not one of ${TRADING_CALENDAR_NAMES.join(', ')}`);
  if (!REPAIR_POLICIES.includes(options.repair as RepairPolicy))
    throw new ConfigError(`--repair: '${options.repair}' is not one of ${REPAIR_POLICIES.join(', ')}`);
  if (options.format !== undefined && !isBarFileFormat(options.format))
    throw new ConfigError(`--format: '${options.format}' is not one of ${BAR_FILE_FORMATS.join(', ')}`);
  const outlierZ = Number(options.outlierZ);
  if (!(outlierZ > 0 && Number.isFinite(outlierZ)))
    throw new ConfigError(`--outlier-z: '${options.outlierZ}' is not a positive number`);
  const limit = Number(options.limit);
  if (!(Number.isInteger(limit) && limit >= 0))
    throw new ConfigError(`--limit: '${options.limit}' is not a whole number`);
  const from = parseInstant('--from', options.from);
  const to = parseInstant('--to', options.to);
  if (from !== undefined && to !== undefined && to <= from) throw new ConfigError('--to must be after --from');
  return { outlierZ, limit, from, to, policy: options.repair as RepairPolicy };
}

async function openSource(options: GapsOptions, from?: number, to?: number): Promise<Source> {
  if (options.data !== undefined) {
    const id = instrumentId(options.symbol ?? basename(options.data).replace(/\..*$/, ''), options.venue ?? 'FILE');
    const loaded = await loadBars({
      path: options.data,
      instrumentId: id,
      format: options.format as BarFileFormat | undefined,
      timeframe: options.timeframe,
      from,
      to,
      mode: 'lenient',
    });
    return { series: loaded.series, kind: 'file', location: options.data, quarantined: loaded.quarantine };
  }
  if (options.symbol === undefined || options.timeframe === undefined)
    throw new ConfigError('--symbol and --timeframe are required (or --data <file> to check a bar file)');
  const dir = catalogDir(options.catalog);
  const catalog = await ParquetCatalog.open(dir);
  try {
    const venue = await catalogVenue(catalog, dir, {
      symbol: options.symbol,
      timeframe: options.timeframe,
      venue: options.venue,
    });
    const series = await catalog.readBars({
      instrumentId: instrumentId(options.symbol, venue),
      timeframe: options.timeframe,
      from,
      to,
    });
    return { series, kind: 'catalog', location: dir, quarantined: [], catalog };
  } catch (error) {
    catalog.close();
    throw error;
  }
}

/** The synthetic bars of a repair, alone: what the catalog needs to be written (stored rows stay). */
function syntheticBars(repaired: RepairedBars): BarSeries {
  const out = allocateBarSeries(repaired.series.instrumentId, repaired.series.timeframe, repaired.filled);
  let n = 0;
  for (let i = 0; i < repaired.series.length; i++) {
    if (repaired.synthetic[i] !== 1) continue;
    for (const c of BAR_COLUMN_NAMES) out[c][n] = repaired.series[c][i];
    n++;
  }
  return { ...out, length: n };
}

function textReport(report: BarQualityReport, limit: number, source: Source): string {
  const t = (time: number) => (Number.isFinite(time) ? formatTimestamp(time) : '-');
  const lines = [
    `${report.instrumentId} ${report.timeframe} from ${source.kind} ${source.location}, calendar ${report.calendar}`,
    `range ${t(report.from)} .. ${t(report.to)}: ${report.rows} rows, ${report.presentBars} of ${report.expectedBars} expected bars present`,
    `missing: ${report.missing.bars} bars in ${report.missing.gaps} gaps` +
      (report.missing.longest === undefined
        ? ''
        : `, longest ${report.missing.longest.bars} bars from ${t(report.missing.longest.from)}`),
  ];
  for (const gap of report.missing.list.slice(0, limit))
    lines.push(`  gap ${t(gap.from)} .. ${t(gap.to)}  ${gap.bars} bars`);
  if (report.missing.list.length > limit)
    lines.push(`  … ${report.missing.list.length - limit} more (--limit, or --json for all)`);
  const section = (
    title: string,
    rows: readonly { row: number; timestamp: number }[],
    detail: (i: number) => string,
  ) => {
    lines.push(`${title}: ${rows.length}`);
    for (const [i, r] of rows.slice(0, limit).entries()) lines.push(`  row ${r.row} ${t(r.timestamp)}${detail(i)}`);
  };
  section('duplicates', report.duplicates, (i) => ` repeats row ${report.duplicates[i].firstRow}`);
  section('out of order', report.outOfOrder, (i) => ` after ${t(report.outOfOrder[i].after)}`);
  section('off schedule', report.offSchedule, () => '');
  lines.push(`zero volume: ${report.zeroVolume.length}`);
  section('OHLC inconsistent', report.inconsistent, (i) => ` ${report.inconsistent[i].problems.join(', ')}`);
  const { outliers } = report;
  section(
    `outliers (|robust z| > ${outliers.threshold})`,
    outliers.list,
    (i) => ` log return ${outliers.list[i].logReturn.toFixed(4)}, z ${outliers.list[i].zScore.toFixed(1)}`,
  );
  if (source.quarantined.length > 0)
    lines.push(`rows rejected on load (quarantine): ${source.quarantined.length} (--json lists them)`);
  return `${lines.join('\n')}\n`;
}

/** `tradewind data gaps`: a quality report of a catalog dataset or a bar file, with an optional repair. */
export function registerDataGapsCommand(data: Command): void {
  data
    .command('gaps')
    .description(
      'report missing bars, duplicates, out-of-order rows, zero volume, OHLC inconsistencies and outliers; optionally repair',
    )
    .option('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT or ORCL (required with the catalog)')
    .option('--timeframe <tf>', 'bar timeframe, e.g. 1m, 1h, 1d (required with the catalog; detected for --data)')
    .option('--venue <venue>', 'venue; with the catalog, default: the one venue holding the symbol')
    .option('--from <date>', 'start of the range to check (ISO 8601 UTC or Unix ms), inclusive; default: the first bar')
    .option('--to <date>', 'end of the range (exclusive); default: just after the last bar')
    .option(
      '--calendar <name>',
      `trading calendar: ${TRADING_CALENDAR_NAMES.join(', ')} (default: from the venue, else 24/7)`,
    )
    .option('--outlier-z <z>', 'robust z-score of a log return above which a bar is an outlier', '10')
    .option(
      '--repair <policy>',
      `leave, drop (duplicate, out-of-order, inconsistent rows) or fill (drop, then flat synthetic bars)`,
      'leave',
    )
    .option('--catalog <dir>', 'catalog folder (default: TRADEWIND_CATALOG or data/catalog/)')
    .option(
      '--data <file>',
      'check a bar file instead of the catalog (rows the importer rejects are listed as quarantined)',
    )
    .option('--format <format>', `with --data: ${BAR_FILE_FORMATS.join(', ')} (default: detected)`)
    .option('--limit <n>', 'list at most n entries per section in the text report', '20')
    .option('--json', 'print the report as JSON on standard output')
    .action(async (options: GapsOptions) => {
      const { outlierZ, limit, from, to, policy } = checkOptions(options);
      const source = await openSource(options, from, to);
      try {
        const venue =
          options.venue ?? source.series.instrumentId.slice(source.series.instrumentId.lastIndexOf('.') + 1);
        const calendar = options.calendar === undefined ? calendarForVenue(venue) : tradingCalendar(options.calendar);
        const report = barQualityReport(source.series, { calendar, from, to, outlierZ });
        const repaired = policy === 'leave' ? undefined : repairBars(source.series, report, policy, { calendar });
        let written: object | undefined;
        let notApplied: string | undefined;
        if (repaired !== undefined && source.catalog !== undefined) {
          const droppedTimes = repaired.actions.flatMap((a) => (a.action === 'drop' ? [a.timestamp] : []));
          const deleted =
            droppedTimes.length > 0
              ? await source.catalog.deleteBars(source.series.instrumentId, source.series.timeframe, droppedTimes)
              : 0;
          const summary = repaired.filled > 0 ? await source.catalog.writeBars(syntheticBars(repaired)) : undefined;
          written = { synthetic: repaired.filled, deleted, ...(summary ?? {}) };
          const entry = {
            at: new Date().toISOString(),
            instrumentId: report.instrumentId,
            timeframe: report.timeframe,
            calendar: report.calendar,
            policy,
            from: formatTimestamp(report.from),
            to: formatTimestamp(report.to),
            filled: repaired.filled,
            dropped: repaired.dropped,
            notApplied,
            actions: repairActionsJson(repaired.actions),
          };
          await appendFile(join(source.location, 'repair-log.jsonl'), `${JSON.stringify(entry)}\n`);
        } else if (repaired !== undefined) {
          notApplied = 'a bar file is only read: the repair is reported, not written';
        }
        if (options.json === true) {
          const repair =
            repaired === undefined
              ? undefined
              : {
                  policy,
                  dropped: repaired.dropped,
                  filled: repaired.filled,
                  bars: repaired.series.length,
                  written,
                  notApplied,
                  actions: repairActionsJson(repaired.actions),
                };
          const out = {
            source: { kind: source.kind, location: source.location },
            ...barQualityReportJson(report),
            quarantined: source.quarantined,
            repair,
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        let text = textReport(report, limit, source);
        if (repaired !== undefined) {
          text += `repair ${policy}: ${repaired.dropped} rows dropped, ${repaired.filled} synthetic bars filled, ${repaired.series.length} bars after`;
          text += source.catalog === undefined ? '' : `; recorded in ${join(source.location, 'repair-log.jsonl')}`;
          text += notApplied === undefined ? '\n' : `\nnote: ${notApplied}\n`;
        }
        process.stdout.write(text);
      } finally {
        source.catalog?.close();
      }
    });
}
