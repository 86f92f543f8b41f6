export { AbdiRanaldoSpread, type AbdiRanaldoSpreadOptions } from './abdi-ranaldo-spread.ts';
export { ScalperBook, SpreadSource } from './scalper-book.ts';
export { ScalperTag } from './scalper-orders.ts';
export { type ScalperParameters, scalperParameters } from './scalper-parameters.ts';
export { ScalperStrategy } from './scalper-strategy.ts';
