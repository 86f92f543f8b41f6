import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The machine-learning part of `npm run bench` (--only ml): the GBDT bench (100 trees of depth 6
 * on 1,000,000 rows × 30 features with histograms built on every core, prediction on one, AUC
 * beside scikit-learn's HistGradientBoostingClassifier on the same data) and the HMM bench
 * (3 states on 100,000 observations), each in its own process so neither inherits the other's heap.
 */
const TARGET_TRAIN_SECONDS = 30;
const TARGET_PREDICT_ROWS_PER_SECOND = 1e6;
const TARGET_AUC_GAP = 0.005;
const TARGET_HMM_SECONDS = 2;

interface GbdtFigures {
  /** Threads building histograms (the training thread included). */
  readonly threads: number;
  readonly trainSeconds: number;
  readonly trainCpuSeconds: number;
  readonly predictRowsPerSecond: number;
  readonly walkRowsPerSecond: number;
  readonly auc: number;
  readonly peer: { seconds: number; cpu_seconds: number; auc: number; predict_rows_per_sec: number } | string;
}

interface HmmFigures {
  readonly restarts: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly millisecondsPerIteration: number;
}

export interface MlBenchResult {
  readonly json: Record<string, unknown>;
  readonly table: string;
}

function runChild<T>(script: string, args: readonly string[]): T {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', path, ...args, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as T;
}

export function runMlBench(progress: (line: string) => void): MlBenchResult {
  progress('ml: gradient-boosted trees (1,000,000 × 30, 100 trees of depth 6) and the scikit-learn peer');
  const gbdt = runChild<GbdtFigures>('./gbdt-bench.ts', ['--peer']);
  progress('ml: Gaussian HMM, 3 states on 100,000 observations');
  const hmm = runChild<HmmFigures[]>('./hmm-bench.ts', []);
  const fit = hmm[0] as HmmFigures;
  const peer = typeof gbdt.peer === 'string' ? undefined : gbdt.peer;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const lines = [
    'Machine learning (issue 6 targets)',
    '',
    `GBDT train, 100 trees depth 6      ${gbdt.trainSeconds.toFixed(1)} s wall, ${gbdt.trainCpuSeconds.toFixed(1)} s CPU (${gbdt.threads} threads)   target ≤ ${TARGET_TRAIN_SECONDS} s: ${verdict(gbdt.trainSeconds <= TARGET_TRAIN_SECONDS)}`,
    `  peer: scikit-learn HistGBC        ${peer === undefined ? String(gbdt.peer) : `${peer.seconds.toFixed(1)} s wall, ${peer.cpu_seconds.toFixed(1)} s CPU (all threads); ours / peer wall ${(gbdt.trainSeconds / peer.seconds).toFixed(2)}×`}`,
    `GBDT predict                        ${(gbdt.predictRowsPerSecond / 1e6).toFixed(2)} M rows/s   target ≥ 1 M rows/s: ${verdict(gbdt.predictRowsPerSecond >= TARGET_PREDICT_ROWS_PER_SECOND)}`,
    `  anchor: plain per-row walk        ${(gbdt.walkRowsPerSecond / 1e6).toFixed(2)} M rows/s; ours / anchor ${(gbdt.predictRowsPerSecond / gbdt.walkRowsPerSecond).toFixed(2)}×`,
    `  peer: scikit-learn predict_proba  ${peer === undefined ? String(gbdt.peer) : `${(peer.predict_rows_per_sec / 1e6).toFixed(2)} M rows/s (all threads); ours / peer ${(gbdt.predictRowsPerSecond / peer.predict_rows_per_sec).toFixed(2)}×`}`,
    `GBDT test AUC                       ${gbdt.auc.toFixed(4)}${peer === undefined ? '' : ` vs peer ${peer.auc.toFixed(4)}: gap ${(gbdt.auc - peer.auc).toFixed(4)}   target |gap| ≤ ${TARGET_AUC_GAP}: ${verdict(Math.abs(gbdt.auc - peer.auc) <= TARGET_AUC_GAP)}`}`,
    `HMM fit, 3 states × 100,000, ${fit.restarts} restarts ${fit.seconds.toFixed(2)} s wall, ${fit.cpuSeconds.toFixed(2)} s CPU, ${fit.millisecondsPerIteration.toFixed(1)} ms/iteration   target ≤ ${TARGET_HMM_SECONDS} s: ${verdict(fit.seconds <= TARGET_HMM_SECONDS)}`,
  ];
  return {
    json: {
      gbdt: {
        threads: gbdt.threads,
        train_seconds: gbdt.trainSeconds,
        train_cpu_seconds: gbdt.trainCpuSeconds,
        predict_rows_per_sec: Math.round(gbdt.predictRowsPerSecond),
        predict_walk_rows_per_sec: Math.round(gbdt.walkRowsPerSecond),
        auc: gbdt.auc,
        peer: peer ?? null,
        pass_train: gbdt.trainSeconds <= TARGET_TRAIN_SECONDS,
        pass_predict: gbdt.predictRowsPerSecond >= TARGET_PREDICT_ROWS_PER_SECOND,
        pass_auc: peer === undefined ? null : Math.abs(gbdt.auc - peer.auc) <= TARGET_AUC_GAP,
      },
      hmm: {
        seconds: fit.seconds,
        cpu_seconds: fit.cpuSeconds,
        restarts: fit.restarts,
        pass: fit.seconds <= TARGET_HMM_SECONDS,
      },
    },
    table: lines.join('\n'),
  };
}
