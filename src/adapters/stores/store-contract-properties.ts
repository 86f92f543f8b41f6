import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ChangeOutcome, StoreChange, TradingStore } from '../../core/persistence/index.ts';
import { fillChange, fixtureFill, fixtureRun } from './store-fixtures.ts';
import type { StoreHarness } from './store-harness.ts';

/** A generated change: maybe a message id and maybe a trade id, drawn from small pools so repeats are common. */
interface Draw {
  readonly message: number | undefined;
  readonly trade: number | undefined;
}

/**
 * The contract's property test: whatever the changes and however they are cut into batches, the
 * store's outcomes, events and fills equal a plain model of the idempotence rules (a change whose
 * message id was seen is a duplicate message; else one whose trade id was applied is a duplicate
 * trade id, its message id still recorded; else it is applied).
 */
export function defineStorePropertyTests(fresh: () => Promise<{ harness: StoreHarness; store: TradingStore }>): void {
  it('matches a model of message and trade-id idempotence over any batching', async () => {
    const { store } = await fresh();
    let runNumber = 0;
    const draw = fc.record({
      message: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      trade: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(draw, { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 8 })),
        async (draws, cuts) => {
          const runId = `model-${runNumber++}`;
          await store.startRun(fixtureRun(runId));
          const toChange = (d: Draw, index: number): StoreChange => {
            const base: StoreChange =
              d.trade === undefined
                ? { events: [{ type: 'Signal', timestamp: index, payload: String(index) }] }
                : fillChange(index, fixtureFill(index, `T-${d.trade}-${runId}`));
            return d.message === undefined
              ? base
              : { ...base, message: { consumer: runId, messageId: `m-${d.message}`, processedAt: index } };
          };
          // The model.
          const seenMessages = new Set<number>();
          const seenTrades = new Set<number>();
          const expected: ChangeOutcome[] = draws.map((d) => {
            if (d.message !== undefined) {
              if (seenMessages.has(d.message)) return 'duplicate_message';
              seenMessages.add(d.message);
            }
            if (d.trade !== undefined) {
              if (seenTrades.has(d.trade)) return 'duplicate_trade_id';
              seenTrades.add(d.trade);
            }
            return 'applied';
          });
          // The store, in batches cut by `cuts`.
          const outcomes: ChangeOutcome[] = [];
          let start = 0;
          for (let c = 0; start < draws.length; c++) {
            const size = cuts.length === 0 ? draws.length : cuts[c % cuts.length];
            const batch = draws.slice(start, start + size).map((d, i) => toChange(d, start + i));
            outcomes.push(...(await store.commit(runId, batch)).outcomes);
            start += size;
          }
          expect(outcomes).toEqual(expected);
          const applied = draws.map((_, i) => i).filter((i) => expected[i] === 'applied');
          const events = await store.events(runId, 0);
          expect(
            events.map((e) => e.timestamp),
            'one event per applied change, in order',
          ).toEqual(applied.map((i) => toChange(draws[i], i).events?.[0].timestamp));
          expect((await store.fills(runId)).length).toBe(applied.filter((i) => draws[i].trade !== undefined).length);
          for (const m of seenMessages) expect(await store.hasProcessedMessage(runId, `m-${m}`)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
}
