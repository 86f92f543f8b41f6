import { Atr } from '../../indicators/atr.ts';
import type { Instrument } from '../../model/instrument.ts';
import type { OrderRequest } from '../../model/order.ts';
import { ExitKind } from './exit-levels.ts';
import type { ResolvedExitRules } from './exit-rules.ts';
import { PositionLevels } from './position-levels.ts';

/** The part an exit order plays: the resting stop, the resting take-profit, or a market exit. */
export type ExitRole = 'stop' | 'takeProfit' | 'exit';

/** An exit order the manager sent and has not yet seen close. */
export interface ExitOrder {
  readonly request: OrderRequest;
  readonly kind: ExitKind;
  readonly role: ExitRole;
  readonly book: ExitBook;
  /** Base units filled so far. */
  filled: number;
  /** A cancel was asked for: it no longer counts as working, though the venue may still fill it. */
  canceling: boolean;
}

/** A position's exits as they stand (prices on the grid, NaN when absent). */
export interface ExitSnapshot {
  readonly side: 'long' | 'short';
  /** |position|, base units. */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly bestPrice: number;
  readonly stopLoss: number;
  readonly trailingStop: number;
  /** The stop in force: the tighter of the two. */
  readonly stop: number;
  readonly stopKind: ExitKind;
  readonly takeProfit: number;
  readonly barsHeld: number;
  /** Client order ids of the working exit orders (native mode), not counting those being canceled. */
  readonly stopOrderId: string | undefined;
  readonly takeProfitOrderId: string | undefined;
  /** A market exit on its way (simulated levels crossed, or the time stop). */
  readonly exitOrderId: string | undefined;
}

/**
 * The manager's state for one instrument: the position as last seen, its levels, the exit orders
 * that work for it, and the ATR of its bars. Mutable; owned by one `ExitManager`.
 */
export class ExitBook {
  readonly levels: PositionLevels;
  /** Wilder ATR of the watched bars; only when some rule is in ATRs. */
  readonly atr: Atr | undefined;
  /** The timeframe whose bars count (the first seen unless the manager was given one). */
  timeframe: string | undefined;
  /** Signed position quantity as last seen (base units). */
  position = 0;
  /** Bars of the watched timeframe published since the opening fill (the fill's own bar counts). */
  barsHeld = 0;
  /** The time stop is due (bars counted, or the clock alert fired); the market exit goes out at once or on a later bar. */
  timeStopDue = false;
  timerSet = false;
  stop: ExitOrder | undefined;
  takeProfit: ExitOrder | undefined;
  exit: ExitOrder | undefined;
  /** Denials and rejections per role since the position last changed (the manager gives up on a role after a few). */
  readonly failures: Record<ExitRole, number> = { stop: 0, takeProfit: 0, exit: 0 };
  /**
   * Levels that a bar is checked against in simulated mode: those in force when the bar began
   * (set at the end of the previous bar, as a native order would have reached the venue). NaN
   * when none, e.g. during the bar of the opening fill.
   */
  armedStop = Number.NaN;
  armedStopKind: ExitKind = ExitKind.StopLoss;
  armedTakeProfit = Number.NaN;
  /** Exit orders whose cancel the venue refused while they still work: asked again on the next bar. */
  readonly recancel: ExitOrder[] = [];

  constructor(
    rules: ResolvedExitRules,
    readonly instrument: Instrument,
  ) {
    this.levels = new PositionLevels(rules, instrument);
    this.atr = rules.usesAtr ? new Atr({ period: rules.atrPeriod }) : undefined;
  }

  /** The ATR now, NaN until it is ready. */
  get atrValue(): number {
    const atr = this.atr;
    return atr?.isReady ? atr.value : Number.NaN;
  }

  arm(): void {
    const levels = this.levels;
    this.armedStop = levels.stop;
    this.armedStopKind = levels.stopKind;
    this.armedTakeProfit = levels.takeProfit;
  }

  disarm(): void {
    this.armedStop = Number.NaN;
    this.armedTakeProfit = Number.NaN;
  }

  /** The exits of the open position, or undefined when flat. */
  snapshot(): ExitSnapshot | undefined {
    const l = this.levels;
    if (l.quantity === 0) return undefined;
    return {
      side: l.sign > 0 ? 'long' : 'short',
      quantity: l.quantity,
      entryPrice: l.entryPrice,
      bestPrice: l.bestPrice,
      stopLoss: l.stopLoss,
      trailingStop: l.trailingStop,
      stop: l.stop,
      stopKind: l.stopKind,
      takeProfit: l.takeProfit,
      barsHeld: this.barsHeld,
      stopOrderId: this.stop?.request.clientOrderId,
      takeProfitOrderId: this.takeProfit?.request.clientOrderId,
      exitOrderId: this.exit?.request.clientOrderId,
    };
  }

  /** The position changed: failure counts start over. */
  resetFailures(): void {
    this.failures.stop = 0;
    this.failures.takeProfit = 0;
    this.failures.exit = 0;
  }
}
