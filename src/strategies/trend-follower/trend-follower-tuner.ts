import type { TrendFollowerParameters } from './trend-follower-parameters.ts';

/** The settings the auto-tune moves; everything else stays as configured. */
export interface TrendFollowerSettings {
  readonly rsiPeriod: number;
  readonly stopAtr: number;
  readonly targetAtr: number;
  readonly cooldownBars: number;
}

/** Multiples are kept to 4 decimals so repeated steps print and compare cleanly. */
const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;
const clamp = (value: number, [low, high]: readonly [number, number]): number => Math.min(high, Math.max(low, value));
/** An integer step of `step` × value, at least 1. */
const integerStep = (value: number, step: number): number => Math.max(1, Math.round(value * step));

/**
 * One auto-tune step from the rolling win rate (a fraction of winning trades). Below
 * `target_win_rate − tune_tolerance` the strategy is losing too often: the stop widens
 * (× (1 + step)), the target comes closer (× (1 − step)), the cooldown and the RSI window lengthen
 * (fewer, smoother signals). Above `target_win_rate + tune_tolerance` every move is reversed:
 * tighter stop, farther target, shorter cooldown and RSI window. Inside the band nothing changes.
 * Every result is clamped to its `*_bounds`. Pure and deterministic.
 */
export function tuneTrendFollower(
  current: TrendFollowerSettings,
  winRate: number,
  params: Pick<
    TrendFollowerParameters,
    | 'target_win_rate'
    | 'tune_tolerance'
    | 'tune_step'
    | 'rsi_period_bounds'
    | 'stop_atr_bounds'
    | 'target_atr_bounds'
    | 'cooldown_bars_bounds'
  >,
): TrendFollowerSettings {
  const step = params.tune_step;
  let direction: 1 | -1;
  if (winRate < params.target_win_rate - params.tune_tolerance) direction = 1;
  else if (winRate > params.target_win_rate + params.tune_tolerance) direction = -1;
  else return current;
  return {
    rsiPeriod: clamp(current.rsiPeriod + direction * integerStep(current.rsiPeriod, step), params.rsi_period_bounds),
    stopAtr: clamp(round4(current.stopAtr * (1 + direction * step)), params.stop_atr_bounds),
    targetAtr: clamp(round4(current.targetAtr * (1 - direction * step)), params.target_atr_bounds),
    cooldownBars: clamp(
      current.cooldownBars + direction * integerStep(current.cooldownBars, step),
      params.cooldown_bars_bounds,
    ),
  };
}
