import type { Bar, OrderFilled, Strategy, StrategyContext } from 'tradewind';

interface Params {
  lookback: number;
  quantity: number;
  stop_loss_pct: number;
}

/**
 * Donchian breakout: buy when the close breaks above the highest high of the last `lookback`
 * bars, protect the position with a stop-market order `stop_loss_pct` below the fill, and exit
 * when the close falls below the lowest low of the last `lookback` bars.
 */
export class DonchianBreakout implements Strategy {
  private readonly highs: number[] = [];
  private readonly lows: number[] = [];
  private stopOrderId: string | undefined;
  private readonly params: Params;

  constructor(params: Partial<Params>) {
    this.params = { lookback: 20, quantity: 10, stop_loss_pct: 0.05, ...params };
  }

  onStart(context: StrategyContext): void {
    context.subscribeBars(context.cache.instruments()[0].id);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const { lookback, quantity } = this.params;
    if (this.highs.length === lookback) {
      const upper = Math.max(...this.highs);
      const lower = Math.min(...this.lows);
      const position = context.portfolio.positionQuantity(bar.instrumentId);
      const busy = context.cache.openOrders(bar.instrumentId).some((o) => o.type === 'market');
      if (!busy && position === 0 && bar.close > upper) {
        context.submitOrder(context.orders.market({ instrumentId: bar.instrumentId, side: 'buy', quantity }));
      } else if (!busy && position > 0 && bar.close < lower) {
        if (this.stopOrderId !== undefined) context.cancelOrder(this.stopOrderId);
        context.submitOrder(
          context.orders.market({ instrumentId: bar.instrumentId, side: 'sell', quantity: position }),
        );
      }
      this.highs.shift();
      this.lows.shift();
    }
    this.highs.push(bar.high);
    this.lows.push(bar.low);
  }

  onOrderFilled(fill: OrderFilled, context: StrategyContext): void {
    if (fill.side !== 'buy') return;
    const stop = context.orders.stopMarket({
      instrumentId: fill.instrumentId,
      side: 'sell',
      quantity: fill.lastQuantity,
      triggerPrice: context.orders.roundPrice(fill.instrumentId, fill.lastPrice * (1 - this.params.stop_loss_pct)),
      reduceOnly: true,
      tags: ['stop_loss'],
    });
    this.stopOrderId = stop.clientOrderId;
    context.submitOrder(stop);
  }
}
