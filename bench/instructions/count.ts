/**
 * Instructions per bar, counted by valgrind (callgrind): the engine's full path against the plain
 * typed-array limit loop on the same EMA cross, as a ratio. Wall time on this machine class drifts
 * ±50% within a minute, which hides a 10% change; an instruction count repeats to about 1% for the
 * same code and inputs, whatever else the machine is doing. It is not time (cache misses and
 * memory stalls do not count), so it complements `npm run bench`, it does not replace it.
 *
 *   npx tsx bench/instructions/count.ts [--bars N] [--json]
 *
 * Each side runs in a child (`bench/instructions/child.ts`) under callgrind twice, with few and
 * with many runs over the same bars; the difference, divided by the bars of the extra runs, is the
 * steady cost of a run per bar: start-up, bar generation and the first two runs' compilation cancel
 * out. Node runs `--single-threaded` (compilation and GC on the main thread), so that the same work
 * gives the same count. The engine's fresh instance per run pays some recompilation (it is in the
 * figure: a real run pays it too). Needs valgrind (Debian package `valgrind`); about three minutes.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    bars: { type: 'string', default: '200000' },
    json: { type: 'boolean', default: false },
  },
});
const BARS = Number(args.bars);
if (!Number.isSafeInteger(BARS) || BARS < 1000) throw new Error(`--bars must be an integer ≥ 1,000, got ${args.bars}`);

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Runs of each side in the first count and the second; the limit loop is ~25× cheaper per bar, so it takes more runs. */
const PLAN = { engine: { few: 2, many: 4 }, limit: { few: 2, many: 52 } } as const;

type Kind = keyof typeof PLAN;

/** Instructions of one child process under callgrind, and the fills its last run made. */
function count(kind: Kind, bars: number, runs: number): Promise<{ instructions: number; fills: number }> {
  const argv = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    '--single-threaded',
    '--import',
    'tsx',
    CHILD,
    kind,
    String(bars),
    String(runs),
  ];
  return new Promise((resolve, reject) => {
    execFile('valgrind', argv, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? 'valgrind is not installed (apt-get install -y valgrind)'
              : `${kind} ×${runs} under callgrind failed: ${stderr.slice(-2000)}`,
          ),
        );
        return;
      }
      const collected = /Collected\s*:\s*(\d+)/.exec(stderr);
      if (collected === null) {
        reject(new Error(`${kind} ×${runs}: no "Collected" line in callgrind's output`));
        return;
      }
      resolve({ instructions: Number(collected[1]), fills: (JSON.parse(stdout) as { fills: number }).fills });
    });
  });
}

/** Steady instructions per bar of one side: (many runs − few runs) / the extra runs' bars. */
async function perBar(kind: Kind): Promise<{ perBar: number; fills: number }> {
  const plan = PLAN[kind];
  const [few, many] = await Promise.all([count(kind, BARS, plan.few), count(kind, BARS, plan.many)]);
  if (few.fills !== many.fills)
    throw new Error(`${kind}: ${few.fills} fills in one run, ${many.fills} in the last of ${plan.many}`);
  return { perBar: (many.instructions - few.instructions) / ((plan.many - plan.few) * BARS), fills: many.fills };
}

process.stderr.write(
  `[instructions] engine and limit loop under callgrind, ${BARS.toLocaleString('en-US')} bars per engine run\n`,
);
const engine = await perBar('engine');
const limit = await perBar('limit');
const result = {
  engine_instructions_per_bar: Math.round(engine.perBar),
  limit_instructions_per_bar: Number(limit.perBar.toFixed(1)),
  engine_vs_limit: Number((engine.perBar / limit.perBar).toFixed(1)),
  engine_fills: engine.fills,
  limit_fills: limit.fills,
  trades_match: engine.fills === limit.fills,
  bars_per_engine_run: BARS,
};
if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  console.log(`engine      ${result.engine_instructions_per_bar.toLocaleString('en-US')} instructions per bar`);
  console.log(`limit loop  ${result.limit_instructions_per_bar} instructions per bar`);
  console.log(
    `engine / limit ${result.engine_vs_limit}×   fills ${engine.fills} vs ${limit.fills}: ${result.trades_match ? 'match' : 'DIFFER'}`,
  );
}
if (!result.trades_match) process.exitCode = 1;
