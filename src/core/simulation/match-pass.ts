import type { Bar, QuoteTick, TradeTick } from '../model/data.ts';
import { barPath } from './price-path.ts';
import type { SlippageModel } from './slippage-model.ts';
import type { DeskMarket } from './venue-order-desk.ts';

/**
 * What one matching pass of a simulated venue meets (docs/simulation.md): the price path of each
 * side, the volume each side may fill and how fills are priced; for a bar (four points shared by
 * both sides), a quote (buys the ask, sells the bid) or a trade (both sides its price). One
 * instance per venue, rewritten for every bar or tick: matching allocates nothing.
 */
export class MatchPass implements DeskMarket {
  /** The path buy orders meet: a bar's four points, or a tick's one. */
  readonly buyPath = new Float64Array(4);
  /** The path sell orders meet: `buyPath` itself for a bar, a tick's own point otherwise. */
  sellPath: Float64Array = this.buyPath;
  private readonly tickSellPath = new Float64Array(1);
  /** Points on each side's path (4 for a bar, 1 for a tick). */
  count = 0;
  /** Volume that market impact is measured against, per side (base units; 0 = unknown). */
  buyVolume = 0;
  sellVolume = 0;
  /** Base units the pass may still fill, per side. */
  buyBudget = 0;
  sellBudget = 0;
  /** A bar's budget is one for both sides: a fill of either side uses it up. */
  sharedBudget = true;
  /** The pass is a bar: each working order has worked one more bar (`expireAfterBars`); ticks count no bars. */
  isBar = false;
  /** Orders of the instrument matched work through bars: a bar pass, or ticks the engine builds bars from (set by the exchange). */
  countsBars = false;
  slippage: SlippageModel;
  /** Slippage against a quote: the spread is in the bid and ask already, only impact remains. */
  private readonly quoteSlippage: SlippageModel;

  constructor(
    /** The venue's share of volume a pass may fill (0 = no limit on bars, the whole size on ticks). */
    private readonly participation: number,
    /** The venue's slippage model. */
    private readonly venueSlippage: SlippageModel,
  ) {
    this.slippage = venueSlippage;
    this.quoteSlippage = Object.freeze({ halfSpreadBps: 0, impactBps: venueSlippage.impactBps });
  }

  /** Ticks: a resting limit order that the price reaches fills at its own limit price (maker). */
  get restingAtLimit(): boolean {
    return !this.isBar;
  }

  /** The price a buy meets now (a bar's open, a quote's ask, a trade's price). */
  get buyPrice(): number {
    return this.buyPath[0];
  }

  /** The price a sell meets now (a bar's open, a quote's bid, a trade's price). */
  get sellPrice(): number {
    return this.sellPath[0];
  }

  /** A bar: its intrabar path for both sides, `participation` of its volume shared by both (unknown volume: no limit). */
  forBar(bar: Bar): void {
    this.count = barPath(bar.open, bar.high, bar.low, bar.close, this.buyPath);
    this.sellPath = this.buyPath;
    this.buyVolume = this.sellVolume = bar.volume;
    this.buyBudget = this.sellBudget =
      this.participation > 0 && bar.volume > 0 ? this.participation * bar.volume : Number.POSITIVE_INFINITY;
    this.sharedBudget = true;
    this.isBar = true;
    this.slippage = this.venueSlippage;
  }

  /** A top-of-book quote: buys meet the ask within the ask size, sells the bid within the bid size; no half spread. */
  forQuote(quote: QuoteTick): void {
    this.forTick(quote.ask, quote.bid, quote.askSize, quote.bidSize, this.quoteSlippage);
  }

  /** A trade print: both sides meet its price within its size; takers pay the whole model (a print is neither side's quote). */
  forTrade(trade: TradeTick): void {
    this.forTick(trade.price, trade.price, trade.size, trade.size, this.venueSlippage);
  }

  private forTick(
    buyPrice: number,
    sellPrice: number,
    buySize: number,
    sellSize: number,
    slippage: SlippageModel,
  ): void {
    this.count = 1;
    this.buyPath[0] = buyPrice;
    this.tickSellPath[0] = sellPrice;
    this.sellPath = this.tickSellPath;
    this.buyVolume = buySize;
    this.sellVolume = sellSize;
    this.buyBudget = this.tickBudget(buySize);
    this.sellBudget = this.tickBudget(sellSize);
    this.sharedBudget = false;
    this.isBar = false;
    this.slippage = slippage;
  }

  /** What a tick of `size` lets one side fill: `participation` of it, else all of it; size 0 is unknown, not limited. */
  private tickBudget(size: number): number {
    if (!(size > 0)) return Number.POSITIVE_INFINITY;
    return this.participation > 0 ? this.participation * size : size;
  }
}
