import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, PACKAGE_ROOT } from '../config/load-backtest-config.ts';
import { type DayFacts, dayFacts } from './day-facts.ts';
import { dayTemplate, tradeTemplate } from './explanation-text.ts';
import { parseRunTexts, type RunRecords, readRunTexts } from './run-records.ts';
import { type TradeFacts, tradeFacts } from './trade-facts.ts';

/** The run directory's file of explanations. */
export const EXPLANATIONS_FILE = 'explanations.jsonl';

/** Who wrote an explanation's text: the template, or a model (`model:<name>`). */
export type ExplanationSource = 'template' | `model:${string}`;

/** A trade's facts, its explanation and who wrote it: one line of explanations.jsonl. */
export type TradeExplanation = { readonly kind: 'trade' } & TradeFacts & {
    readonly text: string;
    readonly source: ExplanationSource;
  };

/** A day's facts, its explanation and who wrote it: one line of explanations.jsonl. */
export type DayExplanation = { readonly kind: 'day' } & DayFacts & {
    readonly text: string;
    readonly source: ExplanationSource;
  };

export type Explanation = TradeExplanation | DayExplanation;

/** Every explanation of a run: trades in number order, days in date order. */
export interface RunExplanations {
  readonly trades: readonly TradeExplanation[];
  readonly days: readonly DayExplanation[];
}

/** Template explanations of every trade and day of a parsed run (deterministic: same run, same bytes). */
export function explainRecords(records: RunRecords): RunExplanations {
  const trades = tradeFacts(records);
  const days = dayFacts(records, trades);
  return {
    trades: trades.map((facts) => ({ kind: 'trade', ...facts, text: tradeTemplate(facts), source: 'template' })),
    days: days.map((facts) => ({ kind: 'day', ...facts, text: dayTemplate(facts), source: 'template' })),
  };
}

/** `explanations.jsonl`: one JSON object per trade, then one per day; empty when there are none. */
export function explanationsJsonl(explanations: RunExplanations): string {
  const lines = [...explanations.trades, ...explanations.days].map((record) => JSON.stringify(record));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Reads explanations.jsonl back; each line must be a trade or day record with its text and source. */
export function parseExplanationsJsonl(file: string, text: string): RunExplanations {
  const trades: TradeExplanation[] = [];
  const days: DayExplanation[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const where = `${file}:${i + 1}`;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError(`${where}: not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new ConfigError(`${where}: not a JSON object`);
    if (typeof value.text !== 'string') throw new ConfigError(`${where}: field "text" is not a string`);
    if (typeof value.source !== 'string') throw new ConfigError(`${where}: field "source" is not a string`);
    if (value.kind === 'trade') {
      if (!Number.isInteger(value.trade) || (value.trade as number) < 1)
        throw new ConfigError(`${where}: field "trade" is not a trade number`);
      trades.push(value as unknown as TradeExplanation);
    } else if (value.kind === 'day') {
      if (typeof value.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.day))
        throw new ConfigError(`${where}: field "day" is not a YYYY-MM-DD date`);
      days.push(value as unknown as DayExplanation);
    } else {
      throw new ConfigError(`${where}: field "kind" is ${JSON.stringify(value.kind)}, not "trade" or "day"`);
    }
  }
  return { trades, days };
}

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** `--run`: a run directory, else a run id under runs/ (the backtest's default output folder). */
export async function resolveRunDirectory(run: string): Promise<string> {
  if (await isDirectory(run)) return run;
  const candidates = [join('runs', run), join(PACKAGE_ROOT, 'runs', run)];
  for (const candidate of candidates) if (await isDirectory(candidate)) return candidate;
  throw new ConfigError(`--run ${run}: no such run directory (nor ${candidates.join(' nor ')})`);
}

/**
 * The explanations of a run directory: its explanations.jsonl, or, for a run written before
 * explanations existed, built from its CSV and log files now (the same template text).
 */
export async function loadRunExplanations(dir: string): Promise<RunExplanations> {
  const path = join(dir, EXPLANATIONS_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(`${path}: cannot read: ${(error as Error).message}`);
  }
  if (text !== undefined) return parseExplanationsJsonl(path, text);
  return explainRecords(parseRunTexts(await readRunTexts(dir)));
}
