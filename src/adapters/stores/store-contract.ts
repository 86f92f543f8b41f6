import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreChange, TradingStore } from '../../core/persistence/index.ts';
import { defineStoreProcessTests } from './store-contract-processes.ts';
import { defineStorePropertyTests } from './store-contract-properties.ts';
import { defineStoreTransactionTests } from './store-contract-transactions.ts';
import type { StoreHarness } from './store-harness.ts';

export type { StoreHarness } from './store-harness.ts';

import {
  FIXTURE_TIME,
  fillChange,
  fixtureBar,
  fixtureEvent,
  fixtureFill,
  fixtureOrder,
  fixturePosition,
  fixtureRun,
  fixtureSnapshot,
} from './store-fixtures.ts';

/**
 * The operational store's contract: every `TradingStore` adapter must pass it, on a real backend.
 * `createHarness` gives each test its own location, so parallel test files and reruns never meet.
 */
export function defineTradingStoreContract(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`TradingStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    /** A fresh location and an open store on it, both cleaned up after the test. */
    const fresh = async (): Promise<{ harness: StoreHarness; store: TradingStore }> => {
      const harness = await createHarness();
      cleanups.push(() => harness.dispose());
      const store = await harness.open();
      cleanups.push(() => store.close());
      return { harness, store };
    };

    it('applies its migrations at open, once: reopening keeps the schema version and the data', async () => {
      const { harness, store } = await fresh();
      const applied = await store.appliedMigrations();
      expect(applied, 'the first open applies the versioned migrations').toEqual([
        '0001_operational_store',
        '0002_run_bars',
      ]);
      await store.startRun(fixtureRun('r1'));
      await store.commit('r1', [{ events: [fixtureEvent(1)] }]);
      for (let i = 0; i < 2; i++) {
        const again = await harness.open();
        try {
          expect(await again.appliedMigrations(), 'a reopen applies nothing new').toEqual(applied);
          expect((await again.events('r1', 0)).length, 'a reopen keeps the rows').toBe(1);
        } finally {
          await again.close();
        }
      }
    });

    it('keeps an append-only event log with gap-free sequences per run, whatever the batch sizes', async () => {
      const { store } = await fresh();
      let runNumber = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }), async (sizes) => {
          const runId = `prop-${runNumber++}`;
          await store.startRun(fixtureRun(runId));
          const written: string[] = [];
          let expectedLast = 0;
          for (const size of sizes) {
            const events = Array.from({ length: size }, (_, i) => fixtureEvent(written.length + i));
            const result = await store.commit(runId, [
              { events: events.slice(0, size >> 1) },
              { events: events.slice(size >> 1) },
            ]);
            expect(result.firstSequence, 'a commit continues after the last sequence').toBe(expectedLast + 1);
            expectedLast += size;
            expect(result.lastSequence).toBe(expectedLast);
            written.push(...events.map((e) => e.payload));
          }
          const stored = await store.events(runId, 0);
          expect(
            stored.map((e) => e.sequence),
            'sequences are 1..n without gaps',
          ).toEqual(written.map((_, i) => i + 1));
          expect(
            stored.map((e) => e.payload),
            'payloads come back byte for byte, in order',
          ).toEqual(written);
          expect((await store.run(runId))?.lastSequence).toBe(written.length);
        }),
        { numRuns: 8 },
      );
      // Another run's sequences start at 1 independently; earlier events are untouched.
      await store.startRun(fixtureRun('other'));
      await store.commit('other', [{ events: [fixtureEvent(7)] }]);
      expect((await store.events('other', 0)).map((e) => e.sequence)).toEqual([1]);
      const firstRun = await store.events('prop-0', 0);
      expect(await store.events('prop-0', 0), 'the log of a run is not rewritten by others').toEqual(firstRun);
    });

    it('applies a repeated trade id once, across commits and within one batch', async () => {
      const { store } = await fresh();
      await store.startRun(fixtureRun('r1'));
      const first = await store.commit('r1', [fillChange(1, fixtureFill(1), 0.25)]);
      expect(first.outcomes).toEqual(['applied']);
      const again = await store.commit('r1', [fillChange(1, fixtureFill(1), 0.5)]);
      expect(again.outcomes, 'the second delivery of T-1 says so').toEqual(['duplicate_trade_id']);
      expect(again.lastSequence, 'and appends no event').toBe(first.lastSequence);
      expect((await store.positions('r1'))[0].quantity, 'its position change is not applied').toBe(0.25);
      const batch = await store.commit('r1', [
        fillChange(2),
        fillChange(2),
        fillChange(3, fixtureFill(3, 'T-1', 'OTHER')), // same trade id on another venue is another trade
      ]);
      expect(batch.outcomes).toEqual(['applied', 'duplicate_trade_id', 'applied']);
      const fills = await store.fills('r1');
      expect(fills.map((f) => `${f.venue}:${f.tradeId}`)).toEqual(['SIM:T-1', 'SIM:T-2', 'OTHER:T-1']);
      expect(fills[0], 'the stored fill is the first one, field for field').toEqual(fixtureFill(1));
      expect((await store.events('r1', 0)).length, 'one OrderFilled event per applied fill').toBe(3);
      // A stored trade id among new ones: the new fills go in once, the repeat is skipped with its events.
      const mixed = await store.commit('r1', [fillChange(4), fillChange(5, fixtureFill(5, 'T-2')), fillChange(6)]);
      expect(mixed.outcomes).toEqual(['applied', 'duplicate_trade_id', 'applied']);
      expect((await store.fills('r1')).map((f) => `${f.venue}:${f.tradeId}`)).toEqual([
        'SIM:T-1',
        'SIM:T-2',
        'OTHER:T-1',
        'SIM:T-4',
        'SIM:T-6',
      ]);
      expect((await store.events('r1', 0)).length).toBe(5);
    });

    it('records processed message ids with their effect; a second delivery is a no-op that says so', async () => {
      const { store } = await fresh();
      await store.startRun(fixtureRun('r1'));
      const message = { consumer: 'signals', messageId: 'msg-42', processedAt: FIXTURE_TIME };
      const change: StoreChange = { message, events: [fixtureEvent(1)], positions: [fixturePosition(1)] };
      expect((await store.commit('r1', [change])).outcomes).toEqual(['applied']);
      expect(await store.hasProcessedMessage('signals', 'msg-42')).toBe(true);
      const second = await store.commit('r1', [{ ...change, positions: [fixturePosition(2)] }, { ...change }]);
      expect(second.outcomes).toEqual(['duplicate_message', 'duplicate_message']);
      expect((await store.events('r1', 0)).length).toBe(1);
      expect((await store.positions('r1'))[0].quantity).toBe(1);
      const otherConsumer = await store.commit('r1', [{ ...change, message: { ...message, consumer: 'alerts' } }]);
      expect(otherConsumer.outcomes, 'ids are per consumer').toEqual(['applied']);
      expect(await store.hasProcessedMessage('alerts', 'msg-42')).toBe(true);
      expect(await store.hasProcessedMessage('signals', 'msg-43')).toBe(false);
    });

    it('reads back snapshot + events after it, open orders, positions and the other tables as written', async () => {
      const { harness, store } = await fresh();
      await store.recordConfigVersion({
        configHash: 'cfg-hash-1',
        configVersion: 'v1',
        createdAt: FIXTURE_TIME,
        content: 'mode: PAPER\n',
      });
      await store.recordConfigVersion({
        configHash: 'cfg-hash-1',
        configVersion: 'ignored',
        createdAt: 0,
        content: '',
      });
      const started = await store.startRun(fixtureRun('r1'));
      expect(started).toEqual({ ...fixtureRun('r1'), status: 'running', endedAt: undefined, lastSequence: 0 });
      const snapshot = fixtureSnapshot(FIXTURE_TIME + 5, 98_765_432);
      const risk = {
        type: 'TradingStateChanged',
        timestamp: FIXTURE_TIME + 3,
        payload: '{"to":"REDUCING"}',
        instrumentId: undefined,
        strategyId: 'ema-cross',
      };
      const decision = {
        type: 'PolicyDecided',
        timestamp: FIXTURE_TIME + 4,
        payload: '{"max_leverage":1}',
        decisionId: 'd-1',
        model: 'tiny.gguf',
        outcome: 'clipped',
      };
      const metrics = {
        label: '1d',
        windowStart: FIXTURE_TIME,
        windowEnd: FIXTURE_TIME + 86_400_000,
        sharpe: 1.25,
        sortino: undefined,
        turnover: 0.5,
        hitRate: 0.6,
        trades: 5,
      };
      await store.commit('r1', [
        {
          events: [fixtureEvent(1), fixtureEvent(2)],
          orders: [fixtureOrder(1, 'initialized'), fixtureOrder(2, 'accepted')],
        },
        { riskEvents: [risk], llmDecisions: [decision], metrics: [metrics] },
        {
          events: [fixtureEvent(5)],
          orders: [fixtureOrder(1, 'filled', 0.5), fixtureOrder(3, 'partially_filled', 0.25)],
          positions: [fixturePosition(-0.5)],
          snapshot,
        },
        {
          events: [fixtureEvent(6), fixtureEvent(7)],
          orders: [fixtureOrder(4, 'submitted'), fixtureOrder(5, 'canceled')],
        },
      ]);
      await store.commit('r1', [{ events: [fixtureEvent(8)] }]);
      const reopened = await harness.open();
      cleanups.push(() => reopened.close());
      const state = await reopened.recoveryState('r1');
      expect(state?.snapshot, 'the snapshot is taken after its change: sequence 5').toEqual({
        ...snapshot,
        runId: 'r1',
        sequence: 5,
      });
      expect(state?.eventsAfterSnapshot.map((e) => [e.sequence, e.payload])).toEqual(
        [fixtureEvent(6), fixtureEvent(7), fixtureEvent(8)].map((e, i) => [6 + i, e.payload]),
      );
      expect(state?.openOrders.map((o) => [o.clientOrderId, o.status])).toEqual([
        ['O-2', 'accepted'],
        ['O-3', 'partially_filled'],
        ['O-4', 'submitted'],
      ]);
      expect(state?.positions).toEqual([fixturePosition(-0.5)]);
      expect(
        (await reopened.orders('r1')).find((o) => o.clientOrderId === 'O-1'),
        'the later state of an order wins',
      ).toEqual(fixtureOrder(1, 'filled', 0.5));
      expect(await reopened.riskEvents('r1')).toEqual([{ ...risk, runId: 'r1', sequence: 3 }]);
      expect(await reopened.llmDecisions('r1')).toEqual([{ ...decision, runId: 'r1', sequence: 4 }]);
      expect(await reopened.metricsWindows('r1')).toEqual([metrics]);
      expect(await reopened.configVersion('cfg-hash-1'), 'the first record of a hash is kept').toEqual({
        configHash: 'cfg-hash-1',
        configVersion: 'v1',
        createdAt: FIXTURE_TIME,
        content: 'mode: PAPER\n',
      });
      expect(
        (await reopened.events('r1', 2, 2)).map((e) => e.sequence),
        'events after 2, at most 2',
      ).toEqual([3, 4]);
      await reopened.endRun('r1', FIXTURE_TIME + 99, 'stopped');
      expect(await reopened.run('r1'), 'an ended run says how and when').toMatchObject({
        status: 'stopped',
        endedAt: FIXTURE_TIME + 99,
      });
      expect(
        await reopened.startRun(fixtureRun('r1', 0)),
        'a restart keeps the run (start, events) and marks it running again',
      ).toMatchObject({
        startedAt: FIXTURE_TIME,
        status: 'running',
        endedAt: undefined,
        lastSequence: 8,
      });
      await reopened.commit('r1', [{ events: [fixtureEvent(9)], snapshot: fixtureSnapshot(FIXTURE_TIME + 9, 1) }]);
      expect(
        (await reopened.snapshots('r1')).map((s) => [s.sequence, s.cash]),
        'every snapshot, oldest first',
      ).toEqual([
        [5, snapshot.cash],
        [9, 1],
      ]);
      expect(await reopened.recoveryState('missing')).toBeUndefined();
      await expect(reopened.commit('missing', [{ events: [fixtureEvent(1)] }])).rejects.toThrow(/unknown run/);
    });

    it('keeps the input bars of a run with the change that carries them, in sequence order, never rewritten', async () => {
      const { harness, store } = await fresh();
      await store.startRun(fixtureRun('r1'));
      await store.startRun(fixtureRun('other'));
      const warmup = [1, 2, 3].map((s) => fixtureBar(s, 'warmup'));
      await store.commit('r1', [{ bars: warmup }]);
      // A live bar travels in the change before its events, in the same batch.
      await store.commit('r1', [{ bars: [fixtureBar(5)] }, { events: [fixtureEvent(1)] }, { bars: [fixtureBar(4)] }]);
      await store.commit('other', [{ bars: [fixtureBar(1)] }]);
      const expected = [...warmup, fixtureBar(4), fixtureBar(5)];
      expect(await store.bars('r1'), 'every field round-trips, in sequence order').toEqual(expected);
      expect(await store.bars('other')).toEqual([fixtureBar(1)]);
      expect(await store.bars('missing')).toEqual([]);
      expect((await store.run('r1'))?.lastSequence, 'bars are not events').toBe(1);
      // A bar under a stored sequence fails the whole batch: no event, no bar of it is written.
      await expect(
        store.commit('r1', [{ bars: [fixtureBar(6)] }, { events: [fixtureEvent(2)] }, { bars: [fixtureBar(2)] }]),
      ).rejects.toThrow();
      // So does any other failing row of the batch (an order's CHECK).
      await expect(
        store.commit('r1', [
          { bars: [fixtureBar(6)] },
          { events: [fixtureEvent(2)], orders: [{ ...fixtureOrder(2), side: 'sideways' }] },
        ]),
      ).rejects.toThrow();
      await expect(store.commit('r1', [{ bars: [{ ...fixtureBar(6), timestamp: 1.5 }] }])).rejects.toThrow(
        /epoch milliseconds/,
      );
      await expect(store.commit('r1', [{ bars: [{ ...fixtureBar(6), close: Number.NaN }] }])).rejects.toThrow(/finite/);
      expect(await store.bars('r1'), 'the failed commits wrote no bar').toEqual(expected);
      expect((await store.events('r1', 0)).length).toBe(1);
      const reopened = await harness.open();
      try {
        expect(await reopened.bars('r1'), 'durable across a reopen').toEqual(expected);
      } finally {
        await reopened.close();
      }
    });

    it('rejects non-integer times and non-finite numbers before writing', async () => {
      const { store } = await fresh();
      await store.startRun(fixtureRun('r1'));
      await expect(store.commit('r1', [{ events: [{ ...fixtureEvent(1), timestamp: 1.5 }] }])).rejects.toThrow(
        /epoch milliseconds/,
      );
      await expect(store.commit('r1', [{ positions: [fixturePosition(Number.NaN)] }])).rejects.toThrow(/finite/);
      expect(await store.events('r1', 0)).toEqual([]);
    });

    defineStoreTransactionTests(fresh);
    defineStorePropertyTests(fresh);
    defineStoreProcessTests(fresh);
  });
}
