export { type TrendFollowerParameters, trendFollowerParameters } from './trend-follower-parameters.ts';
export { TrendFollowerStrategy } from './trend-follower-strategy.ts';
export { type TrendFollowerSettings, tuneTrendFollower } from './trend-follower-tuner.ts';
