import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLOBAL_SCOPE, type RiskEvent } from '../../core/risk/index.ts';
import { riskLogJsonl, riskLogRecord } from '../../runtime/backtest/risk-log-jsonl.ts';
import { type AuditLogOptions, openAuditLog } from './open-audit-log.ts';

const DAY = 86_400_000;
/** 2026-11-21 23:59:00 UTC. */
const LATE = Date.UTC(2026, 10, 21, 23, 59);

let dir: string;
let time: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradewind-audit-log-'));
  time = LATE;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (options: AuditLogOptions = {}) => openAuditLog({ dir, now: () => time, ...options });

/** Every line of a file parsed as JSON (a torn or non-JSON line fails the test). */
function lines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  expect(text === '' || text.endsWith('\n'), `${path} ends on a whole line`).toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const fill = (seq: number, extra: Record<string, unknown> = {}) => ({
  ts_ms: LATE + seq,
  event: 'order_filled',
  client_order_id: `EMA-${seq}`,
  side: seq % 2 === 0 ? 'buy' : 'sell',
  quantity: 0.25,
  price: 43_210.5,
  fee: 1.08,
  ...extra,
});

describe('openAuditLog', () => {
  it('creates the folder, llm_decisions/ and empty trades and risk mirrors at open', () => {
    const log = open({ dir: join(dir, 'nested', 'logs') });
    expect(readFileSync(log.tradesPath, 'utf8'), 'trades mirror exists, empty, for tools to tail').toBe('');
    expect(readFileSync(log.riskPath, 'utf8'), 'risk mirror exists, empty').toBe('');
    expect(readdirSync(log.llmDecisionsDir), 'decisions folder exists, empty').toEqual([]);
    expect(log.tradesPath.endsWith(join('logs', 'trades.log.jsonl')), 'the issue’s file name').toBe(true);
    expect(log.riskPath.endsWith(join('logs', 'risk.log.jsonl')), 'the issue’s file name').toBe(true);
  });

  it('appends whole lines in order, keeping the caller’s key order, across batches and reopens', () => {
    open().appendTrades([fill(0), fill(1, { note: 'line one\nline two' })]);
    const log = open();
    log.appendTrades([fill(2)]);
    log.appendTrades([]);
    const written = lines(log.tradesPath);
    expect(
      written.map((line) => line.client_order_id),
      'one line per fill, in order',
    ).toEqual(['EMA-0', 'EMA-1', 'EMA-2']);
    expect(Object.keys(written[0]), 'keys in the caller’s order').toEqual(Object.keys(fill(0)));
    expect(written[1].note, 'a newline inside a value is escaped, not a line break').toBe('line one\nline two');
  });

  it('writes nothing of a batch holding a bad record', () => {
    const log = open();
    log.appendTrades([fill(0)]);
    const before = readFileSync(log.tradesPath, 'utf8');
    expect(() => log.appendTrades([fill(1), { event: 'no_time' }]), 'a record without ts_ms is refused').toThrow(
      /ts_ms/,
    );
    expect(() => log.appendRisk([fill(1), fill(2, { size: 10n })]), 'a BigInt cannot be JSON').toThrow();
    expect(() => log.appendLlmDecisions([fill(1), { ts_ms: 1.5 }]), 'a fractional time is refused').toThrow(/ts_ms/);
    expect(readFileSync(log.tradesPath, 'utf8'), 'the earlier line alone, untouched').toBe(before);
    expect(readFileSync(log.riskPath, 'utf8'), 'nothing of the refused risk batch').toBe('');
    expect(readdirSync(log.llmDecisionsDir), 'nothing of the refused decision batch').toEqual([]);
  });

  it('mirrors risk events in the backtest’s risk.log.jsonl line format', () => {
    const events: RiskEvent[] = [
      { type: 'KillSwitchActivated', by: 'ops@desk', reason: 'exchange incident', timestamp: LATE },
      {
        type: 'TradingStateChanged',
        scope: GLOBAL_SCOPE,
        from: 'HALTED',
        to: 'ACTIVE',
        reason: 'MANUAL_RESUME',
        detail: 'reset by ops',
        source: 'operator',
        by: 'ops@desk',
        timestamp: LATE + 60_000,
      },
    ];
    const log = open();
    log.appendRisk(events.map(riskLogRecord));
    expect(readFileSync(log.riskPath, 'utf8'), 'byte for byte the backtest’s risk.log.jsonl text').toBe(
      riskLogJsonl(events),
    );
  });

  it('writes LLM decisions to the file of each decision’s own UTC day', () => {
    const log = open();
    const decision = (ts: number, id: string) => ({ ts_ms: ts, event: 'llm_policy_decided', decision_id: id });
    log.appendLlmDecisions([decision(LATE, 'd1'), decision(LATE + 2 * 60_000, 'd2'), decision(LATE + 30_000, 'd3')]);
    log.appendLlmDecisions([decision(LATE + 3 * 60_000, 'd4')]);
    expect(readdirSync(log.llmDecisionsDir).sort(), 'one file per UTC day of the decisions').toEqual([
      '2026-11-21.jsonl',
      '2026-11-22.jsonl',
    ]);
    expect(
      lines(join(log.llmDecisionsDir, '2026-11-21.jsonl')).map((line) => line.decision_id),
      'the decisions before midnight, in the order given',
    ).toEqual(['d1', 'd3']);
    expect(
      lines(join(log.llmDecisionsDir, '2026-11-22.jsonl')).map((line) => line.decision_id),
      'after midnight, across batches',
    ).toEqual(['d2', 'd4']);
  });

  it('prunes LLM day files past the retention at open and on a new day, never the trades or risk mirrors', () => {
    const decisions = join(dir, 'llm_decisions');
    mkdirSync(decisions, { recursive: true });
    for (const day of ['2026-11-06', '2026-11-07', '2026-11-20'])
      writeFileSync(join(decisions, `${day}.jsonl`), '{}\n');
    writeFileSync(join(decisions, 'README.txt'), 'kept\n');
    writeFileSync(join(dir, 'trades.log.jsonl'), `${JSON.stringify(fill(-400 * DAY))}\n`);
    const log = open();
    expect(readdirSync(decisions).sort(), '14 days before 2026-11-21 is 2026-11-07: older files go').toEqual([
      '2026-11-07.jsonl',
      '2026-11-20.jsonl',
      'README.txt',
    ]);
    time = LATE + DAY; // 2026-11-22 23:59: the next append prunes 2026-11-07
    log.appendLlmDecisions([{ ts_ms: time, decision_id: 'd1' }]);
    expect(readdirSync(decisions).sort(), 'the day change pruned once more').toEqual([
      '2026-11-20.jsonl',
      '2026-11-22.jsonl',
      'README.txt',
    ]);
    expect(lines(log.tradesPath), 'a 400-day-old trade line is kept: the trades mirror is never pruned').toHaveLength(
      1,
    );
    const keepAll = openAuditLog({ dir: join(dir, 'all'), retentionDays: 0, now: () => time });
    keepAll.appendLlmDecisions([{ ts_ms: Date.UTC(2001, 0, 1) }]);
    open({ dir: join(dir, 'all'), retentionDays: 0 });
    expect(readdirSync(keepAll.llmDecisionsDir), 'retentionDays 0 keeps everything').toEqual(['2001-01-01.jsonl']);
  });

  it('drops lines torn by a crash at open and reports them', () => {
    const first = open();
    first.appendTrades([fill(0)]);
    appendFileSync(first.tradesPath, '{"ts_ms":1,"ev');
    first.appendLlmDecisions([{ ts_ms: LATE, decision_id: 'd1' }]);
    const dayFile = join(first.llmDecisionsDir, '2026-11-21.jsonl');
    appendFileSync(dayFile, '{"ts_');
    const log = open();
    expect(log.tornLines, 'both torn files are reported with the bytes dropped').toEqual([
      { path: log.tradesPath, bytes: 14 },
      { path: dayFile, bytes: 5 },
    ]);
    log.appendTrades([fill(1)]);
    expect(
      lines(log.tradesPath).map((line) => line.client_order_id),
      'whole lines only',
    ).toEqual(['EMA-0', 'EMA-1']);
    expect(open().tornLines, 'an intact mirror needs no repair').toEqual([]);
  });
});
