/**
 * Test support (nothing in the engine imports it): a BacktestEngine with managed exits
 * (`risk.exits`, wired by the TradingKernel), plus scripted strategies.
 */
import { BacktestEngine, type BacktestEngineConfig } from '../../kernel/backtest-engine.ts';
import type { Bar } from '../../model/data.ts';
import type { OrderEvent } from '../../model/events.ts';
import type { Instrument } from '../../model/instrument.ts';
import type { OrderSide } from '../../model/order.ts';
import type { Logger } from '../../strategy/logger.ts';
import type { Strategy } from '../../strategy/strategy.ts';
import type { StrategyContext } from '../../strategy/strategy-context.ts';
import type { ExitManager } from './exit-manager.ts';
import type { ExitRules } from './exit-rules.ts';

/** Priority of the manager's subscriptions: it sees fills and bars before the strategies do. */
export const EXIT_MANAGER_PRIORITY = 10;

export interface ExitHarness {
  readonly engine: BacktestEngine;
  readonly manager: ExitManager;
  /** Every order event of every strategy (the RISK exits included), in order. */
  readonly events: OrderEvent[];
  /** Warnings the manager logged. */
  readonly warnings: { event: string; fields?: Record<string, unknown> }[];
}

/** A margin account with 1,000,000 USD, no fees, no latency, and the manager on `instrument`'s `timeframe` bars. */
export function exitHarness(options: {
  readonly instrument: Instrument;
  readonly rules: ExitRules;
  readonly timeframe?: string;
  readonly engine?: Partial<BacktestEngineConfig>;
}): ExitHarness {
  const warnings: ExitHarness['warnings'] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (event, fields) => warnings.push({ event, fields }),
    error: (event, fields) => warnings.push({ event, fields }),
  };
  // The kernel's own wiring (risk.exits): the manager sees fills and bars before the strategies.
  const engine = new BacktestEngine({
    startingCash: 1_000_000,
    baseCurrency: options.instrument.quoteCurrency.code,
    accountType: 'margin',
    leverage: 1,
    seed: 7,
    logger,
    ...options.engine,
    risk: { ...options.engine?.risk, exits: options.rules },
  });
  engine.addInstrument(options.instrument);
  const manager = engine.kernel.exits as ExitManager;
  const events: OrderEvent[] = [];
  engine.kernel.bus.subscribe<OrderEvent>('events.order.*', (event) => events.push(event), EXIT_MANAGER_PRIORITY + 1);
  return { engine, manager, events, warnings };
}

/** One scripted order: at the close of bar `at` (0-based), a market order (reduce-only when asked). */
export interface ScriptedOrder {
  readonly at: number;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly reduceOnly?: boolean;
}

/** Sends market orders at fixed bars: entries, scale-ins, partial closes and flips of the worked examples. */
export class ScriptedOrders implements Strategy {
  private index = -1;
  constructor(
    private readonly instrument: Instrument,
    private readonly script: readonly ScriptedOrder[],
  ) {}
  onStart(context: StrategyContext): void {
    context.subscribeBars(this.instrument.id);
  }
  onBar(_bar: Bar, context: StrategyContext): void {
    this.index++;
    for (const step of this.script) {
      if (step.at !== this.index) continue;
      const { side, quantity, reduceOnly } = step;
      context.submitOrder(context.orders.market({ instrumentId: this.instrument.id, side, quantity, reduceOnly }));
    }
  }
}
