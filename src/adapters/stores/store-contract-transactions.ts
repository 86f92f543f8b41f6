import { expect, it } from 'vitest';
import type { StoreChange, TradingStore } from '../../core/persistence/index.ts';
import { FIXTURE_TIME, fillChange, fixtureEvent, fixtureOrder, fixtureRun, fixtureSnapshot } from './store-fixtures.ts';
import type { StoreHarness } from './store-harness.ts';

/**
 * The contract's transaction tests: a commit is all or nothing, and commits handed over without
 * waiting apply in order, none landing after a failed one of its run.
 */
export function defineStoreTransactionTests(
  fresh: () => Promise<{ harness: StoreHarness; store: TradingStore }>,
): void {
  it('writes events and state in one transaction: a failing row mid-batch leaves nothing written', async () => {
    const { store } = await fresh();
    await store.startRun(fixtureRun('r1'));
    await store.commit('r1', [fillChange(1)]);
    const before = {
      events: await store.events('r1', 0),
      fills: await store.fills('r1'),
      orders: await store.orders('r1'),
      positions: await store.positions('r1'),
      run: await store.run('r1'),
    };
    const badOrder = { ...fixtureOrder(4), side: 'sideways' }; // violates the orders.side CHECK
    const batch: StoreChange[] = [
      fillChange(2),
      { message: { consumer: 'bus', messageId: 'm-1', processedAt: FIXTURE_TIME }, events: [fixtureEvent(3)] },
      { events: [fixtureEvent(4)], orders: [badOrder], snapshot: fixtureSnapshot(FIXTURE_TIME, 5) },
      fillChange(5),
    ];
    await expect(store.commit('r1', batch), 'the database refuses the bad row').rejects.toThrow();
    expect(await store.events('r1', 0), 'no event of the failed batch').toEqual(before.events);
    expect(await store.fills('r1'), 'no fill of the failed batch').toEqual(before.fills);
    expect(await store.orders('r1')).toEqual(before.orders);
    expect(await store.positions('r1')).toEqual(before.positions);
    expect(await store.run('r1'), 'the run keeps its last sequence').toEqual(before.run);
    expect(await store.latestSnapshot('r1')).toBeUndefined();
    expect(await store.hasProcessedMessage('bus', 'm-1'), 'the message stays unprocessed').toBe(false);
    // A duplicate LLM decision id (a unique constraint) fails the whole batch the same way.
    const decision = {
      type: 'PolicyDecided',
      timestamp: FIXTURE_TIME,
      payload: '{}',
      decisionId: 'd1',
      model: 'm',
      outcome: 'approved',
    };
    await expect(store.commit('r1', [fillChange(6), { llmDecisions: [decision, decision] }])).rejects.toThrow();
    expect(await store.fills('r1')).toEqual(before.fills);
    // The same batch without the bad row commits, continuing the sequence.
    const result = await store.commit('r1', [batch[0], batch[1], { ...batch[2], orders: [fixtureOrder(4)] }, batch[3]]);
    expect(result.firstSequence).toBe(before.events.length + 1);
    expect((await store.fills('r1')).map((f) => f.tradeId)).toEqual(['T-1', 'T-2', 'T-5']);
  });

  it('applies commits handed over without waiting in order; one issued while a failing one was pending writes nothing', async () => {
    const { store } = await fresh();
    await store.startRun(fixtureRun('r1'));
    await store.startRun(fixtureRun('r2'));
    const badOrder = { ...fixtureOrder(2), side: 'sideways' }; // violates the orders.side CHECK
    const first = store.commit('r1', [fillChange(1)]);
    const failing = store.commit('r1', [{ events: [fixtureEvent(2)], orders: [badOrder] }]);
    const after = store.commit('r1', [fillChange(3)]);
    const otherRun = store.commit('r2', [fillChange(4)]);
    const settled = await Promise.allSettled([first, failing, after, otherRun]);
    expect(
      settled.map((s) => s.status),
      'the batch behind the failed one fails with it; another run is not held back',
    ).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((settled[2] as PromiseRejectedResult).reason), 'it says why').toMatch(
      /earlier commit of run 'r1' failed/,
    );
    expect(
      (await store.fills('r1')).map((f) => f.tradeId),
      'nothing after the gap landed',
    ).toEqual(['T-1']);
    expect(
      (await store.events('r1', 0)).map((e) => e.sequence),
      'the failed batches took no sequence',
    ).toEqual([1]);
    // Issued once the failure is known, a commit stands on its own and continues the sequence.
    const again = await store.commit('r1', [fillChange(3)]);
    expect(again.firstSequence).toBe(2);
    expect((await store.fills('r1')).map((f) => f.tradeId)).toEqual(['T-1', 'T-3']);
  });
}
