/**
 * Writes and reads back a store's times in a process whose `TZ` the parent sets, for the contract
 * suite's time-zone test: `node --import tsx store-time-zone-child.ts '<options json>' <runId> <t1,t2,…>`.
 * Prints one JSON line: the process's local UTC offset at the first time (to prove the zone took
 * effect) and every time as read back from runs, events, fills, orders, positions and snapshots.
 */

import { openTradingStore, type TradingStoreOptions } from './open-trading-store.ts';
import { fillChange, fixtureFill, fixtureRun, fixtureSnapshot } from './store-fixtures.ts';

const [optionsJson, runId, timesText] = process.argv.slice(2);
const times = timesText.split(',').map(Number);
const store = await openTradingStore(JSON.parse(optionsJson) as TradingStoreOptions, {});
try {
  await store.startRun(fixtureRun(runId, times[0]));
  await store.commit(
    runId,
    times.map((t, i) => ({
      ...fillChange(i, { ...fixtureFill(i), timestamp: t }),
      snapshot: fixtureSnapshot(t, 1_000 + i),
    })),
  );
  await store.endRun(runId, times[times.length - 1], 'stopped');
  const run = await store.run(runId);
  console.log(
    JSON.stringify({
      offsetMinutes: new Date(times[0]).getTimezoneOffset(),
      localText: new Date(times[0]).toString(),
      run: [run?.startedAt, run?.endedAt],
      events: (await store.events(runId, 0)).map((e) => e.timestamp),
      fills: (await store.fills(runId)).map((f) => f.timestamp),
      orders: (await store.orders(runId)).map((o) => o.updatedAt),
      positions: (await store.positions(runId)).map((p) => p.updatedAt),
      snapshot: (await store.latestSnapshot(runId))?.timestamp,
    }),
  );
} finally {
  await store.close();
}
