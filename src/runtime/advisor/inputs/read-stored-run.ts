import { eventOfRecord, type StoredSnapshot, type TradingStore } from '../../../core/persistence/index.ts';
import type { RiskEvent } from '../../../core/risk/index.ts';
import { riskLogRecord } from '../../backtest/risk-log-jsonl.ts';
import { UnknownRunError } from '../../store/run-report.ts';
import { AdvisorInputError } from './advisor-input-error.ts';
import type { AccountActivity } from './compose-inputs.ts';
import { riskRecord } from './risk-records.ts';
import type { FillRecord, RiskRecord, RunRecord, RunSettings } from './run-record.ts';
import { fallbackSettings, runSettings } from './run-settings.ts';

/** Events read per page when looking for the fills' slippage. */
const EVENT_PAGE = 10_000;

/** A stored run read for the advisor. */
export interface StoredRunData {
  readonly record: RunRecord;
  /** The portfolio snapshots in time order (at least one). */
  readonly snapshots: readonly StoredSnapshot[];
  readonly initialEquity: number;
  /** The instrument's mark at a snapshot: its gross exposure over the position (one instrument held), else undefined. */
  markAt(snapshot: StoredSnapshot): number | undefined;
  /** The account's trades, hit rate and turnover from the metrics windows inside (start, end]; undefined when none is. */
  activity(start: number, end: number): AccountActivity | undefined;
}

function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The slippage each fill event recorded, by instrument and trade id. */
async function fillSlippage(store: TradingStore, runId: string): Promise<Map<string, number>> {
  const slippage = new Map<string, number>();
  for (let after = 0; ; ) {
    const page = await store.events(runId, after, EVENT_PAGE);
    for (const event of page) {
      if (event.type !== 'OrderFilled') continue;
      const fill = objectOf(event.payload);
      if (fill !== undefined && typeof fill.slippage === 'number')
        slippage.set(`${String(fill.instrumentId)} ${String(fill.tradeId)}`, fill.slippage);
    }
    if (page.length < EVENT_PAGE) return slippage;
    after = page.at(-1)!.sequence;
  }
}

/**
 * Reads a run from the store: its snapshots (the equity the advisor sees), configuration (the
 * stored resolved config, as a paper run records it), fills with the slippage of their fill
 * events, risk events in the risk log's form, and metrics windows.
 */
export async function readStoredRun(store: TradingStore, runId: string): Promise<StoredRunData> {
  const run = await store.run(runId);
  if (run === undefined) throw new UnknownRunError(runId, `the ${store.backend} store`);
  const source = `store:${runId}`;
  const snapshots = [...(await store.snapshots(runId))].sort(
    (a, b) => a.timestamp - b.timestamp || a.sequence - b.sequence,
  );
  if (snapshots.length === 0)
    throw new AdvisorInputError(source, undefined, 'no portfolio snapshot yet: the advisor reads the equity from them');
  const asOf = snapshots.at(-1)!.timestamp;
  const [orders, storedFills, storedRisk, windows, config] = await Promise.all([
    store.orders(runId),
    store.fills(runId),
    store.riskEvents(runId),
    store.metricsWindows(runId),
    store.configVersion(run.configHash),
  ]);
  const notes: string[] = [];
  const traded = [...new Set(orders.map((o) => o.strategyId))].filter((id) => id !== 'RISK' && id !== 'NET');
  const content = config === undefined ? undefined : objectOf(config.content);
  const raw = content !== undefined && 'config' in content ? content.config : content;
  let settings: RunSettings;
  if (raw === undefined || typeof raw !== 'object') {
    notes.push(
      "the run's configuration is not in the store: limits are the blueprint defaults, the fill model unknown",
    );
    settings = fallbackSettings(traded);
  } else
    settings = runSettings(raw, `${source} configuration ${run.configHash.slice(0, 12)}`, {
      tradedStrategyIds: traded,
    });

  const slippage = await fillSlippage(store, runId);
  const fills: FillRecord[] = storedFills
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.timestamp - b.f.timestamp || a.i - b.i)
    .map(({ f }) => {
      if (f.side !== 'buy' && f.side !== 'sell')
        throw new AdvisorInputError(source, undefined, `fill ${f.tradeId}: side '${f.side}' is neither buy nor sell`);
      return {
        time: f.timestamp,
        strategyId: f.strategyId,
        instrumentId: f.instrumentId,
        side: f.side,
        quantity: f.quantity,
        price: f.price,
        fee: f.fee,
        liquidity: f.liquiditySide,
        slippage: slippage.get(`${f.instrumentId} ${f.tradeId}`),
      };
    });

  const risk: RiskRecord[] = [];
  for (const stored of storedRisk) {
    let fields: ReturnType<typeof eventOfRecord>;
    try {
      fields = eventOfRecord(stored);
    } catch (error) {
      throw new AdvisorInputError(source, undefined, `risk event ${stored.sequence}: ${(error as Error).message}`);
    }
    const event = {
      ...fields,
      ...(fields.strategyId === undefined && stored.strategyId !== undefined ? { strategyId: stored.strategyId } : {}),
    } as unknown as RiskEvent;
    const record = riskRecord(riskLogRecord(event));
    if (typeof record === 'string')
      throw new AdvisorInputError(source, undefined, `risk event ${stored.sequence}: ${record}`);
    risk.push(record);
  }
  risk.sort((a, b) => a.time - b.time);
  const later = risk.filter((r) => r.time > asOf).length;
  if (later > 0) notes.push(`${later} risk events after the last snapshot are not counted (the next snapshot will)`);

  const label = [...windows].sort((a, b) => a.windowEnd - b.windowEnd).at(-1)?.label;
  return {
    record: { source, runId, mode: run.mode, settings, fills, risk, regimes: new Map(), notes },
    snapshots,
    initialEquity: settings.startingCash ?? snapshots[0]!.equity,
    markAt(snapshot) {
      const state = objectOf(snapshot.payload);
      const positions = Array.isArray(state?.positions) ? (state.positions as Record<string, unknown>[]) : [];
      if (positions.length !== 1) return undefined;
      const quantity = positions[0]!.quantity;
      return typeof quantity === 'number' && quantity !== 0 && snapshot.grossExposure > 0
        ? snapshot.grossExposure / Math.abs(quantity)
        : undefined;
    },
    activity(start, end) {
      const inside = windows.filter((w) => w.label === label && w.windowStart >= start && w.windowEnd <= end);
      if (inside.length === 0) return undefined;
      let trades = 0;
      let wins = 0;
      let turnover = 0;
      for (const w of inside) {
        trades += w.trades;
        wins += (w.hitRate ?? 0) * w.trades;
        turnover += w.turnover;
      }
      return { trades, hitRate: trades > 0 ? wins / trades : null, turnover };
    },
  };
}
