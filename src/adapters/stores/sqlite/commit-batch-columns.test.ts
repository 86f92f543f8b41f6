import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoreChange } from '../../../core/persistence/index.ts';
import { fixtureEvent, fixtureFill, fixtureOrder, fixturePosition } from '../store-fixtures.ts';
import { COMMIT_BATCH_KINDS, decodeCommitBatch, encodeCommitBatch } from './commit-batch-columns.ts';

/** What the commit thread receives: the encoded batch after a real structured clone (transferring its buffers). */
function throughThread(changes: readonly StoreChange[]): StoreChange[] {
  const { batch, transfer } = encodeCommitBatch(changes);
  return decodeCommitBatch(structuredClone(batch, { transfer }));
}

const scalar = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.constant(undefined),
  fc.constant(-0),
);

/** A change holding any subset of the kinds, each record with every field of its kind and any scalar in it. */
const change: fc.Arbitrary<StoreChange> = fc
  .tuple(
    ...COMMIT_BATCH_KINDS.map((kind) => {
      const record: fc.Arbitrary<unknown> = fc
        .tuple(...kind.fields.map(() => scalar))
        .map((values) => Object.fromEntries(kind.fields.map((field, i) => [field, values[i]])));
      const value = kind.single ? record : fc.array(record, { minLength: 0, maxLength: 3 });
      return fc.option(value, { nil: undefined });
    }),
  )
  .map((parts) => {
    const out: Record<string, unknown> = {};
    COMMIT_BATCH_KINDS.forEach((kind, i) => {
      if (parts[i] !== undefined) out[kind.key] = parts[i];
    });
    return out as StoreChange;
  });

describe('commit batch columns', () => {
  it('brings every change back as it was sent, through a structured clone', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        // An empty list of a kind arrives absent: nothing in it to write.
        const expected = changes.map((c) =>
          Object.fromEntries(Object.entries(c).filter(([, v]) => !(Array.isArray(v) && v.length === 0))),
        );
        expect(throughThread(changes), 'decoded changes').toStrictEqual(expected);
      }),
    );
  });

  it('keeps the order of records of one kind within and across changes', () => {
    const changes: StoreChange[] = [
      { events: [fixtureEvent(1), fixtureEvent(2)], fill: fixtureFill(1) },
      { orders: [fixtureOrder(1), fixtureOrder(2, 'filled', 0.5)] },
      { events: [fixtureEvent(3)], positions: [fixturePosition(-1)] },
    ];
    expect(throughThread(changes)).toStrictEqual(changes);
  });

  it('sends an all-number column as one typed array and a column with a gap as values', () => {
    const { batch } = encodeCommitBatch([{ orders: [fixtureOrder(1), fixtureOrder(2)] }]);
    const orders = batch.kinds.orders;
    const column = (field: string) =>
      orders?.columns[COMMIT_BATCH_KINDS.find((k) => k.key === 'orders')!.fields.indexOf(field as never)];
    expect(column('quantity'), 'quantity column').toBeInstanceOf(Float64Array);
    expect(column('triggerPrice'), 'trigger price column (undefined)').toEqual([undefined, undefined]);
    expect(column('status'), 'status column').toEqual(['accepted', 'accepted']);
    expect(Array.from(orders?.owner ?? []), 'owning change of each order').toEqual([0, 0]);
  });
});
