import type { TradingStore } from '../../core/persistence/index.ts';

/** Base instant of {@link seedRun}: 2026-03-08T07:00:00Z. */
export const SEED_TIME = Date.UTC(2026, 2, 8, 7, 0, 0);

/** A payload with everything CSV must quote: commas, double quotes, a line break, non-ASCII text. */
export const AWKWARD_PAYLOAD = JSON.stringify({ note: 'a, "quoted"\nline', text: 'ü €', list: [1, 2] });

/**
 * Writes one complete run through the store's API, as a paper node would, for the tests of the
 * `runs` and `export` commands: 2 orders (one filled, one accepted), 1 fill, 2 positions (one flat),
 * 14 events, 1 risk event, 1 LLM decision, 2 metrics windows (one without ratios) and 2 portfolio
 * snapshots, then ends the run as `stopped`. Returns the run id.
 */
export async function seedRun(store: TradingStore, runId = 'paper-1', startedAt = SEED_TIME): Promise<string> {
  await store.startRun({ runId, mode: 'PAPER', configHash: 'hash-1', configVersion: 'v7', startedAt });
  const order = {
    clientOrderId: 'O-1',
    strategyId: 'ema-cross',
    instrumentId: 'BTCUSDT.BINANCE',
    side: 'buy',
    orderType: 'limit',
    quantity: 0.5,
    price: 43_210.5,
    triggerPrice: undefined,
    status: 'filled',
    venueOrderId: 'V-1',
    filledQuantity: 0.5,
    averageFillPrice: 43_210.5,
    createdAt: startedAt + 1_000,
    updatedAt: startedAt + 2_000,
    payload: AWKWARD_PAYLOAD,
  };
  const fill = {
    venue: 'BINANCE',
    tradeId: 'T-1',
    clientOrderId: 'O-1',
    venueOrderId: 'V-1',
    strategyId: 'ema-cross',
    instrumentId: 'BTCUSDT.BINANCE',
    accountId: 'PAPER-001',
    side: 'buy',
    quantity: 0.5,
    price: 43_210.5,
    fee: 2_160,
    feeCurrency: 'USDT',
    liquiditySide: 'taker',
    timestamp: startedAt + 2_000,
  };
  const position = (instrumentId: string, quantity: number) => ({
    instrumentId,
    strategyId: 'ema-cross',
    quantity,
    averageEntryPrice: 43_210.5,
    realizedPnl: quantity === 0 ? -1_250 : 0,
    updatedAt: startedAt + 2_000,
  });
  const snapshot = (offset: number, cash: number) => ({
    timestamp: startedAt + offset,
    cash,
    equity: cash + 2_160_525,
    grossExposure: 2_160_525,
    netExposure: 2_160_525,
    drawdown: 0.0125,
    payload: JSON.stringify({ cash }),
  });
  await store.commit(runId, [
    {
      events: [{ type: 'OrderSubmitted', timestamp: startedAt + 1_000, payload: AWKWARD_PAYLOAD }],
      orders: [{ ...order, status: 'submitted', filledQuantity: 0, averageFillPrice: 0 }],
      snapshot: snapshot(1_000, 10_000_000),
    },
    {
      bars: [1, 2].map((sequence) => ({
        sequence,
        phase: sequence === 1 ? ('warmup' as const) : ('live' as const),
        instrumentId: 'BTCUSDT.BINANCE',
        timeframe: '1m',
        timestamp: startedAt - 60_000 * (2 - sequence),
        open: 43_210.5,
        high: 43_250,
        low: 43_200.25,
        close: 43_221,
        volume: 12.5 * sequence,
      })),
    },
    {
      fill,
      events: [{ type: 'OrderFilled', timestamp: fill.timestamp, payload: JSON.stringify(fill) }],
      orders: [order, { ...order, clientOrderId: 'O-2', status: 'accepted', filledQuantity: 0, averageFillPrice: 0 }],
      positions: [position('BTCUSDT.BINANCE', 0.5), position('ETHUSDT.BINANCE', 0)],
    },
    {
      riskEvents: [
        {
          type: 'OrderDenied',
          timestamp: startedAt + 3_000,
          payload: JSON.stringify({ reason: 'max_gross_exposure, "hard"' }),
          instrumentId: undefined,
          strategyId: 'ema-cross',
        },
      ],
      llmDecisions: [
        {
          decisionId: 'D-1',
          type: 'PolicyDecided',
          timestamp: startedAt + 4_000,
          model: 'tiny.gguf',
          outcome: 'clipped',
          payload: AWKWARD_PAYLOAD,
        },
      ],
      metrics: [
        {
          label: '1d',
          windowStart: startedAt,
          windowEnd: startedAt + 86_400_000,
          sharpe: 1.5,
          sortino: 2.25,
          turnover: 0.5,
          hitRate: 1,
          trades: 1,
        },
        {
          label: '1h',
          windowStart: startedAt,
          windowEnd: startedAt + 3_600_000,
          sharpe: undefined,
          sortino: undefined,
          turnover: 0,
          hitRate: undefined,
          trades: 0,
        },
      ],
    },
    {
      events: Array.from({ length: 10 }, (_, i) => ({
        type: i % 2 === 0 ? 'BarClosed' : 'TimerFired',
        timestamp: startedAt + 5_000 + i,
        payload: JSON.stringify({ i }),
      })),
      snapshot: snapshot(6_000, 7_839_475),
    },
  ]);
  await store.endRun(runId, startedAt + 3_600_000, 'stopped');
  return runId;
}
