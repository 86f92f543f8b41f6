import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitCsvLine } from '../../adapters/data/record-table.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** One row of orders.csv that explanations use. */
export interface OrderRecord {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly createdAt: number;
  readonly reason: string;
  readonly tags: readonly string[];
}

/** One row of fills.csv. `slippage` is quote currency per unit against the reference price. */
export interface FillRecord {
  readonly timestamp: number;
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  readonly slippage: number;
}

/** One line of risk.log.jsonl: its time, event name (snake_case) and every field as written. */
export interface RiskRecord {
  readonly timestamp: number;
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A strategy's log line (log.jsonl lines that carry `strategy` and `ts`). */
export interface DecisionRecord {
  readonly strategy: string;
  readonly timestamp: number;
  readonly event: string;
}

/** The equity curve of equity.csv as columns; the first `length` entries are valid. */
export interface EquityColumns {
  readonly timestamps: Float64Array;
  readonly equity: Float64Array;
  /** Drawdown from the running peak; absent: computed from the peak, starting at the initial equity. */
  readonly drawdown?: Float64Array;
  readonly length: number;
}

/** The texts of a run directory's files that explanations are built from (absent optional files: empty). */
export interface RunTexts {
  /** The run directory (or a label), used to name files in errors. */
  readonly dir: string;
  readonly orders: string;
  readonly fills: string;
  readonly equity: string;
  readonly riskLog: string;
  readonly log: string;
  /** Starting equity (summary.json `initial_equity`); absent: the first equity point. */
  readonly initialEquity?: number;
}

/** The parsed run: orders by client id, fills, equity, risk log and strategy decisions, each in file order. */
export interface RunRecords {
  readonly dir: string;
  readonly orders: ReadonlyMap<string, OrderRecord>;
  readonly fills: readonly FillRecord[];
  readonly equity: EquityColumns;
  readonly risk: readonly RiskRecord[];
  readonly decisions: readonly DecisionRecord[];
  readonly initialEquity: number;
}

const fail = (file: string, line: number, message: string): never => {
  throw new ConfigError(`${file}:${line}: ${message}`);
};

/** Splits CSV text into a header lookup and data lines (line numbers 1-based, header is line 1). */
function* csvRows(
  file: string,
  text: string,
  required: readonly string[],
): Generator<{ cells: string[]; line: number; at: (name: string) => string }> {
  const lines = text.split('\n');
  const header = splitCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  if (header === undefined || (header.length === 1 && header[0] === '')) fail(file, 1, 'no header line');
  const index = new Map<string, number>();
  for (const [i, name] of (header as string[]).entries()) index.set(name.trim(), i);
  for (const name of required) if (!index.has(name)) fail(file, 1, `missing column "${name}"`);
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw === '') {
      if (i === lines.length - 1) break;
      fail(file, i + 1, 'blank line');
    }
    const cells = splitCsvLine(raw);
    if (cells === undefined) fail(file, i + 1, 'unterminated quote');
    const row = cells as string[];
    if (row.length !== (header as string[]).length)
      fail(file, i + 1, `${row.length} fields, the header has ${(header as string[]).length}`);
    yield { cells: row, line: i + 1, at: (name) => row[index.get(name) as number] };
  }
}

function timeOf(file: string, line: number, field: string, value: string): number {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) fail(file, line, `${field} "${value}" is not a time`);
  return time;
}

function numberOf(file: string, line: number, field: string, value: string, empty?: number): number {
  if (value === '' && empty !== undefined) return empty;
  const number = Number(value);
  if (value === '' || !Number.isFinite(number)) fail(file, line, `${field} "${value}" is not a number`);
  return number;
}

/** orders.csv → orders by client order id. */
export function parseOrders(file: string, text: string): Map<string, OrderRecord> {
  const orders = new Map<string, OrderRecord>();
  const columns = ['client_order_id', 'strategy_id', 'instrument_id', 'created_at', 'reason', 'tags'];
  for (const { line, at } of csvRows(file, text, columns)) {
    const id = at('client_order_id');
    if (id === '') fail(file, line, 'client_order_id is empty');
    orders.set(id, {
      clientOrderId: id,
      strategyId: at('strategy_id'),
      instrumentId: at('instrument_id'),
      createdAt: timeOf(file, line, 'created_at', at('created_at')),
      reason: at('reason'),
      tags: at('tags') === '' ? [] : at('tags').split(' '),
    });
  }
  return orders;
}

/** fills.csv → fills in file (time) order; every fill's order must be in `orders`. */
export function parseFills(file: string, text: string, orders: ReadonlyMap<string, OrderRecord>): FillRecord[] {
  const fills: FillRecord[] = [];
  const columns = ['timestamp', 'client_order_id', 'instrument_id', 'side', 'quantity', 'price', 'fee', 'slippage'];
  let previous = Number.NEGATIVE_INFINITY;
  for (const { line, at } of csvRows(file, text, columns)) {
    const side = at('side');
    if (side !== 'buy' && side !== 'sell') fail(file, line, `side "${side}" is neither buy nor sell`);
    const clientOrderId = at('client_order_id');
    if (!orders.has(clientOrderId)) fail(file, line, `order ${clientOrderId} is not in orders.csv`);
    const timestamp = timeOf(file, line, 'timestamp', at('timestamp'));
    if (timestamp < previous) fail(file, line, `timestamp ${at('timestamp')} is before the previous fill's`);
    previous = timestamp;
    const quantity = numberOf(file, line, 'quantity', at('quantity'));
    if (quantity <= 0) fail(file, line, `quantity ${quantity} is not positive`);
    fills.push({
      timestamp,
      clientOrderId,
      instrumentId: at('instrument_id'),
      side: side as 'buy' | 'sell',
      quantity,
      price: numberOf(file, line, 'price', at('price')),
      fee: numberOf(file, line, 'fee', at('fee'), 0),
      slippage: numberOf(file, line, 'slippage', at('slippage'), 0),
    });
  }
  return fills;
}

/** equity.csv → columns (timestamps non-decreasing). */
export function parseEquity(file: string, text: string): EquityColumns {
  const rows = Math.max(0, text.split('\n').length - 1);
  const timestamps = new Float64Array(rows);
  const equity = new Float64Array(rows);
  const drawdown = new Float64Array(rows);
  let n = 0;
  for (const { line, at } of csvRows(file, text, ['timestamp', 'equity', 'drawdown'])) {
    timestamps[n] = timeOf(file, line, 'timestamp', at('timestamp'));
    if (n > 0 && timestamps[n] < timestamps[n - 1]) fail(file, line, 'timestamp goes back in time');
    equity[n] = numberOf(file, line, 'equity', at('equity'));
    drawdown[n] = numberOf(file, line, 'drawdown', at('drawdown'), 0);
    n++;
  }
  return { timestamps, equity, drawdown, length: n };
}

function* jsonLines(file: string, text: string): Generator<{ value: Record<string, unknown>; line: number }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      fail(file, i + 1, `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, i + 1, 'not a JSON object');
    yield { value: value as Record<string, unknown>, line: i + 1 };
  }
}

/** risk.log.jsonl → records in time order (each needs `event` and `ts_ms` or `ts`). */
export function parseRiskLog(file: string, text: string): RiskRecord[] {
  const records: RiskRecord[] = [];
  for (const { value, line } of jsonLines(file, text)) {
    if (typeof value.event !== 'string') fail(file, line, 'no "event" field');
    const ts =
      typeof value.ts_ms === 'number' ? value.ts_ms : typeof value.ts === 'string' ? Date.parse(value.ts) : NaN;
    if (!Number.isFinite(ts)) fail(file, line, 'no "ts_ms" or "ts" time');
    records.push({ timestamp: ts, event: value.event as string, fields: value });
  }
  // Stable: equal times keep the file's order.
  return records.sort((a, b) => a.timestamp - b.timestamp);
}

/** log.jsonl → the strategies' decisions (lines with a `strategy` and a numeric `ts`); other lines are skipped. */
export function parseDecisionLog(file: string, text: string): DecisionRecord[] {
  const decisions: DecisionRecord[] = [];
  for (const { value } of jsonLines(file, text)) {
    if (typeof value.strategy !== 'string' || typeof value.ts !== 'number' || typeof value.event !== 'string') continue;
    decisions.push({ strategy: value.strategy, timestamp: value.ts, event: value.event });
  }
  return decisions;
}

/** Parses every file of a run; errors name the file and line. */
export function parseRunTexts(texts: RunTexts): RunRecords {
  const orders = parseOrders(join(texts.dir, 'orders.csv'), texts.orders);
  const equity = parseEquity(join(texts.dir, 'equity.csv'), texts.equity);
  return {
    dir: texts.dir,
    orders,
    fills: parseFills(join(texts.dir, 'fills.csv'), texts.fills, orders),
    equity,
    risk: parseRiskLog(join(texts.dir, 'risk.log.jsonl'), texts.riskLog),
    decisions: parseDecisionLog(join(texts.dir, 'log.jsonl'), texts.log),
    initialEquity: texts.initialEquity ?? (equity.length > 0 ? equity.equity[0] : 0),
  };
}

async function readText(path: string, optional: boolean): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`);
  }
}

/** Reads the files of a run directory (risk.log.jsonl and log.jsonl may be absent in older runs). */
export async function readRunTexts(dir: string): Promise<RunTexts> {
  const summaryPath = join(dir, 'summary.json');
  const summaryText = await readText(summaryPath, true);
  let initialEquity: number | undefined;
  if (summaryText !== '') {
    let summary: unknown;
    try {
      summary = JSON.parse(summaryText);
    } catch (error) {
      throw new ConfigError(`${summaryPath}: not valid JSON: ${(error as Error).message}`);
    }
    const value = (summary as { initial_equity?: unknown } | null)?.initial_equity;
    if (typeof value === 'number' && Number.isFinite(value)) initialEquity = value;
  }
  return {
    dir,
    orders: await readText(join(dir, 'orders.csv'), false),
    fills: await readText(join(dir, 'fills.csv'), false),
    equity: await readText(join(dir, 'equity.csv'), false),
    riskLog: await readText(join(dir, 'risk.log.jsonl'), true),
    log: await readText(join(dir, 'log.jsonl'), true),
    initialEquity,
  };
}
