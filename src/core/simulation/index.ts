export { acceptanceCheck, affordableQuantity, reservedCashOf } from './acceptance-check.ts';
export { chargeFill, cumulativeFee, type FeeAccrual, type FeeSchedule, feeRate } from './fee-model.ts';
export { type LatencyModel, NO_LATENCY, sampleLatency } from './latency-model.ts';
export { type AmendmentContext, amendWorkingOrder, ORDER_CLOSED_REASON } from './order-amendment.ts';
export { hasExpired, type OrderTouch, touchOrder } from './order-touch.ts';
export { barPath, firstTouch, priceAt, type Touch } from './price-path.ts';
export { SimulatedExchange, type SimulatedExchangeConfig } from './simulated-exchange.ts';
export { NO_SLIPPAGE, type SlippageModel, slippageFraction, takerFillPrice } from './slippage-model.ts';
export type { WorkingOrder } from './working-order.ts';
