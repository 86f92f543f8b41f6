/**
 * The work `bench/instructions/count.ts` counts under callgrind: `runs` runs of the EMA cross over
 * `bars` synthetic 1-minute bars (seed 1), through the engine's full path or the plain typed-array
 * limit loop. Prints the fills of the last run, so the parent can check both made the same trades.
 *
 *   node --import tsx bench/instructions/child.ts engine|limit <bars> <runs>
 */
import { allocateBarSeries, type BarSeries } from '../../src/core/model/data.ts';
import { benchInstrument, createBenchEngine, LIMIT_PARAMETERS } from '../engine-run.ts';
import { LimitOutput, runLimitLoop } from '../limit-loop.ts';
import { barRatios, SyntheticBarGenerator } from '../synthetic-bars.ts';

const [kind, barsText, runsText] = process.argv.slice(2);
const bars = Number(barsText);
const runs = Number(runsText);
if ((kind !== 'engine' && kind !== 'limit') || !(bars > 0) || !(runs > 0))
  throw new Error(`usage: child.ts engine|limit <bars> <runs>, got ${process.argv.slice(2).join(' ')}`);

const instrument = benchInstrument();
const allocated = allocateBarSeries(instrument.id, '1m', bars);
new SyntheticBarGenerator(barRatios(), { seed: 1 }).fill(allocated, 0, bars);
const series: BarSeries = { ...allocated, length: bars };

let fills = 0;
if (kind === 'engine') {
  for (let r = 0; r < runs; r++) {
    const engine = createBenchEngine(instrument);
    engine.processBars(series);
    fills = engine.finish().fills.length;
  }
} else {
  const out = new LimitOutput(bars);
  for (let r = 0; r < runs; r++) {
    out.fills = 0;
    runLimitLoop(series.timestamp, series.open, series.close, bars, LIMIT_PARAMETERS, out);
    fills = out.fills;
  }
}
process.stdout.write(`${JSON.stringify({ kind, bars, runs, fills })}\n`);
