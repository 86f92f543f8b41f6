import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/load-backtest-config.ts';
import { explainRecords, explanationsJsonl, loadRunExplanations, parseExplanationsJsonl } from './explain-run.ts';
import { FILL_HEADER, riskLines, T, writeFixture } from './explain-test-run.ts';
import { parseRunTexts, readRunTexts } from './run-records.ts';

describe('explanations of a hand-written run directory', () => {
  it('groups the fills into round trips: partial fills, a flip, a stop-loss exit, a kill-switch flatten', async () => {
    const { trades } = await loadRunExplanations(writeFixture());
    expect(
      trades.map((t) => t.trade),
      'four closed trades numbered in closing order; the open short is none',
    ).toEqual([1, 2, 3, 4]);
    const [t1, t2, t3, t4] = trades;

    const entry1 = (0.4 * 100 + 0.6 * 101) / 1;
    expect(t1).toMatchObject({ side: 'long', quantity: 1, entry_time: T(1, 0), exit_time: T(1, 2), exit_price: 110 });
    expect(t1.entry_price, 'average of the two partial fills').toBeCloseTo(entry1, 10);
    expect(t1.gross_pnl).toBeCloseTo(110 - entry1, 10);
    expect(t1.fees).toBeCloseTo(0.04 + 0.06 + 0.11, 10);
    expect(t1.net_pnl).toBeCloseTo(110 - entry1 - 0.21, 10);
    expect(t1.slippage_cost).toBeCloseTo(0.1 * 0.4 + 0.1 * 0.6 + 0.2 * 1, 10);
    expect(t1.holding_ms).toBe(2 * 3_600_000);
    expect(t1.fills).toBe(3);
    expect([t1.entry_signal, t1.exit_signal, t1.exit_kind, t1.flipped]).toEqual([
      'cross_up',
      'cross_down',
      'signal',
      false,
    ]);
    expect(t1.entry_decisions, "the strategy's log line at the entry").toEqual(['signal_cross_up']);
    expect(t1.risk_events, "s1's denial during the trade counts, s2's does not").toBe(1);

    expect(t2).toMatchObject({ side: 'short', quantity: 0.5, entry_price: 120, exit_price: 116, flipped: true });
    expect(t2.gross_pnl).toBeCloseTo((120 - 116) * 0.5, 10);
    expect(t2.fees, 'its entry fee and a third of the flip fill’s fee').toBeCloseTo(0.06 + 0.18 / 3, 10);
    expect(t2.slippage_cost).toBeCloseTo(0.3 * 0.5, 10);

    expect(t3).toMatchObject({ side: 'long', quantity: 1, entry_price: 116, exit_price: 110, exit_kind: 'stop_loss' });
    expect(t3.exit_signal).toBe('EXIT STOP_LOSS');
    expect(t3.strategy_ids, 'opened by s1 (the flip), closed by the risk engine').toEqual(['s1']);
    expect(t3.fees).toBeCloseTo((0.18 * 2) / 3 + 0.11, 10);
    expect(t3.net_pnl).toBeCloseTo(-6 - ((0.18 * 2) / 3 + 0.11), 10);
    expect(t3.slippage_cost).toBeCloseTo(0.3 + 0.5, 10);

    expect(t4).toMatchObject({ side: 'long', quantity: 2, entry_price: 100, exit_kind: 'kill_switch', fills: 3 });
    expect(
      trades.map((t) => t.exit_fills),
      'trade 4 was closed in two parts',
    ).toEqual([1, 1, 1, 2]);
    expect(t4.exit_price, 'average of the scale-out and the flatten').toBeCloseTo((105 + 95) / 2, 10);
    expect(t4.gross_pnl).toBeCloseTo(5 - 5, 10);
    expect(t4.net_pnl).toBeCloseTo(-0.4, 10);
    expect(t4.exit_cause).toBe('kill switch by ops: manual halt');
    expect(t4.risk_events, 'the kill switch and the change to HALTED').toBe(2);
  });

  it('writes each trade in words from its facts', async () => {
    const { trades } = await loadRunExplanations(writeFixture());
    const [t1, t2, t3, t4] = trades;
    expect(t1.text).toContain('Trade 1: long 1 X.SIM (s1), bought on 2024-01-01 00:00 at 100.60 on cross_up');
    expect(t1.text).toContain('sold on 2024-01-01 02:00 at 110.00 on cross_down, after 2h.');
    expect(t1.text).toContain(`PnL ${(110 - 100.6 - 0.21).toFixed(2)} after 0.21 fees`);
    expect(t1.text).toContain('(log: signal_cross_up)');
    expect(t1.text).toContain('1 risk event during the trade: 2024-01-01 01:00 order denied (MAX_POSITION).');
    expect(t2.text).toContain('short 0.5 X.SIM (s1), sold on 2024-01-01 03:00 at 120.00');
    expect(t2.text).toContain('on cross_up, flipping the position');
    expect(t3.text).toContain('sold on 2024-01-01 05:00 at 110.00 by the stop-loss exit (EXIT STOP_LOSS)');
    expect(t4.text).toContain('sold on 2024-01-02 12:00 at 100.00 (average of 2 closing fills) by the kill switch');
    expect(t4.text).toContain(
      'by the kill switch flattening (KILL_SWITCH_FLATTEN: kill switch by ops: manual halt), after 2h.',
    );
    for (const t of trades) {
      expect(t.source).toBe('template');
      expect(t.text, 'the net PnL in the text').toContain(`PnL ${t.net_pnl.toFixed(2)} after`);
    }
  });

  it('sums each UTC day: fills, trades closed, equity change, drawdown, risk events', async () => {
    const { days, trades } = await loadRunExplanations(writeFixture());
    expect(days.map((d) => d.day)).toEqual(['2024-01-01', '2024-01-02']);
    const [d1, d2] = days;
    const closed1 = trades.slice(0, 3);
    expect(d1).toMatchObject({ fills: 6, trades_closed: 3, winners: 2, net_pnl: 10, end_equity: 1010, risk_events: 2 });
    expect(d1.closed_pnl).toBeCloseTo(
      closed1.reduce((sum, t) => sum + t.net_pnl, 0),
      8,
    );
    expect(d1.notable_risk_events, 'denials are counted, not notable').toEqual([]);
    expect(d2).toMatchObject({ fills: 4, trades_closed: 1, winners: 0, net_pnl: 995 - 1010, end_equity: 995 });
    expect(d2.end_drawdown).toBeCloseTo((1010 - 995) / 1010, 12);
    expect(d2.max_drawdown).toBeCloseTo((1010 - 990) / 1010, 12);
    expect(d2.notable_risk_events).toEqual([
      '12:00 kill switch by ops: manual halt',
      '12:00 trading ACTIVE → HALTED (KILL_SWITCH, global)',
    ]);
    expect(d2.text).toBe(
      '2024-01-02: 4 fills, 1 trade closed (0 winners, PnL -0.40 after fees). Equity 995.00 at the close, ' +
        `-15.00 on the day; drawdown ${(((1010 - 995) / 1010) * 100).toFixed(2)}% (deepest ${(((1010 - 990) / 1010) * 100).toFixed(2)}%). ` +
        '2 risk events, notably 12:00 kill switch by ops: manual halt; 12:00 trading ACTIVE → HALTED (KILL_SWITCH, global).',
    );
  });

  it('is deterministic and round-trips through explanations.jsonl', async () => {
    const dir = writeFixture();
    const first = explainRecords(parseRunTexts(await readRunTexts(dir)));
    const second = explainRecords(parseRunTexts(await readRunTexts(dir)));
    const text = explanationsJsonl(first);
    expect(explanationsJsonl(second), 'the same run gives byte-identical text').toBe(text);
    expect(text.split('\n').filter((l) => l !== '').length).toBe(first.trades.length + first.days.length);
    writeFileSync(join(dir, 'explanations.jsonl'), text);
    expect(await loadRunExplanations(dir), 'read back from the file').toEqual(first);
  });

  it('refuses malformed files naming the file and line', async () => {
    const badFill = writeFixture({
      'fills.csv': `${FILL_HEADER}\n${T(1, 0)},o1,V,T,X.SIM,buy,abc,100,0.1,USD,taker,0\n`,
    });
    await expect(loadRunExplanations(badFill)).rejects.toThrow(ConfigError);
    await expect(loadRunExplanations(badFill)).rejects.toThrow(`${join(badFill, 'fills.csv')}:2: quantity "abc"`);
    const unknownOrder = writeFixture({
      'fills.csv': `${FILL_HEADER}\n${T(1, 0)},zz,V,T,X.SIM,buy,1,100,0.1,USD,taker,0\n`,
    });
    await expect(loadRunExplanations(unknownOrder)).rejects.toThrow('fills.csv:2: order zz is not in orders.csv');
    const noColumn = writeFixture({ 'equity.csv': 'timestamp,equity\n' });
    await expect(loadRunExplanations(noColumn)).rejects.toThrow('equity.csv:1: missing column "drawdown"');
    const badRisk = writeFixture({ 'risk.log.jsonl': `${JSON.stringify(riskLines[0])}\n{oops\n` });
    await expect(loadRunExplanations(badRisk)).rejects.toThrow('risk.log.jsonl:2: not valid JSON');
    const badExplanations = writeFixture({
      'explanations.jsonl': '{"kind":"trade","trade":0,"text":"x","source":"template"}\n',
    });
    await expect(loadRunExplanations(badExplanations)).rejects.toThrow('explanations.jsonl:1: field "trade"');
    expect(() => parseExplanationsJsonl('e.jsonl', '{"kind":"week","text":"","source":"template"}')).toThrow(
      'e.jsonl:1: field "kind" is "week"',
    );
  });
});
