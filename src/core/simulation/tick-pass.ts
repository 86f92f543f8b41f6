import type { QuoteTick } from '../model/data.ts';
import type { SlippageModel } from './slippage-model.ts';

/**
 * How one matching pass of a simulated venue budgets and prices its fills: a bar's, or a quote's
 * or a trade's (docs/simulation.md). Reused: the venue rewrites it for every bar or tick.
 */
export interface MatchPass {
  /** Points on each side's price path (4 for a bar, 1 for a tick). */
  count: number;
  /** Volume that market impact is measured against, per side (base units; 0 = unknown). */
  buyVolume: number;
  sellVolume: number;
  /** Base units the pass may still fill, per side. */
  buyBudget: number;
  sellBudget: number;
  /** A bar's budget is one for both sides: a fill of either side uses it up. */
  sharedBudget: boolean;
  /** Ticks: a resting limit order that the price reaches fills at its own limit price (maker). */
  restingAtLimit: boolean;
  slippage: SlippageModel;
}

/**
 * What one tick of `size` lets the venue fill: `participation` of it (0 = all of it). A size of
 * zero is unknown liquidity and is not limited.
 */
export function tickBudget(size: number, participation: number): number {
  if (!(size > 0)) return Number.POSITIVE_INFINITY;
  return participation > 0 ? participation * size : size;
}

/**
 * `pass` for a top-of-book quote: buys meet the ask within the ask size, sells the bid within the
 * bid size. `slippage` is the venue's without the half spread (the quote's spread is real).
 */
export function quotePass(
  pass: MatchPass,
  quote: QuoteTick,
  participation: number,
  slippage: SlippageModel,
): MatchPass {
  pass.count = 1;
  pass.buyVolume = quote.askSize;
  pass.sellVolume = quote.bidSize;
  pass.buyBudget = tickBudget(quote.askSize, participation);
  pass.sellBudget = tickBudget(quote.bidSize, participation);
  pass.sharedBudget = false;
  pass.restingAtLimit = true;
  pass.slippage = slippage;
  return pass;
}

/**
 * `pass` for a trade print: both sides meet its price, each within its size; takers pay the
 * venue's whole slippage (a print's price is neither side's quote).
 */
export function tradePass(pass: MatchPass, size: number, participation: number, slippage: SlippageModel): MatchPass {
  pass.count = 1;
  pass.buyVolume = pass.sellVolume = size;
  pass.buyBudget = pass.sellBudget = tickBudget(size, participation);
  pass.sharedBudget = false;
  pass.restingAtLimit = true;
  pass.slippage = slippage;
  return pass;
}
