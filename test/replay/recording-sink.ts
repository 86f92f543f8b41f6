import type { DataSink, DataStatusEvent } from '../../src/core/data/data-client.ts';
import type { Bar, QuoteTick, TradeTick } from '../../src/core/model/data.ts';

/** A DataSink that keeps everything it is handed, in arrival order, for tests to inspect. */
export class RecordingSink implements DataSink {
  readonly bars: Bar[] = [];
  readonly trades: TradeTick[] = [];
  readonly quotes: QuoteTick[] = [];
  readonly events: DataStatusEvent[] = [];
  onBar(bar: Bar) {
    this.bars.push(bar);
  }
  onTradeTick(trade: TradeTick) {
    this.trades.push(trade);
  }
  onQuoteTick(quote: QuoteTick) {
    this.quotes.push(quote);
  }
  onStatus(event: DataStatusEvent) {
    this.events.push(event);
  }
  /** The status event types in order. */
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}
