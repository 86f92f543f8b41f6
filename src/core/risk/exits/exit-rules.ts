/**
 * What managed exits to attach to every position, as given (`ExitRules`) and as validated
 * (`ResolvedExitRules`). Distances are either a fraction of a price (the `percent` fields: 0.02
 * is 2%) or a multiple of the instrument's ATR (Wilder, `atrPeriod` bars of the watched timeframe).
 */

/** How exits are executed. */
export const ExitMode = {
  /** Resting reduce-only orders at the venue (stop-market for stops, limit for the take-profit), one-cancels-other. */
  Native: 'native',
  /** The manager watches each bar's path and sends a reduce-only market order once a level is crossed. */
  Simulated: 'simulated',
} as const;
export type ExitMode = (typeof ExitMode)[keyof typeof ExitMode];

/** A distance from a price: exactly one of the two. */
export interface ExitDistance {
  /** A fraction of the price, in (0, 1): 0.02 = 2%. */
  readonly percent?: number;
  /** A multiple of the ATR (price units per ATR), > 0. */
  readonly atrMultiple?: number;
}

export interface TakeProfitRule extends ExitDistance {
  /** A multiple of the stop-loss distance (an "R multiple"), > 0; needs `stopLoss`. */
  readonly riskMultiple?: number;
}

export interface TrailingStopRule extends ExitDistance {
  /**
   * Trail only once the best price since entry is this fraction beyond the entry price (in (0, 1),
   * 0.01 = 1% in profit); from the first bar otherwise.
   */
  readonly activationPercent?: number;
}

/** Exactly one of the two. */
export interface TimeStopRule {
  /** Exit after this many bars of the watched timeframe (an integer ≥ 1), counting the bar of the opening fill. */
  readonly bars?: number;
  /** Exit this many minutes (> 0) after the opening fill, by the clock. */
  readonly minutes?: number;
}

/** The managed exits of every position of one account (see `ExitManager`). At least one rule. */
export interface ExitRules {
  /** Below a long's (above a short's) average entry price. */
  readonly stopLoss?: ExitDistance;
  /** Above a long's (below a short's) average entry price. */
  readonly takeProfit?: TakeProfitRule;
  /** Behind the best price since entry (highest high of a long, lowest low of a short); only ever tightens. */
  readonly trailingStop?: TrailingStopRule;
  readonly timeStop?: TimeStopRule;
  /** Default `native`. */
  readonly mode?: ExitMode;
  /** ATR period in bars (Wilder), default 14; used by the `atrMultiple` distances. */
  readonly atrPeriod?: number;
}

/** A validated distance: `value` is a fraction of the price (`percent`), a multiple of the ATR, or of the stop distance (`risk`). */
export interface ResolvedDistance {
  readonly unit: 'percent' | 'atr' | 'risk';
  readonly value: number;
}

/** Validated, frozen rules (`resolveExitRules`). */
export interface ResolvedExitRules {
  readonly mode: ExitMode;
  readonly atrPeriod: number;
  /** True when some distance is in ATRs (the manager then keeps an ATR per instrument). */
  readonly usesAtr: boolean;
  readonly stopLoss: ResolvedDistance | undefined;
  readonly takeProfit: ResolvedDistance | undefined;
  readonly trailingStop: (ResolvedDistance & { readonly activation: number | undefined }) | undefined;
  /** Exactly one of the two is set. */
  readonly timeStop: { readonly bars: number | undefined; readonly minutes: number | undefined } | undefined;
}

const fail = (field: string, message: string): never => {
  throw new Error(`exit rules: ${field} ${message}`);
};

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function fraction(field: string, value: number): number {
  if (!isNumber(value) || !(value > 0 && value < 1))
    fail(field, `must be a fraction in (0, 1) (0.02 = 2%), got ${String(value)}`);
  return value;
}

function positive(field: string, value: number): number {
  if (!isNumber(value) || !(value > 0)) fail(field, `must be a finite number > 0, got ${String(value)}`);
  return value;
}

/** The one distance a rule sets, among `percent`, `atrMultiple` and (take-profit only) `riskMultiple`. */
function distanceOf(field: string, rule: TakeProfitRule, allowRisk: boolean): ResolvedDistance {
  const set = (['percent', 'atrMultiple', 'riskMultiple'] as const).filter((k) => rule[k] !== undefined);
  const allowed = allowRisk ? 'percent, atrMultiple or riskMultiple' : 'percent or atrMultiple';
  if (!allowRisk && set.includes('riskMultiple')) fail(`${field}.riskMultiple`, 'is not an option of this rule');
  if (set.length !== 1)
    fail(field, `needs exactly one of ${allowed}, got ${set.length === 0 ? 'none' : set.join(' and ')}`);
  const key = set[0]!;
  if (key === 'percent') return { unit: 'percent', value: fraction(`${field}.percent`, rule.percent!) };
  if (key === 'atrMultiple') return { unit: 'atr', value: positive(`${field}.atrMultiple`, rule.atrMultiple!) };
  return { unit: 'risk', value: positive(`${field}.riskMultiple`, rule.riskMultiple!) };
}

/**
 * Validates exit rules and returns them resolved and frozen. Throws an Error naming the field:
 * exactly one distance per rule, positive numbers, fractions below 1, `riskMultiple` only with a
 * `stopLoss`, exactly one of `bars` / `minutes` in a time stop, at least one rule.
 */
export function resolveExitRules(rules: ExitRules): ResolvedExitRules {
  const mode = rules.mode ?? ExitMode.Native;
  if (mode !== ExitMode.Native && mode !== ExitMode.Simulated)
    fail('mode', `must be 'native' or 'simulated', got ${String(mode)}`);
  const atrPeriod = rules.atrPeriod ?? 14;
  if (!Number.isInteger(atrPeriod) || atrPeriod < 1) fail('atrPeriod', `must be an integer ≥ 1, got ${atrPeriod}`);
  if (
    rules.stopLoss === undefined &&
    rules.takeProfit === undefined &&
    rules.trailingStop === undefined &&
    rules.timeStop === undefined
  )
    throw new Error('exit rules: need at least one of stopLoss, takeProfit, trailingStop, timeStop');
  const stopLoss = rules.stopLoss === undefined ? undefined : distanceOf('stopLoss', rules.stopLoss, false);
  const takeProfit = rules.takeProfit === undefined ? undefined : distanceOf('takeProfit', rules.takeProfit, true);
  if (takeProfit?.unit === 'risk' && stopLoss === undefined)
    fail('takeProfit.riskMultiple', 'needs a stopLoss (it is a multiple of the stop distance)');
  let trailingStop: ResolvedExitRules['trailingStop'];
  if (rules.trailingStop !== undefined) {
    const activation = rules.trailingStop.activationPercent;
    trailingStop = {
      ...distanceOf('trailingStop', rules.trailingStop, false),
      activation: activation === undefined ? undefined : fraction('trailingStop.activationPercent', activation),
    };
  }
  let timeStop: ResolvedExitRules['timeStop'];
  if (rules.timeStop !== undefined) {
    const { bars, minutes } = rules.timeStop;
    if ((bars === undefined) === (minutes === undefined))
      fail('timeStop', `needs exactly one of bars or minutes, got ${bars === undefined ? 'none' : 'both'}`);
    if (bars !== undefined && !(Number.isInteger(bars) && bars >= 1))
      fail('timeStop.bars', `must be an integer ≥ 1, got ${String(bars)}`);
    timeStop = { bars, minutes: minutes === undefined ? undefined : positive('timeStop.minutes', minutes) };
  }
  const usesAtr = [stopLoss, takeProfit, trailingStop].some((d) => d?.unit === 'atr');
  return Object.freeze({ mode, atrPeriod, usesAtr, stopLoss, takeProfit, trailingStop, timeStop });
}
