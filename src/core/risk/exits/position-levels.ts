import type { Instrument } from '../../model/instrument.ts';
import { distanceInPrice, ExitKind, type PositionSign, stopBehind, targetBeyond, tighterStop } from './exit-levels.ts';
import type { ResolvedExitRules } from './exit-rules.ts';

/**
 * The exit levels of one open position (prices on the instrument's grid, NaN when absent): the
 * fixed stop-loss and take-profit from the average entry price, and the trailing stop behind the
 * best price since entry, which only ever tightens. Pure state: no orders, no clock.
 */
export class PositionLevels {
  /** +1 long, −1 short; meaningful while `quantity` > 0. */
  sign: PositionSign = 1;
  /** |position| in base units; 0 when flat. */
  quantity = 0;
  entryPrice = Number.NaN;
  /** Time of the opening fill, Unix ms. */
  openedAt = 0;
  /** Highest high of a long (lowest low of a short) since entry; starts at the entry price. */
  bestPrice = Number.NaN;
  stopLoss = Number.NaN;
  takeProfit = Number.NaN;
  trailingStop = Number.NaN;
  /** ATR the fixed levels were computed with (NaN while it was not ready). */
  private entryAtr = Number.NaN;

  constructor(
    private readonly rules: ResolvedExitRules,
    readonly instrument: Instrument,
  ) {}

  /** A new position: levels from its average entry price and the ATR now (NaN when not ready). */
  open(sign: PositionSign, quantity: number, entryPrice: number, openedAt: number, atr: number): void {
    this.sign = sign;
    this.quantity = quantity;
    this.entryPrice = entryPrice;
    this.openedAt = openedAt;
    this.bestPrice = entryPrice;
    this.trailingStop = Number.NaN;
    this.entryAtr = atr;
    this.fixLevels();
    this.trail(atr);
  }

  /**
   * The position grew or shrank without changing side: a new average price moves the fixed levels
   * (with the ATR now, when ready); the trail keeps its best price.
   */
  resize(quantity: number, entryPrice: number, atr: number): void {
    this.quantity = quantity;
    if (entryPrice === this.entryPrice) return;
    this.entryPrice = entryPrice;
    if (!Number.isNaN(atr)) this.entryAtr = atr;
    this.fixLevels();
  }

  /** A bar after the entry: moves the best price and the trail; fixes the ATR levels once the ATR is ready. */
  update(high: number, low: number, atr: number): void {
    if (Number.isNaN(this.entryAtr) && !Number.isNaN(atr) && this.rules.usesAtr) {
      this.entryAtr = atr;
      this.fixLevels();
    }
    const best = this.sign > 0 ? Math.max(this.bestPrice, high) : Math.min(this.bestPrice, low);
    this.bestPrice = best;
    this.trail(atr);
  }

  clear(): void {
    this.quantity = 0;
    this.entryPrice = Number.NaN;
    this.bestPrice = Number.NaN;
    this.stopLoss = Number.NaN;
    this.takeProfit = Number.NaN;
    this.trailingStop = Number.NaN;
    this.entryAtr = Number.NaN;
  }

  /** The stop in force: the tighter of the fixed stop and the trail (NaN when neither). */
  get stop(): number {
    return tighterStop(this.sign, this.stopLoss, this.trailingStop);
  }

  /** Which rule sets `stop`: the trail when it is strictly tighter than the fixed stop (or alone). */
  get stopKind(): ExitKind {
    const trail = this.trailingStop;
    if (Number.isNaN(trail)) return ExitKind.StopLoss;
    const fixed = this.stopLoss;
    return Number.isNaN(fixed) || tighterStop(this.sign, fixed, trail) !== fixed
      ? ExitKind.TrailingStop
      : ExitKind.StopLoss;
  }

  /** Fixed stop-loss and take-profit from the entry price and `entryAtr`. */
  private fixLevels(): void {
    const { stopLoss, takeProfit } = this.rules;
    const entry = this.entryPrice;
    const stopDistance = stopLoss === undefined ? Number.NaN : distanceInPrice(stopLoss, entry, this.entryAtr);
    this.stopLoss = stopBehind(this.sign, entry, stopDistance, this.instrument);
    if (takeProfit === undefined) return;
    const targetDistance =
      takeProfit.unit === 'risk' ? takeProfit.value * stopDistance : distanceInPrice(takeProfit, entry, this.entryAtr);
    this.takeProfit = targetBeyond(this.sign, entry, targetDistance, this.instrument);
  }

  /** Tightens the trail behind the best price once active (percent of the best price, or ATRs now). */
  private trail(atr: number): void {
    const rule = this.rules.trailingStop;
    if (rule === undefined) return;
    const best = this.bestPrice;
    if (rule.activation !== undefined && this.sign * (best - this.entryPrice) < rule.activation * this.entryPrice)
      return;
    const level = stopBehind(this.sign, best, distanceInPrice(rule, best, atr), this.instrument);
    this.trailingStop = tighterStop(this.sign, this.trailingStop, level);
  }
}
