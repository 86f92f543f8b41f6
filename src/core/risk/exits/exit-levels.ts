import { ceilToIncrement, floorToIncrement } from '../../model/decimal.ts';
import type { Instrument } from '../../model/instrument.ts';
import { barPath, firstTouch, type Touch } from '../../simulation/price-path.ts';
import type { ResolvedDistance } from './exit-rules.ts';

/** Why an exit order exists; its second tag (the first is `EXIT_TAG`). */
export const ExitKind = {
  StopLoss: 'STOP_LOSS',
  TakeProfit: 'TAKE_PROFIT',
  TrailingStop: 'TRAILING_STOP',
  TimeStop: 'TIME_STOP',
} as const;
export type ExitKind = (typeof ExitKind)[keyof typeof ExitKind];

/** First tag of every exit order, so reports can tell managed exits from strategy orders. */
export const EXIT_TAG = 'EXIT';

const TAGS: Readonly<Record<ExitKind, readonly string[]>> = Object.freeze({
  STOP_LOSS: Object.freeze([EXIT_TAG, ExitKind.StopLoss]),
  TAKE_PROFIT: Object.freeze([EXIT_TAG, ExitKind.TakeProfit]),
  TRAILING_STOP: Object.freeze([EXIT_TAG, ExitKind.TrailingStop]),
  TIME_STOP: Object.freeze([EXIT_TAG, ExitKind.TimeStop]),
});

/** The tags of an exit order of `kind`: `['EXIT', kind]` (one frozen array per kind). */
export function exitTags(kind: ExitKind): readonly string[] {
  return TAGS[kind];
}

/** The exit kind an order's tags name, or undefined when it is not a managed exit. */
export function exitKindOf(tags: readonly string[]): ExitKind | undefined {
  return tags[0] === EXIT_TAG && tags[1] !== undefined && tags[1] in TAGS ? (tags[1] as ExitKind) : undefined;
}

/** +1 for a long position, −1 for a short. */
export type PositionSign = 1 | -1;

/**
 * Price units of a distance: a fraction of `price`, or a multiple of `atr` (NaN while the ATR is
 * not ready). `risk` distances are resolved by the caller.
 */
export function distanceInPrice(distance: ResolvedDistance, price: number, atr: number): number {
  return distance.unit === 'percent' ? price * distance.value : distance.unit === 'atr' ? distance.value * atr : NaN;
}

/**
 * A protective stop `distance` price units behind `reference` (below a long's, above a short's),
 * on the price grid and never farther than the distance: a long's rounds up, a short's down.
 * NaN when the distance is unknown or the level would not be a positive price.
 */
export function stopBehind(sign: PositionSign, reference: number, distance: number, instrument: Instrument): number {
  if (!(distance > 0)) return NaN;
  const raw = reference - sign * distance;
  if (!(raw > 0)) return NaN;
  const { priceIncrement, pricePrecision } = instrument;
  const level =
    sign > 0
      ? ceilToIncrement(raw, priceIncrement, pricePrecision)
      : floorToIncrement(raw, priceIncrement, pricePrecision);
  return level > 0 ? level : NaN;
}

/**
 * A take-profit `distance` price units beyond `entry` (above a long's, below a short's), on the
 * grid and never farther: a long's rounds down, a short's up. NaN when unknown or not positive.
 */
export function targetBeyond(sign: PositionSign, entry: number, distance: number, instrument: Instrument): number {
  if (!(distance > 0)) return NaN;
  const raw = entry + sign * distance;
  if (!(raw > 0)) return NaN;
  const { priceIncrement, pricePrecision } = instrument;
  const level =
    sign > 0
      ? floorToIncrement(raw, priceIncrement, pricePrecision)
      : ceilToIncrement(raw, priceIncrement, pricePrecision);
  return level > 0 ? level : NaN;
}

/** The tighter (nearer the market) of two stops of a position; NaN only when both are. */
export function tighterStop(sign: PositionSign, a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return sign > 0 ? Math.max(a, b) : Math.min(a, b);
}

/** Which level a bar's path reaches first. */
export const Crossing = { None: 0, Stop: 1, TakeProfit: 2 } as const;
export type Crossing = (typeof Crossing)[keyof typeof Crossing];

/**
 * Which of a position's levels a bar crosses first along the path the simulated venue uses (open,
 * nearer extreme, other extreme, close): the stop when the price reaches it (at or below a long's,
 * at or above a short's), the take-profit likewise on the other side. NaN levels are absent. At
 * the same point of the path the stop wins (the pessimistic reading). `path` (length ≥ 4) and
 * `touch` are scratch buffers, so a bar allocates nothing.
 */
export function firstCrossing(
  sign: PositionSign,
  bar: { readonly open: number; readonly high: number; readonly low: number; readonly close: number },
  stop: number,
  takeProfit: number,
  path: Float64Array,
  touch: Touch,
): Crossing {
  const count = barPath(bar.open, bar.high, bar.low, bar.close, path);
  let stopAt = Number.POSITIVE_INFINITY;
  if (!Number.isNaN(stop) && firstTouch(path, count, stop, sign > 0, 0, touch)) stopAt = touch.position;
  let targetAt = Number.POSITIVE_INFINITY;
  if (!Number.isNaN(takeProfit) && firstTouch(path, count, takeProfit, sign < 0, 0, touch)) targetAt = touch.position;
  if (stopAt === Number.POSITIVE_INFINITY && targetAt === Number.POSITIVE_INFINITY) return Crossing.None;
  return stopAt <= targetAt ? Crossing.Stop : Crossing.TakeProfit;
}
