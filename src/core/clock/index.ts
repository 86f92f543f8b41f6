export type { Clock, TimeEventHandler } from './clock.ts';
export { SimulatedClock } from './simulated-clock.ts';
