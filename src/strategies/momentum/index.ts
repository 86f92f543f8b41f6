export { type MomentumParameters, MomentumStrategy, momentumParameters } from './momentum-strategy.ts';
