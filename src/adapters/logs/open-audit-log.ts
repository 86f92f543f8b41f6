import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UnixMillis } from '../../core/model/time.ts';
import { dropTornTail } from './drop-torn-tail.ts';
import { jsonLines } from './json-lines.ts';
import { pruneDayFiles } from './prune-day-files.ts';
import { utcDay } from './utc-day.ts';

/** File names of the mirrors inside the logs folder. */
export const TRADES_LOG_FILE = 'trades.log.jsonl';
export const RISK_LOG_FILE = 'risk.log.jsonl';
export const LLM_DECISIONS_DIR = 'llm_decisions';
/** `llm_decisions/2026-11-21.jsonl`; group 1 is the day. */
export const LLM_DECISIONS_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * One line of a mirror: a plain object whose keys are snake_case and kept in the caller's order,
 * with `ts_ms`, the Unix ms (UTC) time of what it records, as in the backtest's `risk.log.jsonl`
 * (`ts`, `ts_ms`, `event`, then the fields; other times are Unix ms too). `ts_ms` is checked when
 * appended rather than typed, so records built generically (`riskLogRecord`) pass without a cast.
 */
export type AuditRecord = Readonly<Record<string, unknown>>;

/** What {@link openAuditLog} takes; every field has a default. */
export interface AuditLogOptions {
  /** The logs folder; created if missing. Default `logs`. */
  readonly dir?: string;
  /** Whole UTC days of `llm_decisions/` day files kept before today; 0 keeps everything. Default 14. */
  readonly retentionDays?: number;
  /** Wall clock in Unix ms; decides "today" for the retention only. Default `Date.now`. */
  readonly now?: () => UnixMillis;
}

/** A mirror file whose crash-torn last line was dropped at open. */
export interface TornLine {
  readonly path: string;
  readonly bytes: number;
}

/** The JSONL audit mirrors of a node. */
export interface AuditLog {
  /** `<dir>/trades.log.jsonl`. */
  readonly tradesPath: string;
  /** `<dir>/risk.log.jsonl`. */
  readonly riskPath: string;
  /** `<dir>/llm_decisions`. */
  readonly llmDecisionsDir: string;
  /** Torn last lines dropped at open (a crash mid-append), for the caller to log. */
  readonly tornLines: readonly TornLine[];
  /** Appends one line per fill (the order and fill facts) to `trades.log.jsonl`. */
  appendTrades(records: readonly AuditRecord[]): void;
  /** Appends one line per risk event to `risk.log.jsonl`. */
  appendRisk(records: readonly AuditRecord[]): void;
  /**
   * Appends one line per LLM policy decision to `llm_decisions/<YYYY-MM-DD>.jsonl`, the UTC day
   * of the record's own `ts_ms` (a batch spanning midnight goes to two files, in order in each).
   */
  appendLlmDecisions(records: readonly AuditRecord[]): void;
}

/**
 * Opens the JSONL mirrors of the audit trail in the logs folder, for people (`tail`, `jq`) and
 * tools; the database stays the ledger. Every append writes a batch as one string in one
 * `appendFileSync`, after checking every record, so a batch is written whole or not at all and no
 * line is ever partial (short of a crash mid-write, repaired at the next open: see `tornLines`).
 * Retention: the `llm_decisions/` day files older than `retentionDays` are deleted at open and when
 * the wall-clock day changes; `trades.log.jsonl` and `risk.log.jsonl` are never pruned, since they
 * are the human audit trail of every fill and risk decision and grow only by one line per event.
 * `trades.log.jsonl` and `risk.log.jsonl` exist (maybe empty) from open on, so tools can tail them.
 */
export function openAuditLog(options: AuditLogOptions = {}): AuditLog {
  const dir = options.dir ?? 'logs';
  const retentionDays = options.retentionDays ?? 14;
  const now = options.now ?? Date.now;
  const tradesPath = join(dir, TRADES_LOG_FILE);
  const riskPath = join(dir, RISK_LOG_FILE);
  const llmDecisionsDir = join(dir, LLM_DECISIONS_DIR);
  mkdirSync(llmDecisionsDir, { recursive: true });

  let prunedOn = '';
  const pruneIfNewDay = (): void => {
    const time = now();
    if (utcDay(time) === prunedOn) return;
    prunedOn = utcDay(time);
    pruneDayFiles({ dir: llmDecisionsDir, pattern: LLM_DECISIONS_FILE, retentionDays, now: time });
  };
  pruneIfNewDay();

  const dayFiles = readdirSync(llmDecisionsDir)
    .filter((name) => LLM_DECISIONS_FILE.test(name))
    .map((name) => join(llmDecisionsDir, name));
  const tornLines: TornLine[] = [];
  for (const path of [tradesPath, riskPath, ...dayFiles]) {
    const bytes = dropTornTail(path);
    if (bytes > 0) tornLines.push({ path, bytes });
  }
  appendFileSync(tradesPath, '');
  appendFileSync(riskPath, '');

  const append = (path: string, records: readonly AuditRecord[]): void => {
    for (const record of records) checkTime(record);
    const text = jsonLines(records);
    if (text !== '') appendFileSync(path, text);
  };

  return {
    tradesPath,
    riskPath,
    llmDecisionsDir,
    tornLines,
    appendTrades: (records) => append(tradesPath, records),
    appendRisk: (records) => append(riskPath, records),
    appendLlmDecisions: (records) => {
      pruneIfNewDay();
      const byDay = new Map<string, AuditRecord[]>();
      for (const record of records) {
        const day = utcDay(checkTime(record));
        let batch = byDay.get(day);
        if (batch === undefined) byDay.set(day, (batch = []));
        batch.push(record);
      }
      // Every day's text is built before the first write, so a bad record writes nothing.
      const texts = [...byDay].map(([day, batch]) => [join(llmDecisionsDir, `${day}.jsonl`), jsonLines(batch)]);
      for (const [path, text] of texts) appendFileSync(path, text);
    },
  };
}

/** The record's `ts_ms`; throws when it is not a whole Unix ms time (a caller's bug). */
function checkTime(record: AuditRecord): UnixMillis {
  const time = record?.ts_ms;
  if (typeof time !== 'number' || !Number.isInteger(time))
    throw new TypeError(`an audit record needs ts_ms, a whole Unix ms time: ${JSON.stringify(record)}`);
  return time;
}
