import type { Command } from 'commander';
import { BAR_FILE_FORMATS, type BarFileFormat, isBarFileFormat } from '../../adapters/data/index.ts';
import { isTimeframe } from '../../core/model/time.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseInstant } from '../../runtime/config/parse-instant.ts';
import { type RegimeOptions, regimeResultJson, runRegime, writeRegimeCsv } from '../../runtime/ml/regime.ts';
import { REGIME_FEATURES, type RegimeFeature } from '../../runtime/ml/regime-analysis.ts';
import { formatRegimeReport } from './regime-table.ts';

/** The raw flag values commander hands over (defaults applied). */
export interface RegimeFlags {
  symbol?: string;
  timeframe?: string;
  venue?: string;
  catalog?: string;
  data?: string;
  format?: string;
  from?: string;
  to?: string;
  states: string;
  features: string;
  volatilityWindow: string;
  restarts: string;
  seed: string;
  barsPerYear?: string;
  runs: string;
  json?: boolean;
  out?: string;
}

function integer(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= minimum))
    throw new ConfigError(`${flag}: '${text}' is not a whole number ≥ ${minimum}`);
  return value;
}

/** Validates the flags into runtime options and the number of runs to show; every error is a ConfigError naming its flag. */
export function parseRegimeFlags(flags: RegimeFlags): { options: RegimeOptions; runs: number } {
  if (flags.timeframe !== undefined && !isTimeframe(flags.timeframe))
    throw new ConfigError(`--timeframe: '${flags.timeframe}' is not a timeframe such as 1m, 5m, 1h, 1d`);
  if (flags.format !== undefined && !isBarFileFormat(flags.format))
    throw new ConfigError(`--format: '${flags.format}' is not one of ${BAR_FILE_FORMATS.join(', ')}`);
  const features = flags.features.split(',').map((f) => f.trim());
  if (
    features[0] !== 'returns' ||
    new Set(features).size !== features.length ||
    features.some((f) => !(REGIME_FEATURES as readonly string[]).includes(f))
  )
    throw new ConfigError(`--features: '${flags.features}' must be 'returns' or 'returns,volatility'`);
  let barsPerYear: number | undefined;
  if (flags.barsPerYear !== undefined) {
    barsPerYear = Number(flags.barsPerYear);
    if (!(barsPerYear > 0 && Number.isFinite(barsPerYear)))
      throw new ConfigError(`--bars-per-year: '${flags.barsPerYear}' is not a positive number`);
  }
  const from = parseInstant('--from', flags.from);
  const to = parseInstant('--to', flags.to);
  if (from !== undefined && to !== undefined && to <= from) throw new ConfigError('--to must be after --from');
  const seed = Number(flags.seed);
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`--seed: '${flags.seed}' is not a whole number`);
  return {
    options: {
      data: flags.data,
      format: flags.format as BarFileFormat | undefined,
      symbol: flags.symbol,
      timeframe: flags.timeframe,
      venue: flags.venue,
      catalog: flags.catalog,
      from,
      to,
      states: integer('--states', flags.states, 1),
      features: features as RegimeFeature[],
      volatilityWindow: integer('--volatility-window', flags.volatilityWindow, 2),
      restarts: integer('--restarts', flags.restarts, 1),
      seed,
      barsPerYear,
    },
    runs: integer('--runs', flags.runs, 0),
  };
}

/** `tradewind regime`: fit a Gaussian HMM to a symbol's returns and print its parameters and regime timeline. */
export function registerRegimeCommand(program: Command): void {
  program
    .command('regime')
    .description(
      'fit a Gaussian hidden Markov model to log returns; print each regime (bull/bear/range) and the timeline, Viterbi and online-filtered',
    )
    .option('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT or ORCL (required with the catalog)')
    .option('--timeframe <tf>', 'bar timeframe, e.g. 1m, 1h, 1d (required with the catalog; detected for --data)')
    .option('--venue <venue>', 'venue; with the catalog, default: the one venue holding the symbol')
    .option('--catalog <dir>', 'catalog folder (default: TRADEWIND_CATALOG or data/catalog/)')
    .option('--data <file>', 'read a bar file instead of the catalog')
    .option('--format <format>', `with --data: ${BAR_FILE_FORMATS.join(', ')} (default: detected)`)
    .option('--from <date>', 'first bar (ISO 8601 UTC or Unix ms), inclusive')
    .option('--to <date>', 'end of the range, exclusive')
    .option('--states <n>', 'hidden states (regimes)', '3')
    .option('--features <list>', "observations: 'returns' (1-D) or 'returns,volatility' (2-D)", 'returns')
    .option('--volatility-window <bars>', 'bars of the rolling volatility feature', '20')
    .option('--restarts <n>', 'Baum–Welch restarts from seeded starts; the best likelihood wins', '3')
    .option('--seed <n>', 'seed of the restarts', '1')
    .option('--bars-per-year <n>', 'bars per year to annualise (default: 252 days for daily equities, else 365 days)')
    .option('--runs <n>', 'show the last n runs of each timeline', '20')
    .option('--json', 'print everything (parameters, transitions, both timelines in full) as JSON')
    .option('--out <file.csv>', 'write per bar: timestamp, close, viterbi and filtered state, filtered probabilities')
    .action(async (flags: RegimeFlags) => {
      const { options, runs } = parseRegimeFlags(flags);
      const result = await runRegime(options);
      if (flags.out !== undefined) await writeRegimeCsv(flags.out, result);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(regimeResultJson(result), null, 2)}\n`);
        if (flags.out !== undefined) process.stderr.write(`per-bar regimes written to ${flags.out}\n`);
        return;
      }
      process.stdout.write(formatRegimeReport(result, runs));
      if (flags.out !== undefined) process.stdout.write(`\nper-bar regimes written to ${flags.out}\n`);
    });
}
