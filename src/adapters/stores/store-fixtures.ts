import type {
  EventRecord,
  PortfolioSnapshotRecord,
  RunStart,
  StoreChange,
  StoredBar,
  StoredFill,
  StoredOrder,
  StoredPosition,
} from '../../core/persistence/index.ts';

/**
 * Records for the store's contract suite and benchmark. Times are whole epoch milliseconds; the
 * default base instant, 2026-03-08T07:00:00Z, is the minute New York moves its clocks forward.
 */
export const FIXTURE_TIME = Date.UTC(2026, 2, 8, 7, 0, 0);

export function fixtureRun(runId: string, startedAt = FIXTURE_TIME): RunStart {
  return { runId, mode: 'PAPER', configHash: 'cfg-hash-1', configVersion: 'v1', startedAt };
}

export function fixtureEvent(index: number, timestamp = FIXTURE_TIME + index): EventRecord {
  return {
    type: index % 2 === 0 ? 'OrderSubmitted' : 'OrderAccepted',
    timestamp,
    payload: JSON.stringify({ index, note: 'ü €', nested: { z: 1, a: [1.5, -0.25] } }),
  };
}

export function fixtureOrder(index: number, status = 'accepted', filledQuantity = 0): StoredOrder {
  const clientOrderId = `O-${index}`;
  return {
    clientOrderId,
    strategyId: 'ema-cross',
    instrumentId: 'BTC-PERP.SIM',
    side: index % 2 === 0 ? 'buy' : 'sell',
    orderType: 'limit',
    quantity: 0.5,
    price: 43_210.5,
    triggerPrice: undefined,
    status,
    venueOrderId: `V-${index}`,
    filledQuantity,
    averageFillPrice: filledQuantity > 0 ? 43_210.5 : 0,
    createdAt: FIXTURE_TIME + index,
    updatedAt: FIXTURE_TIME + index + 1,
    payload: JSON.stringify({ clientOrderId, status }),
  };
}

export function fixtureFill(index: number, tradeId = `T-${index}`, venue = 'SIM'): StoredFill {
  return {
    venue,
    tradeId,
    clientOrderId: `O-${index}`,
    venueOrderId: `V-${index}`,
    strategyId: 'ema-cross',
    instrumentId: `BTC-PERP.${venue}`,
    accountId: 'SIM-001',
    side: index % 2 === 0 ? 'buy' : 'sell',
    quantity: 0.001 * (1 + (index % 7)),
    price: 43_000 + (index % 100) * 0.5,
    fee: 215 + (index % 3),
    feeCurrency: 'USDT',
    liquiditySide: 'taker',
    timestamp: FIXTURE_TIME + index * 60_000,
  };
}

export function fixturePosition(quantity: number, updatedAt = FIXTURE_TIME): StoredPosition {
  return {
    instrumentId: 'BTC-PERP.SIM',
    strategyId: 'ema-cross',
    quantity,
    averageEntryPrice: 43_100.25,
    realizedPnl: -1_250,
    updatedAt,
  };
}

export function fixtureSnapshot(timestamp: number, cash: number): PortfolioSnapshotRecord {
  return {
    timestamp,
    cash,
    equity: cash + 1_000,
    grossExposure: 21_605,
    netExposure: -21_605,
    drawdown: 0.0125,
    payload: JSON.stringify({ cash, positions: [{ instrument: 'BTC-PERP.SIM', quantity: -0.5 }] }),
  };
}

/**
 * One fill's change as a node would write it: the fill, its `OrderFilled` event, the order
 * (filled) and the position it moves.
 */
export function fillChange(index: number, fill = fixtureFill(index), positionQuantity = fill.quantity): StoreChange {
  return {
    fill,
    events: [{ type: 'OrderFilled', timestamp: fill.timestamp, payload: JSON.stringify(fill) }],
    orders: [{ ...fixtureOrder(index, 'filled', 0.5), updatedAt: fill.timestamp }],
    positions: [fixturePosition(positionQuantity, fill.timestamp)],
  };
}

/** A minute bar of the run's input (`sequence` from 1), with fractional prices and volume. */
export function fixtureBar(sequence: number, phase: StoredBar['phase'] = 'live'): StoredBar {
  return {
    sequence,
    phase,
    instrumentId: 'BTC-PERP.SIM',
    timeframe: '1m',
    timestamp: FIXTURE_TIME + sequence * 60_000,
    open: 43_210.5 + sequence,
    high: 43_260.25 + sequence,
    low: 43_190.75 + sequence,
    close: 43_230.125 + sequence,
    volume: 12.345678 * sequence,
  };
}
