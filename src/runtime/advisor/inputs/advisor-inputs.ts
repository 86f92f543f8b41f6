import type { TradingStore } from '../../../core/persistence/index.ts';
import { AdvisorInputError } from './advisor-input-error.ts';
import type { AdvisorInputs, AdvisorInputsOptions } from './advisor-inputs-types.ts';
import { AttributionPass } from './attribution-pass.ts';
import { composeInputs, windowDaysOf } from './compose-inputs.ts';
import { equityPoints, readRunDirectory } from './read-run-directory.ts';
import { readStoredRun } from './read-stored-run.ts';

const DAY = 86_400_000;

/**
 * The advisor's inputs from a backtest run directory: per strategy and for the account, over the
 * last `windowDays` of the run, the metrics the rule-based advisor reads and the markdown tables
 * a model reads, fitted to the token budget. equity.csv is read twice, streamed (once to find
 * where the window ends, once to replay the fills along it). Deterministic: the same directory
 * and options give byte-identical tables.
 */
export async function runDirAdvisorInputs(dir: string, options: AdvisorInputsOptions): Promise<AdvisorInputs> {
  const windowDays = windowDaysOf(options);
  const { record, equityPath, initialEquity } = await readRunDirectory(dir);
  let asOf: number | undefined;
  for await (const point of equityPoints(equityPath)) asOf = point.time;
  if (asOf === undefined) throw new AdvisorInputError(equityPath, undefined, 'no equity rows after the header');
  const windowStart = asOf - windowDays * DAY;
  const pass = new AttributionPass({ fills: record.fills, settings: record.settings, initialEquity, windowStart });
  for await (const point of equityPoints(equityPath)) pass.point(point.time, point.equity);
  return composeInputs(
    {
      run: record,
      attribution: pass.result(),
      asOf,
      windowDays,
      windowStart,
      initialEquity,
      sourceNotes: [
        'source: the run directory: equity per bar (equity.csv), fills attributed by orders.csv strategy_id, risk.log.jsonl; ' +
          "open PnL marks solved from the equity; the risk engine's flattens (RISK) split between the strategies they closed.",
      ],
    },
    options,
  );
}

/**
 * The advisor's inputs from a run in the operational store (a paper run): equity from the
 * portfolio snapshots (the window ends at the last one), the account's trades, hit rate and
 * turnover from the stored metrics windows, risk events from the risk log, fills (and their
 * slippage, from the fill events) for attribution. Throws `UnknownRunError` naming the run id
 * when the store does not hold it.
 */
export async function storeAdvisorInputs(
  store: TradingStore,
  runId: string,
  options: AdvisorInputsOptions,
): Promise<AdvisorInputs> {
  const windowDays = windowDaysOf(options);
  const stored = await readStoredRun(store, runId);
  const asOf = stored.snapshots.at(-1)!.timestamp;
  const windowStart = asOf - windowDays * DAY;
  const pass = new AttributionPass({
    fills: stored.record.fills,
    settings: stored.record.settings,
    initialEquity: stored.initialEquity,
    windowStart,
  });
  for (const snapshot of stored.snapshots) pass.point(snapshot.timestamp, snapshot.equity, stored.markAt(snapshot));
  return composeInputs(
    {
      run: stored.record,
      attribution: pass.result(),
      asOf,
      windowDays,
      windowStart,
      initialEquity: stored.initialEquity,
      accountActivity: stored.activity(windowStart, asOf),
      sourceNotes: [
        `source: the store: equity at the ${stored.snapshots.length} portfolio snapshots (sharpe, sortino and drawdowns see only them), ` +
          "the account's trades, hit and turnover from the stored metrics windows inside the window, fills attributed by their strategy id.",
      ],
    },
    options,
  );
}
