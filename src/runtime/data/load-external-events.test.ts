import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/run-backtest.ts';
import { loadBacktestConfig } from '../config/load-backtest-config.ts';
import { loadExternalEvents } from './load-external-events.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tradewind-events-')), name);
  writeFileSync(path, text);
  return path;
}

describe('loadExternalEvents', () => {
  it('reads JSON lines (skipping blanks and # comments) and a .json array, in file order, within [from, to)', async () => {
    const lines = file(
      'events.jsonl',
      [
        '# recorded listings',
        '{"kind": "listing", "timestamp": "2022-01-02T00:00:00Z", "instrument": "ABC/USDT.BINANCE", "payload": {"exchange": "binance"}}',
        '',
        '{"kind": "sentiment", "timestamp": 1641168000000, "source": "news", "payload": {"score": -0.4}}',
        '{"kind": "sentiment", "timestamp": "2022-01-05", "payload": {"score": 0.9}}',
      ].join('\n'),
    );
    const events = await loadExternalEvents(lines, { to: Date.parse('2022-01-04T00:00:00Z') });
    expect(events).toEqual([
      {
        type: 'ExternalEvent',
        kind: 'listing',
        source: 'events.jsonl',
        timestamp: Date.parse('2022-01-02T00:00:00Z'),
        instrumentId: 'ABC/USDT.BINANCE',
        payload: { exchange: 'binance' },
      },
      { type: 'ExternalEvent', kind: 'sentiment', source: 'news', timestamp: 1641168000000, payload: { score: -0.4 } },
    ]);
    const array = file('events.json', JSON.stringify([{ kind: 'sentiment', timestamp: 5 }]));
    expect((await loadExternalEvents(array))[0]).toMatchObject({ kind: 'sentiment', timestamp: 5, payload: {} });
  });

  it('names the file, the line and the field of a bad event', async () => {
    await expect(loadExternalEvents(file('a.jsonl', '{"kind": "x", "timestamp": 1}\n{"kind": "x"}\n'))).rejects.toThrow(
      /a\.jsonl:2: field 'timestamp'/,
    );
    await expect(loadExternalEvents(file('b.jsonl', '{"kind": "has space", "timestamp": 1}'))).rejects.toThrow(
      /b\.jsonl:1: field 'kind': event kind 'has space'/,
    );
    await expect(loadExternalEvents(file('c.jsonl', '{"kind": "x", "timestamp": "yesterday"}'))).rejects.toThrow(
      /c\.jsonl:1: field 'timestamp': 'yesterday' is not an ISO 8601 date/,
    );
    await expect(loadExternalEvents(file('d.jsonl', '{"kind": "x", "timestamp": 1, "extra": 1}'))).rejects.toThrow(
      /d\.jsonl:1: .*extra/,
    );
    await expect(loadExternalEvents(file('e.jsonl', '{"kind": '))).rejects.toThrow(/e\.jsonl:1: not valid JSON/);
  });
});

describe('events.path in a backtest config (examples/ma-hmm-events.yaml as shipped)', () => {
  it('delivers each recorded calibration to ma_hmm_ensemble when the clock reaches it, and later entries follow it', async () => {
    const { config, baseDir } = await loadBacktestConfig({ config: join(EXAMPLES, 'ma-hmm-events.yaml') });
    const run = await runBacktest(config, { baseDir });
    expect(run.events.map((e) => e.timestamp)).toEqual([
      Date.parse('2022-01-12T00:00:00Z'),
      Date.parse('2022-01-22T00:00:00Z'),
    ]);
    const changes = run.log.lines
      .map((line) => JSON.parse(line) as { event: string; ts: number; source: string })
      .filter((line) => line.event === 'ma_hmm_calibration_changed');
    expect(
      changes.map((c) => c.ts),
      'each change at its event time, not earlier',
    ).toEqual(run.events.map((e) => e.timestamp));
    expect(changes.every((c) => c.source === 'desk')).toBe(true);
    // quote_multiplier 0.5 from the 22nd: no entry after it is larger than half the base quantity.
    const late = run.result.orders.filter((o) => !o.reduceOnly && o.createdAt >= Date.parse('2022-01-22T00:00:00Z'));
    const early = run.result.orders.filter((o) => !o.reduceOnly && o.createdAt < Date.parse('2022-01-22T00:00:00Z'));
    expect(early.length, 'entries before the second change').toBeGreaterThan(0);
    expect(late.length, 'entries after the second change').toBeGreaterThan(0);
    for (const order of late) expect(order.quantity).toBeLessThanOrEqual(0.1);
    expect(Math.max(...early.map((o) => o.quantity))).toBeGreaterThan(0.1);
  });
});
