/**
 * One paper-node process of the chaos test (src/runtime/paper/paper-chaos.test.ts): replays a
 * config with its run kept in a SQLite store, and, when told, kills itself with SIGKILL at the
 * commit that carries its N-th new `OrderSubmitted`: the orders were sent to the venue (the
 * simulated exchange has them) and their acknowledgement is not yet recorded.
 *
 * Usage: tsx test/support/paper-chaos-child.ts <config.yaml> <store.db> <kill after N orders, 0: never>
 */
import { openTradingStore } from '../../src/adapters/stores/index.ts';
import { loadPaperConfig } from '../../src/cli/commands/paper.ts';
import type { StoreChange, TradingStore } from '../../src/core/persistence/index.ts';
import { runPaper } from '../../src/runtime/paper/run-paper.ts';

const [configPath, dbPath, killText] = process.argv.slice(2);
if (configPath === undefined || dbPath === undefined || killText === undefined)
  throw new Error('usage: paper-chaos-child.ts <config.yaml> <store.db> <kill after N orders>');
const killAfter = Number(killText);
const store = await openTradingStore({ sqlitePath: dbPath }, {});
let submitted = 0;
const commit = (runId: string, changes: readonly StoreChange[]) => {
  for (const change of changes)
    for (const event of change.events ?? [])
      if (event.type === 'OrderSubmitted' && killAfter > 0 && ++submitted >= killAfter) {
        process.stderr.write('killed-at-commit\n');
        process.kill(process.pid, 'SIGKILL');
      }
  return store.commit(runId, changes);
};
const chaosStore: TradingStore = new Proxy(store, {
  get: (target, property) =>
    property === 'commit'
      ? commit
      : ((Reflect.get(target, property) as (...args: unknown[]) => unknown).bind?.(target) ??
        Reflect.get(target, property)),
});
process.stderr.write('ready\n');
const { config, paper, baseDir } = await loadPaperConfig(configPath);
const session = await runPaper(config, paper, {
  baseDir,
  replay: true,
  // A bar a millisecond: each 20 ms group commit holds a few bars, so kills fall between many commits.
  speed: 60_000,
  persistence: { store: chaosStore, snapshotEveryBars: 200 },
});
await store.close();
process.stdout.write(`${JSON.stringify({ resume: session.resume, bars: session.barsDone, ending: session.ending })}\n`);
