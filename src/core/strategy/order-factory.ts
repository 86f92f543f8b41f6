import { floorToIncrement, snapToIncrement } from '../model/decimal.ts';
import { clientOrderId, type InstrumentId, type StrategyId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest, OrderSide, OrderType, TimeInForce } from '../model/order.ts';

interface CommonOrderOptions {
  readonly instrumentId: InstrumentId | string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly timeInForce?: TimeInForce;
  readonly reduceOnly?: boolean;
  readonly tags?: readonly string[];
}

export interface LimitOrderOptions extends CommonOrderOptions {
  readonly price: number;
  readonly postOnly?: boolean;
  /** GTD expiry instant (sets time in force to GTD). */
  readonly expireTime?: number;
  /** Expire after this many bars once accepted (limit with a timeout). */
  readonly expireAfterBars?: number;
}

export interface StopMarketOrderOptions extends CommonOrderOptions {
  readonly triggerPrice: number;
  readonly expireTime?: number;
}

export interface StopLimitOrderOptions extends StopMarketOrderOptions {
  readonly price: number;
  readonly expireAfterBars?: number;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * Builds order requests with deterministic client order ids `<strategy>-<sequence>`, so the same
 * run always names its orders the same way. Nothing is sent until `context.submitOrder`.
 */
export class OrderFactory {
  private sequence = 0;

  constructor(
    private readonly strategyId: StrategyId,
    private readonly now: () => number,
    private readonly instrument: (id: InstrumentId | string) => Instrument,
  ) {}

  market(options: CommonOrderOptions): OrderRequest {
    return this.build('market', options, undefined, undefined, undefined, undefined, false);
  }

  limit(options: LimitOrderOptions): OrderRequest {
    return this.build(
      'limit',
      options,
      options.price,
      undefined,
      options.expireTime,
      options.expireAfterBars,
      options.postOnly ?? false,
    );
  }

  stopMarket(options: StopMarketOrderOptions): OrderRequest {
    return this.build('stop_market', options, undefined, options.triggerPrice, options.expireTime, undefined, false);
  }

  stopLimit(options: StopLimitOrderOptions): OrderRequest {
    return this.build(
      'stop_limit',
      options,
      options.price,
      options.triggerPrice,
      options.expireTime,
      options.expireAfterBars,
      false,
    );
  }

  /** Rounds a quantity down to the instrument's size increment. */
  roundQuantity(instrumentId: InstrumentId | string, quantity: number): number {
    const instrument = this.instrument(instrumentId);
    return floorToIncrement(quantity, instrument.sizeIncrement, instrument.sizePrecision);
  }

  /** Rounds a price to the nearest price increment. */
  roundPrice(instrumentId: InstrumentId | string, price: number): number {
    const instrument = this.instrument(instrumentId);
    return snapToIncrement(price, instrument.priceIncrement, instrument.pricePrecision);
  }

  private build(
    type: OrderType,
    options: CommonOrderOptions,
    price: number | undefined,
    triggerPrice: number | undefined,
    expireTime: number | undefined,
    expireAfterBars: number | undefined,
    postOnly: boolean,
  ): OrderRequest {
    const instrument = this.instrument(options.instrumentId);
    this.sequence++;
    return Object.freeze({
      clientOrderId: clientOrderId(`${this.strategyId}-${String(this.sequence).padStart(6, '0')}`),
      strategyId: this.strategyId,
      instrumentId: instrument.id,
      side: options.side,
      type,
      quantity: options.quantity,
      price,
      triggerPrice,
      timeInForce: options.timeInForce ?? (expireTime !== undefined ? 'GTD' : 'GTC'),
      expireTime,
      expireAfterBars,
      reduceOnly: options.reduceOnly ?? false,
      postOnly,
      tags: options.tags === undefined || options.tags.length === 0 ? NO_TAGS : Object.freeze([...options.tags]),
      createdAt: this.now(),
    });
  }
}
