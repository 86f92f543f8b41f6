export { crossDirection, type MaCrossParameters, MaCrossStrategy, maCrossParameters } from './ma-cross-strategy.ts';
