export { type MaCrossParameters, MaCrossSignal, MaCrossStrategy, maCrossParameters } from './ma-cross-strategy.ts';
