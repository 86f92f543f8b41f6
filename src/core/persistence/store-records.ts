/**
 * The plain records the operational store keeps (see `TradingStore`). Every time is UTC epoch
 * milliseconds (`UnixMillis`, an integer), never a local time; prices and quantities are doubles on
 * the instrument's grid and money is in the currency's minor units (ADR 0001). `payload` fields are
 * JSON text written by the caller and returned byte for byte (the store never reorders their keys).
 */
import type { UnixMillis } from '../model/time.ts';

/** Trading mode of a run. */
export const RunMode = { Sim: 'SIM', Paper: 'PAPER', Live: 'LIVE' } as const;
export type RunMode = (typeof RunMode)[keyof typeof RunMode];

/** Life-cycle of a run: `running` until `endRun` marks it `stopped` (clean) or `failed`. */
export const RunStatus = { Running: 'running', Stopped: 'stopped', Failed: 'failed' } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** What `startRun` needs. */
export interface RunStart {
  readonly runId: string;
  readonly mode: RunMode;
  /** Digest of the resolved configuration (see `ConfigVersion`). */
  readonly configHash: string;
  /** Human version label of that configuration (`v3`, a git describe, …). */
  readonly configVersion: string;
  readonly startedAt: UnixMillis;
}

/** A run as stored. `lastSequence` is the sequence of its newest event (0 before the first). */
export interface StoredRun extends RunStart {
  readonly status: RunStatus;
  readonly endedAt: UnixMillis | undefined;
  readonly lastSequence: number;
}

/** One resolved configuration, kept once per hash. `content` is the configuration text (secrets redacted by the caller). */
export interface ConfigVersion {
  readonly configHash: string;
  readonly configVersion: string;
  readonly createdAt: UnixMillis;
  readonly content: string;
}

/** An event to append: the store assigns its sequence. `type` is the event's name (`OrderFilled`, `TradingStateChanged`, …). */
export interface EventRecord {
  readonly type: string;
  readonly timestamp: UnixMillis;
  /** The event as JSON text. */
  readonly payload: string;
}

/** An event as stored: gap-free `sequence` from 1 within its run. */
export interface StoredEvent extends EventRecord {
  readonly runId: string;
  readonly sequence: number;
}

/** An order's current state, upserted by (run, client order id). */
export interface StoredOrder {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  /** `buy` | `sell`. */
  readonly side: string;
  /** `market` | `limit` | `stop_market` | `stop_limit`. */
  readonly orderType: string;
  readonly quantity: number;
  readonly price: number | undefined;
  readonly triggerPrice: number | undefined;
  /** An `OrderStatus` value (`initialized`, `submitted`, `accepted`, `partially_filled`, `filled`, …). */
  readonly status: string;
  readonly venueOrderId: string | undefined;
  readonly filledQuantity: number;
  readonly averageFillPrice: number;
  readonly createdAt: UnixMillis;
  readonly updatedAt: UnixMillis;
  /**
   * The order's fields that no column holds (time in force, expiry, flags, tags, trade ids, …) as
   * JSON text: with the columns, the whole order. Rows written before 2026-11-22 hold the whole order.
   */
  readonly payload: string;
}

/** One execution, inserted once per (run, venue, trade id). */
export interface StoredFill {
  readonly venue: string;
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly accountId: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  /** In `feeCurrency`; positive is a cost. */
  readonly fee: number;
  readonly feeCurrency: string;
  /** `maker` | `taker`. */
  readonly liquiditySide: string;
  readonly timestamp: UnixMillis;
}

/** A position's current state, upserted by (run, instrument, strategy). */
export interface StoredPosition {
  readonly instrumentId: string;
  readonly strategyId: string;
  /** Signed base units: positive long, negative short, 0 flat. */
  readonly quantity: number;
  readonly averageEntryPrice: number;
  readonly realizedPnl: number;
  readonly updatedAt: UnixMillis;
}

/** Portfolio figures at one instant, plus the state needed to rebuild from it. */
export interface PortfolioSnapshotRecord {
  readonly timestamp: UnixMillis;
  readonly cash: number;
  readonly equity: number;
  /** Sum of |position value|, quote currency. */
  readonly grossExposure: number;
  /** Sum of signed position values, quote currency. */
  readonly netExposure: number;
  /** Fraction below the equity peak, 0…1. */
  readonly drawdown: number;
  /** Full state (accounts, positions, open orders, timers…) as JSON text. */
  readonly payload: string;
}

/** A stored snapshot: `sequence` is the last event it includes; recovery replays the events after it. */
export interface StoredSnapshot extends PortfolioSnapshotRecord {
  readonly runId: string;
  readonly sequence: number;
}

/** Performance over one window, upserted by (run, label, window start). Ratios are undefined when not computable. */
export interface MetricsWindowRecord {
  /** Window name, e.g. `1d` or `rolling_30d`. */
  readonly label: string;
  readonly windowStart: UnixMillis;
  readonly windowEnd: UnixMillis;
  readonly sharpe: number | undefined;
  readonly sortino: number | undefined;
  /** Traded notional over mean equity in the window. */
  readonly turnover: number;
  /** Winning round trips over all round trips closed in the window, 0…1; undefined without trades. */
  readonly hitRate: number | undefined;
  readonly trades: number;
}

/** A risk event (trading state change, denial, kill switch, breaker): appended to the event log and kept in `risk_events`. */
export interface RiskEventRecord extends EventRecord {
  readonly instrumentId: string | undefined;
  readonly strategyId: string | undefined;
}

/** An LLM policy decision: appended to the event log and kept in `llm_decisions`, unique per (run, decision id). */
export interface LlmDecisionRecord extends EventRecord {
  readonly decisionId: string;
  readonly model: string;
  /** `approved` | `rejected` | `clipped` … as the advisor's gate decided. */
  readonly outcome: string;
}

/** A processed message of an idempotent consumer. `processedAt` comes from the caller's clock. */
export interface ProcessedMessage {
  readonly consumer: string;
  readonly messageId: string;
  readonly processedAt: UnixMillis;
}

/** Which part of a run a stored bar fed: the warm-up before trading, or the session's bars. */
export const BarPhase = { Warmup: 'warmup', Live: 'live' } as const;
export type BarPhase = (typeof BarPhase)[keyof typeof BarPhase];

/**
 * One input bar of a run, kept so a restart can re-execute what the live stream delivered (a live
 * paper session's bars cannot be read again from a file). `sequence` is the bar's place in the
 * run's input, from 1, assigned by the caller; the store refuses a second bar with the same one.
 */
export interface StoredBar {
  readonly sequence: number;
  readonly phase: BarPhase;
  readonly instrumentId: string;
  readonly timeframe: string;
  /** Open time, UTC epoch milliseconds. */
  readonly timestamp: UnixMillis;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}
