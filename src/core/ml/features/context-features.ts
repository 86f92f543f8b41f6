import type { BarColumns, BarInput, StreamingIndicator } from '../../indicators/indicator.ts';
import { computeIndicator, parseIndicatorSpec } from '../../indicators/registry.ts';
import type { FeatureKernel, FeatureStream } from './feature-kernel.ts';
import { type ExternalFeature, FeatureSpecError, type IndicatorFeature } from './feature-spec.ts';

/** Kernels of the calendar, indicator and external features. */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Radians per minute of the day, per day of the week. */
const MINUTE_ANGLE = (2 * Math.PI) / 1440;
const WEEKDAY_ANGLE = (2 * Math.PI) / 7;
/** 1970-01-01 (day 0 of Unix time) was a Thursday: 3 with Monday = 0. */
const EPOCH_WEEKDAY = 3;

/** Minute of the UTC day (0 … 1439) of a Unix-millisecond time, negative times included. */
export function utcMinuteOfDay(timestamp: number): number {
  const withinDay = timestamp % DAY_MS;
  return Math.floor((withinDay < 0 ? withinDay + DAY_MS : withinDay) / MINUTE_MS);
}

/** UTC day of the week, Monday 0 … Sunday 6, of a Unix-millisecond time. */
export function utcDayOfWeek(timestamp: number): number {
  const weekday = (Math.floor(timestamp / DAY_MS) + EPOCH_WEEKDAY) % 7;
  return weekday < 0 ? weekday + 7 : weekday;
}

/** A feature of the bar's open time alone: `angle(timestamp)` as sine and cosine. */
function cyclicKernel(columns: readonly string[], angle: (timestamp: number) => number): FeatureKernel {
  return {
    columns,
    lookback: 0,
    batch(bars: BarColumns, length: number, out: readonly Float64Array[]) {
      const sine = out[0]!;
      const cosine = out[1]!;
      const timestamp = bars.timestamp;
      for (let t = 0; t < length; t++) {
        const a = angle(timestamp[t]!);
        sine[t] = Math.sin(a);
        cosine[t] = Math.cos(a);
      }
    },
    stream: (): FeatureStream => ({
      update(bar: BarInput, _index: number, row: Float64Array, offset: number) {
        const a = angle(bar.timestamp);
        row[offset] = Math.sin(a);
        row[offset + 1] = Math.cos(a);
      },
      reset() {},
    }),
  };
}

/** `time_of_day_sin`, `time_of_day_cos`. */
export function timeOfDayKernel(columns: readonly string[]): FeatureKernel {
  return cyclicKernel(columns, (timestamp) => utcMinuteOfDay(timestamp) * MINUTE_ANGLE);
}

/** `day_of_week_sin`, `day_of_week_cos`. */
export function dayOfWeekKernel(columns: readonly string[]): FeatureKernel {
  return cyclicKernel(columns, (timestamp) => utcDayOfWeek(timestamp) * WEEKDAY_ANGLE);
}

/**
 * A registry indicator: the batch form for columns, the streaming form for rows (the indicator
 * library keeps both forms equal bit for bit; the feature tests check it on real bars).
 */
export function indicatorKernel(spec: IndicatorFeature, columns: readonly string[]): FeatureKernel {
  const parsed = parseIndicatorSpec(spec.name);
  const { definition, parameters } = parsed;
  const outputs = definition.outputs;
  return {
    columns,
    lookback: definition.lookback(parameters),
    batch(bars: BarColumns, length: number, out: readonly Float64Array[]) {
      const view = length === bars.close.length ? bars : sliceColumns(bars, length);
      const values = computeIndicator(parsed, { bars: view });
      for (let k = 0; k < outputs.length; k++) out[k]!.set(values[k]!.subarray(0, length));
    },
    stream(): FeatureStream {
      const indicator = definition.create(parameters) as StreamingIndicator & Readonly<Record<string, number>>;
      const byValue = definition.input === 'value';
      return {
        update(bar: BarInput, _index: number, row: Float64Array, offset: number) {
          if (byValue) indicator.update(bar.close);
          else indicator.update(bar);
          for (let k = 0; k < outputs.length; k++) row[offset + k] = indicator[outputs[k]!]!;
        },
        reset: () => indicator.reset(),
      };
    },
  };
}

function sliceColumns(bars: BarColumns, length: number): BarColumns {
  return {
    timestamp: bars.timestamp.subarray(0, length),
    open: bars.open.subarray(0, length),
    high: bars.high.subarray(0, length),
    low: bars.low.subarray(0, length),
    close: bars.close.subarray(0, length),
    volume: bars.volume.subarray(0, length),
  };
}

/**
 * An external column. Batch copies `values`; the stream reads `values[index]` when given, else
 * the value last set through `set` (NaN until then).
 */
export function externalKernel(
  spec: ExternalFeature,
  columns: readonly string[],
): FeatureKernel & { readonly name: string } {
  const values = spec.values;
  return {
    name: spec.name,
    columns,
    lookback: 0,
    batch(_bars: BarColumns, length: number, out: readonly Float64Array[]) {
      if (values === undefined) throw new FeatureSpecError(`external '${spec.name}' has no values to compute a batch`);
      if (values.length < length)
        throw new FeatureSpecError(`external '${spec.name}' has ${values.length} values for ${length} bars`);
      out[0]!.set(values.subarray(0, length));
    },
    stream(): ExternalStream {
      let current = Number.NaN;
      return {
        set(value: number) {
          current = value;
        },
        update(_bar: BarInput, index: number, row: Float64Array, offset: number) {
          row[offset] = values === undefined ? current : index < values.length ? values[index]! : Number.NaN;
        },
        reset() {
          current = Number.NaN;
        },
      };
    },
  };
}

/** The stream of an external column: its value for the next update is `set` by the caller. */
export interface ExternalStream extends FeatureStream {
  set(value: number): void;
}
