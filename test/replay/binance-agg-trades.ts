import type { RecordedTrade } from './recorded-streams.ts';

/** Recorded trades a replay server serves as Binance spot `GET /api/v3/aggTrades`. */
export interface ReplayTrades {
  /** Binance market id the route answers for, e.g. `BTCUSDT`. */
  readonly marketId: string;
  /** In ascending time (and id) order, as recorded. */
  readonly trades: readonly RecordedTrade[];
  /**
   * The replayed venue's clock, Unix ms: trades after it have not happened yet and are not served
   * (a test passes its ManualTimers' now). Without it every recorded trade is visible.
   */
  readonly now?: () => number;
}

/**
 * Binance's answer to `GET /api/v3/aggTrades` over recorded trades, windowed as the venue
 * documents: with `fromId`, the oldest `limit` from that id; with `startTime` / `endTime`, the
 * oldest `limit` with trade time in [startTime, endTime]; with neither, the newest `limit`;
 * `limit` 500 by default, at most 1,000. The recording holds single trades without their taker
 * order, so they cannot be merged into true aggregates: each trade is served as an aggregate of
 * itself (`a` = `f` = `l` = its trade id), the shape Binance sends for an unmerged print.
 */
export function binanceAggTrades(
  source: ReplayTrades,
  query: Readonly<Record<string, string>>,
): { status: number; body: unknown; served: number } {
  if (query.symbol !== source.marketId)
    return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' }, served: 0 };
  const limit = Math.min(Number(query.limit ?? 500), 1000);
  const now = source.now?.() ?? Number.POSITIVE_INFINITY;
  const visible = source.trades.filter((t) => t.timestamp <= now);
  let rows: readonly RecordedTrade[];
  if (query.fromId !== undefined) {
    const fromId = Number(query.fromId);
    rows = visible.filter((t) => Number(t.tradeId) >= fromId).slice(0, limit);
  } else if (query.startTime !== undefined || query.endTime !== undefined) {
    const start = Number(query.startTime ?? Number.NEGATIVE_INFINITY);
    const end = Number(query.endTime ?? Number.POSITIVE_INFINITY);
    rows = visible.filter((t) => t.timestamp >= start && t.timestamp <= end).slice(0, limit);
  } else {
    rows = visible.slice(-limit);
  }
  const body = rows.map((t) => ({
    a: Number(t.tradeId),
    p: String(t.price),
    q: String(t.quantity),
    f: Number(t.tradeId),
    l: Number(t.tradeId),
    T: t.timestamp,
    m: t.buyerMaker,
    M: true,
  }));
  return { status: 200, body, served: rows.length };
}
