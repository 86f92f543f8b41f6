export { acceptanceCheck } from './acceptance-check.ts';
export { cumulativeFee, type FeeSchedule, feeRate } from './fee-model.ts';
export { type LatencyModel, NO_LATENCY, sampleLatency } from './latency-model.ts';
export { barPath, firstTouch, priceAt, type Touch } from './price-path.ts';
export { SimulatedExchange, type SimulatedExchangeConfig } from './simulated-exchange.ts';
export { NO_SLIPPAGE, type SlippageModel, slippageFraction } from './slippage-model.ts';
