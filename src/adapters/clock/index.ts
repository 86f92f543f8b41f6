export { RealTimeClock, type RealTimeSource } from './real-time-clock.ts';
