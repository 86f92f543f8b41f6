import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The optimizer part of `npm run bench` (--only optimize), in its own process (its own heap and worker threads). */
export function runOptimizeBench(progress: (line: string) => void): {
  readonly json: Record<string, unknown>;
  readonly table: string;
  readonly ok: boolean;
} {
  progress('optimize: 1,000 EMA-cross parameter sets over 1,000,000 bars on both cores (about 2 minutes)');
  const script = fileURLToPath(new URL('./optimize-bench.ts', import.meta.url));
  const run = (extra: string[]): string =>
    execFileSync(process.execPath, ['--import', 'tsx', script, ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const json = JSON.parse(run(['--json']).trim().split('\n').at(-1) as string) as Record<string, unknown>;
  const seconds = json.seconds as number;
  const table = [
    'Optimizer (issue 6 target)',
    '',
    `optimize ${json.trials} EMA-cross sets × ${((json.bars as number) / 1e6).toFixed(2)} M bars   ${seconds.toFixed(1)} s on 2 workers   target ≤ ${json.target_seconds} s: ${json.pass ? 'PASS' : 'MISS'}`,
    `  ${json.subset} sets: 1 worker ${(json.subset_one_worker_seconds as number).toFixed(1)} s, 2 workers ${(json.subset_two_workers_seconds as number).toFixed(1)} s (speed-up ${(json.two_worker_speedup as number).toFixed(2)}×), results identical: ${json.one_and_two_workers_identical}`,
    `  anchor: plain typed-array loop on the same sets, scaled to ${json.trials} on 2 cores: ${(json.limit_loop_seconds_scaled as number).toFixed(1)} s; optimizer / loop ${(json.optimizer_vs_limit_ratio as number).toFixed(1)}×`,
  ].join('\n');
  return { json, table, ok: json.one_and_two_workers_identical === true };
}
