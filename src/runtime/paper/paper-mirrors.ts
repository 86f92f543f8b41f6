import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { AuditLog, AuditRecord } from '../../adapters/logs/index.ts';
import { type EventRecord, eventOfRecord, type TradingStore } from '../../core/persistence/index.ts';
import type { RiskEvent } from '../../core/risk/index.ts';
import { riskLogRecord } from '../backtest/risk-log-jsonl.ts';
import type { SequencedChange } from './paper-journal.ts';

/** Bytes read from a mirror's end to find its last line (lines are far shorter). */
const TAIL_BYTES = 65_536;

/**
 * The JSONL mirrors of a stored paper run (`logs/trades.log.jsonl`, `logs/risk.log.jsonl`): one
 * line per fill and per risk event, each with its `run_id` and event-log `sequence`, appended
 * after the store committed it. The store is the ledger and the mirrors follow it: at start
 * `catchUp` appends what a crash between a commit and its mirror line left out (the lines after
 * the last sequence mirrored for the run), so a mirror line is neither lost nor written twice.
 */
export class PaperMirrors {
  constructor(
    private readonly audit: AuditLog,
    private readonly runId: string,
  ) {}

  /** Mirrors committed changes (the journal's `onCommitted`). */
  append(changes: readonly SequencedChange[]): void {
    const trades: AuditRecord[] = [];
    const risk: AuditRecord[] = [];
    for (const { change, firstSequence } of changes) {
      let sequence = firstSequence;
      for (const event of change.events ?? []) {
        if (event.type === 'OrderFilled') trades.push(this.tradeRecord(event, sequence));
        sequence++;
      }
      for (const event of change.riskEvents ?? []) risk.push(this.riskRecord(event, sequence++));
    }
    if (trades.length > 0) this.audit.appendTrades(trades);
    if (risk.length > 0) this.audit.appendRisk(risk);
  }

  /** Appends the run's committed fills and risk events that the mirrors do not have yet. */
  async catchUp(store: TradingStore): Promise<{ trades: number; risk: number }> {
    const lastTrade = lastMirroredSequence(this.audit.tradesPath, this.runId);
    const lastRisk = lastMirroredSequence(this.audit.riskPath, this.runId);
    const events = await store.events(this.runId, Math.min(lastTrade, lastRisk));
    const fills = events.filter((e) => e.type === 'OrderFilled' && e.sequence > lastTrade);
    const riskSequences = new Set((await store.riskEvents(this.runId)).map((r) => r.sequence));
    const risk = events.filter((e) => riskSequences.has(e.sequence) && e.sequence > lastRisk);
    if (fills.length > 0) this.audit.appendTrades(fills.map((e) => this.tradeRecord(e, e.sequence)));
    if (risk.length > 0) this.audit.appendRisk(risk.map((e) => this.riskRecord(e, e.sequence)));
    return { trades: fills.length, risk: risk.length };
  }

  private tradeRecord(record: EventRecord, sequence: number): AuditRecord {
    const fill = eventOfRecord(record);
    return {
      ts: new Date(fill.timestamp).toISOString(),
      ts_ms: fill.timestamp,
      event: 'order_filled',
      run_id: this.runId,
      sequence,
      client_order_id: fill.clientOrderId,
      venue_order_id: fill.venueOrderId,
      trade_id: fill.tradeId,
      strategy_id: fill.strategyId,
      instrument_id: fill.instrumentId,
      side: fill.side,
      quantity: fill.lastQuantity,
      price: fill.lastPrice,
      fee: fill.fee,
      fee_currency: fill.feeCurrency,
      liquidity_side: fill.liquiditySide,
    };
  }

  private riskRecord(record: EventRecord, sequence: number): AuditRecord {
    return { ...riskLogRecord(eventOfRecord(record) as unknown as RiskEvent), run_id: this.runId, sequence };
  }
}

/** The highest `sequence` of the run's lines in a mirror (0 when it has none). */
function lastMirroredSequence(path: string, runId: string): number {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 0;
  }
  const tail = lastSequenceIn(path, size, Math.min(size, TAIL_BYTES), runId);
  // Another run's lines may fill the tail: then the whole file is read.
  return tail > 0 || size <= TAIL_BYTES ? tail : lastSequenceIn(path, size, size, runId);
}

function lastSequenceIn(path: string, size: number, length: number, runId: string): number {
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  let last = 0;
  for (const line of buffer.toString('utf8').split('\n')) {
    if (!line.includes(runId)) continue;
    try {
      const record = JSON.parse(line) as { run_id?: string; sequence?: number };
      if (record.run_id === runId && typeof record.sequence === 'number') last = Math.max(last, record.sequence);
    } catch {
      // the first line of the window may be cut: it is not the last one
    }
  }
  return last;
}
