/**
 * A separate process writing to a store, for the contract suite's concurrent-writer test:
 * `node --import tsx store-writer-child.ts '<options json>' <runId> <writer> <batches> <eventsPerBatch>`.
 * Each batch is one commit of `eventsPerBatch` events whose payload names the writer, batch and index;
 * after each commit the child prints `committed <last sequence>`. `batches` 0 writes until killed.
 */
import { openTradingStore, type TradingStoreOptions } from './open-trading-store.ts';

const [optionsJson, runId, writer, batchesText, perBatchText] = process.argv.slice(2);
const store = await openTradingStore(JSON.parse(optionsJson) as TradingStoreOptions, {});
try {
  const batches = Number(batchesText);
  const perBatch = Number(perBatchText);
  for (let batch = 0; batches === 0 || batch < batches; batch++) {
    const events = Array.from({ length: perBatch }, (_, index) => ({
      type: 'WriterEvent',
      timestamp: 1_700_000_000_000 + batch * perBatch + index,
      payload: JSON.stringify({ writer, batch, index }),
    }));
    const result = await store.commit(runId, [{ events }]);
    process.stdout.write(`committed ${result.lastSequence}\n`);
  }
} finally {
  await store.close();
}
