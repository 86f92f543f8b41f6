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

  /** The position changed: failure counts start over. */
  resetFailures(): void {
    this.failures.stop = 0;
    this.failures.takeProfit = 0;
    this.failures.exit = 0;
  }
}
