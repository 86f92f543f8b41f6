import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { TradingStore } from '../../core/persistence/index.ts';
import { fixtureRun } from './store-fixtures.ts';
import type { StoreHarness } from './store-harness.ts';

const run = promisify(execFile);
const scriptPath = (script: string): string => fileURLToPath(new URL(script, import.meta.url));

/** Runs a store script in a child process (`node --import tsx`), with extra environment. */
async function runChild(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const path = scriptPath(script);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return stdout;
}

/**
 * The contract's tests that need other processes: time zones (a child with its own `TZ`),
 * concurrent writer processes, and a writer killed with SIGKILL. Called inside the contract's
 * `describe`, with its `fresh` location factory.
 */
export function defineStoreProcessTests(fresh: () => Promise<{ harness: StoreHarness; store: TradingStore }>): void {
  it.each(['America/New_York', 'Pacific/Chatham'])(
    'stores and reads back the same epoch ms under TZ=%s',
    async (zone) => {
      const { harness } = await fresh();
      // New York's spring-forward minute, Chatham's (UTC+13:45) switch back, a leap day, a pre-1970 time.
      const times = [
        Date.UTC(2026, 2, 8, 7, 0, 0, 1),
        Date.UTC(2026, 3, 4, 14, 0),
        Date.UTC(2028, 1, 29, 23, 59, 59, 999),
        -1_234_567,
      ];
      times.sort((a, b) => a - b);
      const out = JSON.parse(
        (
          await runChild('./store-time-zone-child.ts', [JSON.stringify(harness.options), 'tz', times.join(',')], {
            TZ: zone,
          })
        ).trim(),
      );
      expect(out.offsetMinutes, `the child really ran in ${zone} (${out.localText})`).not.toBe(0);
      expect(out.run).toEqual([times[0], times.at(-1)]);
      expect(out.events).toEqual(times);
      expect(out.fills).toEqual(times);
      expect(out.orders).toEqual(times);
      expect(out.positions).toEqual([times.at(-1)]);
      expect(out.snapshot).toBe(times.at(-1));
    },
  );

  it('keeps sequences gap-free and each writer in order with concurrent writer processes', async () => {
    const { harness, store } = await fresh();
    await store.startRun(fixtureRun('shared'));
    const writers = ['a', 'b', 'c'];
    const batches = 15;
    const perBatch = 10;
    await Promise.all(
      writers.map((w) =>
        runChild('./store-writer-child.ts', [
          JSON.stringify(harness.options),
          'shared',
          w,
          String(batches),
          String(perBatch),
        ]),
      ),
    );
    const events = await store.events('shared', 0);
    const total = writers.length * batches * perBatch;
    expect(
      events.map((e) => e.sequence),
      'every commit of every writer, numbered 1..n',
    ).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const w of writers) {
      const own = events.map((e) => JSON.parse(e.payload)).filter((p) => p.writer === w);
      expect(
        own.map((p) => p.batch * perBatch + p.index),
        `writer ${w}'s events in its commit order`,
      ).toEqual(Array.from({ length: batches * perBatch }, (_, i) => i));
    }
    // A batch is never split by another writer: each commit's events are consecutive.
    for (let i = 0; i < events.length; i += perBatch) {
      const group = events.slice(i, i + perBatch).map((e) => JSON.parse(e.payload));
      expect(new Set(group.map((p) => `${p.writer}/${p.batch}`)).size, 'one commit = consecutive sequences').toBe(1);
    }
    expect((await store.run('shared'))?.lastSequence).toBe(total);
  });

  it('keeps only whole batches when a writer process is killed with SIGKILL mid-stream', async () => {
    const { harness, store } = await fresh();
    await store.startRun(fixtureRun('killed'));
    const perBatch = 50;
    // The child commits batches until killed, printing each committed last sequence.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        scriptPath('./store-writer-child.ts'),
        JSON.stringify(harness.options),
        'killed',
        'k',
        '0',
        String(perBatch),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let reported = 0;
    let commits = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      reported = Number(line.split(' ')[1]);
      commits += 1;
      if (commits === 7) child.kill('SIGKILL');
    }
    expect(await exited, 'the writer died of SIGKILL, not of an error').toBe('SIGKILL');
    const events = await store.events('killed', 0);
    expect(events.length, 'every commit the writer saw succeed is there').toBeGreaterThanOrEqual(reported);
    expect(events.length % perBatch, 'no half-written batch').toBe(0);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect((await store.run('killed'))?.lastSequence, 'the run row agrees with the log').toBe(events.length);
    const after = await store.commit('killed', [{ events: [{ type: 'Restarted', timestamp: 0, payload: '{}' }] }]);
    expect(after.firstSequence, 'a restart continues the sequence').toBe(events.length + 1);
  });
}
