export { Ema } from './ema.ts';
export { Sma } from './sma.ts';
