import type { Topic } from '../bus/message-bus.ts';
import type { Bar } from '../model/data.ts';
import type { Timeframe } from '../model/time.ts';
import type { SimulatedExchange } from '../simulation/simulated-exchange.ts';

/** A Bar whose fields the engine overwrites for each row: one object for the whole run. */
export class BarView implements Bar {
  constructor(
    public instrumentId: Bar['instrumentId'],
    public timeframe: Timeframe,
  ) {}
  timestamp = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
}

/** One instrument-and-timeframe bar stream the engine drives: its venue, topic, reused bar and stale-data state. */
export interface Feed {
  readonly index: number;
  readonly exchange: SimulatedExchange;
  readonly topic: Topic<Bar>;
  readonly view: BarView;
  readonly durationMs: number;
  lastTimestamp: number;
  /** Name of the feed's stream for the stale-data breaker. */
  readonly stream: string;
  /** Silence after a bar's close at which the stale-data check fires (ms; Infinity when not watched). */
  readonly staleAfterMs: number;
  /** A stale-data check was scheduled in the gap before the next bar: that bar must report back. */
  staleCheck: boolean;
}
