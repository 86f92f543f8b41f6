import { allocateBarSeries, BAR_COLUMN_NAMES, type Bar, type BarSeries, writeBarRow } from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { Timeframe } from '../../core/model/time.ts';

/** The bars a node traded, kept columnar in growable arrays (the report charts them; 48 bytes a bar). */
export class BarRecorder {
  private columns: BarSeries;

  constructor(
    private readonly instrumentId: InstrumentId,
    private readonly timeframe: Timeframe,
  ) {
    this.columns = allocateBarSeries(instrumentId, timeframe, 1024);
  }

  add(bar: Bar): void {
    let c = this.columns;
    if (c.length === c.timestamp.length) {
      const grown = { ...allocateBarSeries(this.instrumentId, this.timeframe, c.length * 2), length: c.length };
      for (const key of BAR_COLUMN_NAMES) grown[key].set(c[key]);
      this.columns = c = grown;
    }
    const i = c.length;
    writeBarRow(c, i, bar);
    (c as { length: number }).length = i + 1;
  }

  /** The bars recorded so far (views of the arrays: valid until the next `add`). */
  series(): BarSeries {
    return this.columns;
  }
}
