import { z } from 'zod';
import { Ema } from '../../core/indicators/ema.ts';
import { fitGaussianHmm, HmmFilter, labelRegimes, type Regime } from '../../core/ml/hmm/index.ts';
import type { Bar } from '../../core/model/data.ts';
import type { ExternalEvent, OrderEvent } from '../../core/model/events.ts';
import { isClosed } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { marketEntry } from '../shared/market-entry.ts';

const calibration = z
  .object({
    confidence_gain: z.number().positive().default(1).describe('multiplies the regime confidence before sizing'),
    quote_multiplier: z.number().positive().default(1).describe('multiplies the order quantity'),
    cooldown_scale: z.number().min(0).default(1).describe('multiplies cooldown_bars after an exit'),
  })
  .strict();
export type Calibration = z.infer<typeof calibration>;

export const maHmmEnsembleParameters = z
  .object({
    fast_period: z.number().int().min(1).default(20).describe('fast EMA period (bars)'),
    slow_period: z.number().int().min(2).default(100).describe('slow EMA period (bars)'),
    states: z.number().int().min(2).max(4).default(3).describe('HMM states fitted to log returns'),
    fit_bars: z.number().int().min(100).default(2000).describe('trailing bars of log returns each fit uses'),
    refit_bars: z.number().int().min(1).default(1440).describe('refit the HMM every this many bars (walk-forward)'),
    restarts: z.number().int().min(1).default(2).describe('seeded Baum–Welch restarts per fit'),
    seed: z.number().int().default(1).describe('seed of the fits'),
    min_confidence: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe('enter only when the regime confidence (after the gain) is at least this'),
    exit_confidence: z
      .number()
      .min(-1)
      .max(1)
      .default(-0.2)
      .describe('exit when the confidence in the trade direction falls below this'),
    quantity: z.number().positive().default(0.2).describe('base quantity at full confidence (base units)'),
    cooldown_bars: z
      .number()
      .int()
      .min(0)
      .default(30)
      .describe('bars without entries after an exit (× cooldown_scale)'),
    mode: z.enum(['long_only', 'long_short']).default('long_only').describe('trade longs only, or longs and shorts'),
    calibration: z
      .record(z.string(), calibration)
      .default({ '*': { confidence_gain: 1, quote_multiplier: 1, cooldown_scale: 1 } })
      .describe(
        "per-symbol calibration (confidence_gain, quote_multiplier, cooldown_scale) with '*' as the default; replaced at run time by a 'calibration' external event whose payload has the same shape",
      ),
    calibration_file: z
      .string()
      .min(1)
      .optional()
      .describe(
        "JSON file holding the calibration (the same shape), relative to the config: read at start in place of 'calibration', and watched by a live node, which publishes each valid change as a 'calibration' event",
      ),
  })
  .strict()
  .refine((p) => p.fast_period < p.slow_period, { message: 'fast_period must be below slow_period' });
export type MaHmmEnsembleParameters = z.infer<typeof maHmmEnsembleParameters>;

/**
 * An MA signal filtered and scaled by the market regime. At each bar's close: the MA signal is +1
 * while EMA(fast) > EMA(slow), −1 below (longs only in long_only). A Gaussian HMM of `states`
 * states is fitted to the last `fit_bars` one-bar log returns once that many have been seen, and
 * refitted every `refit_bars` bars on the trailing window (only past bars: walk-forward); between
 * fits its online filter gives P(regime | returns so far). Confidence in a direction = P(bull) −
 * P(bear) for a long, the reverse for a short, times the symbol's `confidence_gain`.
 *
 * While flat and out of cooldown, it enters at market in the signal's direction when the
 * confidence reaches `min_confidence`, with quantity = `quantity` × min(1, confidence) ×
 * `quote_multiplier` (rounded down to the lot). It exits at market when the signal turns or the
 * confidence in the trade falls below `exit_confidence`; then waits `cooldown_bars` ×
 * `cooldown_scale` bars. No entries before the first fit. A `calibration` external event
 * replaces the per-symbol calibration (logged as `ma_hmm_calibration_changed`).
 */
export class MaHmmEnsembleStrategy implements Strategy {
  static readonly parameters = maHmmEnsembleParameters;
  static readonly description: string =
    'MA crossover filtered and sized by HMM regime confidence (walk-forward refits, per-symbol calibration)';
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly returns: Float64Array;
  private seen = 0;
  private lastClose = Number.NaN;
  private filter: HmmFilter | undefined;
  private regimes: readonly Regime[] = [];
  private sinceFit = 0;
  private pendingId: string | undefined;
  private cooldown = 0;
  private calibration: Record<string, Calibration>;

  constructor(readonly params: MaHmmEnsembleParameters) {
    this.fast = new Ema({ period: params.fast_period });
    this.slow = new Ema({ period: params.slow_period });
    this.returns = new Float64Array(params.fit_bars);
    this.calibration = params.calibration;
  }

  onStart(context: StrategyContext): void {
    for (const instrument of context.cache.instruments()) context.subscribeBars(instrument.id);
    context.subscribeEvents('calibration');
  }

  onEvent(event: ExternalEvent, context: StrategyContext): void {
    const parsed = z.record(z.string(), calibration).safeParse(event.payload);
    if (!parsed.success) {
      context.log.warn('ma_hmm_calibration_refused', { source: event.source, issues: parsed.error.issues.length });
      return;
    }
    context.log.info('ma_hmm_calibration_changed', { source: event.source, from: this.calibration, to: parsed.data });
    this.calibration = parsed.data;
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    if (event.clientOrderId !== this.pendingId) return;
    const order = context.cache.order(event.clientOrderId);
    if (order === undefined || isClosed(order)) this.pendingId = undefined;
  }

  onBar(bar: Bar, context: StrategyContext): void {
    this.observe(bar.close);
    const fast = this.fast.update(bar.close);
    const slow = this.slow.update(bar.close);
    if (this.cooldown > 0) this.cooldown--;
    if (!this.slow.isReady || this.filter === undefined || this.pendingId !== undefined) return;
    const signal: 1 | -1 | 0 = fast > slow ? 1 : fast < slow && this.params.mode === 'long_short' ? -1 : 0;
    const symbol = context.cache.instrument(bar.instrumentId).symbol;
    const calibrated = this.calibration[symbol] ?? this.calibration['*'] ?? DEFAULT_CALIBRATION;
    const position = context.portfolio.positionQuantity(bar.instrumentId);
    if (position !== 0) {
      const held: 1 | -1 = position > 0 ? 1 : -1;
      const confidence = this.confidence(held) * calibrated.confidence_gain;
      if (signal !== held || confidence < this.params.exit_confidence) {
        const exit = context.orders.market({
          instrumentId: bar.instrumentId,
          side: held > 0 ? 'sell' : 'buy',
          quantity: Math.abs(position),
          reduceOnly: true,
          tags: [signal !== held ? 'signal_turned' : 'confidence_lost'],
        });
        this.pendingId = exit.clientOrderId;
        this.cooldown = Math.round(this.params.cooldown_bars * calibrated.cooldown_scale);
        context.submitOrder(exit);
      }
      return;
    }
    if (signal === 0 || this.cooldown > 0) return;
    const confidence = this.confidence(signal) * calibrated.confidence_gain;
    if (confidence < this.params.min_confidence) return;
    const quantity = this.params.quantity * Math.min(1, confidence) * calibrated.quote_multiplier;
    const order = marketEntry(context, bar.instrumentId, signal, quantity, {
      long: 'regime_long',
      short: 'regime_short',
    });
    if (order === undefined) return;
    this.pendingId = order.clientOrderId;
    context.submitOrder(order);
  }

  /** P(bull) − P(bear) for a long, the reverse for a short, under the filter's current probabilities. */
  private confidence(direction: 1 | -1): number {
    const probabilities = (this.filter as HmmFilter).probabilities;
    let bull = 0;
    let bear = 0;
    for (let k = 0; k < this.regimes.length; k++) {
      if (this.regimes[k] === 'bull') bull += probabilities[k]!;
      else if (this.regimes[k] === 'bear') bear += probabilities[k]!;
    }
    return direction * (bull - bear);
  }

  /** Records the bar's log return in the trailing window, refits when due, and filters. */
  private observe(close: number): void {
    const previous = this.lastClose;
    this.lastClose = close;
    if (!(previous > 0)) return;
    const r = Math.log(close / previous);
    const window = this.returns;
    window[this.seen % window.length] = r;
    this.seen++;
    if (this.filter !== undefined) this.filter.update(r);
    this.sinceFit++;
    if (this.seen >= window.length && (this.filter === undefined || this.sinceFit >= this.params.refit_bars))
      this.fitRegimes();
  }

  /** Fits the HMM to the trailing window in time order and restarts the filter over it. */
  private fitRegimes(): void {
    const window = this.returns;
    const ordered = new Float64Array(window.length);
    const start = this.seen % window.length;
    for (let i = 0; i < window.length; i++) ordered[i] = window[(start + i) % window.length]!;
    const model = fitGaussianHmm(ordered, {
      states: this.params.states,
      restarts: this.params.restarts,
      seed: this.params.seed,
    });
    const regimes: Regime[] = [];
    for (const label of labelRegimes(model)) regimes[label.state] = label.regime;
    this.regimes = regimes;
    const filter = new HmmFilter(model);
    for (let i = 0; i < ordered.length; i++) filter.update(ordered[i]!);
    this.filter = filter;
    this.sinceFit = 0;
  }
}

const DEFAULT_CALIBRATION: Calibration = { confidence_gain: 1, quote_multiplier: 1, cooldown_scale: 1 };
