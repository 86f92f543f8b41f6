import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AdvisorInputError } from './advisor-input-error.ts';
import { csvRecords, jsonLineRecords, numberCell, timeCell } from './read-text-lines.ts';
import { riskRecord } from './risk-records.ts';
import type { FillRecord, RiskRecord, RunRecord, RunSettings } from './run-record.ts';
import { fallbackSettings, runSettings } from './run-settings.ts';

/** A run directory read: the record, its equity file and its starting equity. */
export interface RunDirectory {
  readonly record: RunRecord;
  readonly equityPath: string;
  readonly initialEquity: number;
}

/** The line of a JSON.parse error, from the position it names. */
function jsonErrorLine(text: string, error: Error): number | undefined {
  const byLine = /line (\d+)/.exec(error.message);
  if (byLine !== null) return Number(byLine[1]);
  const byPosition = /position (\d+)/.exec(error.message);
  if (byPosition === null) return undefined;
  return text.slice(0, Number(byPosition[1])).split('\n').length;
}

function readSummary(path: string): Record<string, unknown> {
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AdvisorInputError(
      path,
      jsonErrorLine(text, error as Error),
      `not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AdvisorInputError(path, undefined, 'must hold a JSON object');
  return value as Record<string, unknown>;
}

/** The settings of a directory without config.yaml: the summary's strategies. */
function summarySettings(summary: Record<string, unknown>): RunSettings {
  const pnl = Array.isArray(summary.strategy_pnl) ? (summary.strategy_pnl as Record<string, unknown>[]) : [];
  const ids = pnl.map((p) => String(p.strategy_id)).filter((id) => id !== 'RISK');
  if (ids.length === 0 && typeof summary.strategy === 'string') ids.push(summary.strategy);
  return fallbackSettings(ids);
}

async function readOrders(path: string): Promise<Map<string, string>> {
  const strategyOf = new Map<string, string>();
  for await (const row of csvRecords(path, path, ['client_order_id', 'strategy_id']))
    strategyOf.set(row.cells[row.columns.client_order_id!]!, row.cells[row.columns.strategy_id!]!);
  return strategyOf;
}

const FILL_COLUMNS = ['timestamp', 'client_order_id', 'instrument_id', 'side', 'quantity', 'price', 'fee', 'liquidity'];

async function readFills(
  path: string,
  strategyOf: ReadonlyMap<string, string>,
  only: string | undefined,
): Promise<FillRecord[]> {
  const fills: FillRecord[] = [];
  for await (const row of csvRecords(path, path, FILL_COLUMNS, ['slippage'])) {
    const c = row.columns;
    const side = row.cells[c.side!]!;
    if (side !== 'buy' && side !== 'sell')
      throw new AdvisorInputError(path, row.line, `side '${side}' is neither buy nor sell`);
    const orderId = row.cells[c.client_order_id!]!;
    const strategyId = strategyOf.get(orderId) ?? only;
    if (strategyId === undefined)
      throw new AdvisorInputError(path, row.line, `order ${orderId} is not in orders.csv: its strategy is unknown`);
    const slippageColumn = c.slippage ?? -1;
    fills.push({
      time: timeCell(row, c.timestamp!, path, 'timestamp'),
      strategyId,
      instrumentId: row.cells[c.instrument_id!]!,
      side,
      quantity: numberCell(row, c.quantity!, path, 'quantity'),
      price: numberCell(row, c.price!, path, 'price'),
      fee: numberCell(row, c.fee!, path, 'fee'),
      liquidity: row.cells[c.liquidity!]!,
      slippage: slippageColumn < 0 ? undefined : numberCell(row, slippageColumn, path, 'slippage', true),
    });
  }
  // Written in time order; a stable sort keeps same-time fills as they were.
  return fills
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.time - b.f.time || a.i - b.i)
    .map((x) => x.f);
}

async function readRisk(path: string): Promise<RiskRecord[]> {
  const out: RiskRecord[] = [];
  for await (const { line, value } of jsonLineRecords(path, path)) {
    const record = riskRecord(value);
    if (typeof record === 'string') throw new AdvisorInputError(path, line, `not a risk event: ${record}`);
    out.push(record);
  }
  return out;
}

/** The last `regime` each strategy's (or the run's) log lines recorded. */
async function readRegimes(path: string): Promise<Map<string, string>> {
  const regimes = new Map<string, string>();
  for await (const { value } of jsonLineRecords(path, path))
    if (typeof value.regime === 'string')
      regimes.set(typeof value.strategy_id === 'string' ? value.strategy_id : '', value.regime);
  return regimes;
}

/**
 * Reads a backtest run directory (summary.json and equity.csv required; config.yaml, orders.csv,
 * fills.csv, risk.log.jsonl and log.jsonl when there, each absence noted). Every malformed row or
 * line is an AdvisorInputError naming the file and line.
 */
export async function readRunDirectory(dir: string): Promise<RunDirectory> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new AdvisorInputError(root, undefined, 'no such run directory');
  const file = (name: string) => join(root, name);
  for (const name of ['summary.json', 'equity.csv'])
    if (!existsSync(file(name)))
      throw new AdvisorInputError(
        file(name),
        undefined,
        'not found: a backtest run directory holds summary.json and equity.csv',
      );
  const summary = readSummary(file('summary.json'));
  const initialEquity = summary.initial_equity;
  if (typeof initialEquity !== 'number' || !(initialEquity > 0))
    throw new AdvisorInputError(file('summary.json'), undefined, "'initial_equity' must be a positive number");
  const notes: string[] = [];
  const missing = (name: string) => {
    const there = existsSync(file(name));
    if (!there) notes.push(`${name} missing`);
    return !there;
  };
  const strategyOf = missing('orders.csv') ? new Map<string, string>() : await readOrders(file('orders.csv'));
  let settings: RunSettings;
  if (missing('config.yaml')) settings = summarySettings(summary);
  else {
    const path = file('config.yaml');
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path, 'utf8'));
    } catch (error) {
      const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      throw new AdvisorInputError(path, line, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    settings = runSettings(raw, path, {
      timeframe: typeof summary.timeframe === 'string' ? summary.timeframe : undefined,
      strategyName: typeof summary.strategy === 'string' ? summary.strategy : undefined,
      tradedStrategyIds: [...new Set(strategyOf.values())],
    });
  }
  const only = settings.strategies.length === 1 ? settings.strategies[0]!.id : undefined;
  const fills = missing('fills.csv') ? [] : await readFills(file('fills.csv'), strategyOf, only);
  const risk = missing('risk.log.jsonl') ? [] : await readRisk(file('risk.log.jsonl'));
  const regimes = existsSync(file('log.jsonl')) ? await readRegimes(file('log.jsonl')) : new Map<string, string>();
  return {
    record: { source: root, runId: basename(root), mode: 'SIM', settings, fills, risk, regimes, notes },
    equityPath: file('equity.csv'),
    initialEquity,
  };
}

/** equity.csv's points, checked: ISO times strictly increasing, finite equity. */
export async function* equityPoints(path: string): AsyncGenerator<{ time: number; equity: number }> {
  let previous = Number.NEGATIVE_INFINITY;
  for await (const row of csvRecords(path, path, ['timestamp', 'equity'])) {
    const time = timeCell(row, row.columns.timestamp!, path, 'timestamp');
    if (!(time > previous)) throw new AdvisorInputError(path, row.line, 'timestamps must increase from row to row');
    previous = time;
    yield { time, equity: numberCell(row, row.columns.equity!, path, 'equity') };
  }
}
