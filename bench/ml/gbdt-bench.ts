/**
 * Gradient-boosted trees benchmark (issue 6): 100 trees of depth 6 on 1,000,000 rows × 30
 * synthetic features (seeded), then prediction throughput and test AUC on 200,000 held-out
 * rows. With `--peer`, scikit-learn's HistGradientBoostingClassifier trains on the same data
 * (written to a temp binary file) with the same settings in bench/ml/sklearn-peer.py.
 *
 *   npx tsx bench/ml/gbdt-bench.ts [--rows N] [--features D] [--trees T] [--depth K] [--threads P] [--peer] [--json]
 *
 * Histograms are built on `--threads` threads (default: every core; the model is the same bits
 * with any number), prediction runs on one.
 *
 * Targets: train ≤ 30 s, prediction ≥ 1,000,000 rows/s; AUC within 0.005 of the peer's.
 * Prediction is printed beside its anchor, the plain per-row walk of the same trees in
 * JavaScript, and beside the peer's own prediction speed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../../src/core/kernel/random.ts';
import { trainGradientBoosting } from '../../src/core/ml/gbdt/index.ts';
import { areaUnderRoc } from '../../src/core/ml/metrics/index.ts';
import { startParallelHistogramBuilders } from '../../src/runtime/ml/parallel-histogram-builder.ts';

/** What sklearn-peer.py prints. */
interface Peer {
  readonly seconds: number;
  readonly cpu_seconds: number;
  readonly auc: number;
  /** predict_proba over the 1M training rows, rows per second (its own threads). */
  readonly predict_rows_per_sec: number;
}

const PREDICT_RUNS = 3;
const WALK_ROWS = 200_000;

interface Dataset {
  readonly features: Float64Array;
  readonly labels: Float64Array;
  readonly rows: number;
}

/**
 * Rows of `featureCount` standard normals; the label is 1 when
 * x0 + 0.5·x1² − 0.8·x2·x3 + 0.6·sin(2·x4) > 0.5, flipped with probability 0.1 (label noise).
 * The other features are noise the trees must ignore.
 */
export function syntheticRuleData(rows: number, featureCount: number, seed: number): Dataset {
  const random = new SeededRandom(seed);
  const features = new Float64Array(rows * featureCount);
  const labels = new Float64Array(rows);
  for (let i = 0; i < features.length; i += 2) {
    const u = 1 - random.next();
    const v = random.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    features[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < features.length) features[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  for (let r = 0; r < rows; r++) {
    const x = r * featureCount;
    const score =
      features[x] +
      0.5 * features[x + 1] ** 2 -
      0.8 * features[x + 2] * features[x + 3] +
      0.6 * Math.sin(2 * features[x + 4]);
    const rule = score > 0.5 ? 1 : 0;
    labels[r] = random.next() < 0.1 ? 1 - rule : rule;
  }
  return { features, labels, rows };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const rows = argument('--rows', 1_000_000);
  const featureCount = argument('--features', 30);
  const trees = argument('--trees', 100);
  const depth = argument('--depth', 6);
  const threads = argument('--threads', availableParallelism());
  const learningRate = 0.1;
  const testRows = Math.max(1000, Math.round(rows / 5));
  const json = process.argv.includes('--json');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const train = syntheticRuleData(rows, featureCount, 7);
  const test = syntheticRuleData(testRows, featureCount, 8);
  log(
    `gbdt: ${rows.toLocaleString('en-US')} rows × ${featureCount} features, ${trees} trees of depth ${depth}, ${threads} thread(s)`,
  );
  const histogramBuilders = startParallelHistogramBuilders({ threads });

  // CPU time beside wall time: on a shared machine the wall clock also counts other processes.
  const trainCpu = process.cpuUsage();
  const trainStart = performance.now();
  const model = trainGradientBoosting({
    features: train.features,
    featureCount,
    labels: train.labels,
    objective: 'binary',
    trees,
    maxDepth: depth,
    learningRate,
    lambda: 0,
    minLeafSamples: 20,
    seed: 1,
    histogramBuilders,
    onRound: ({ round }) => {
      if ((round + 1) % 10 === 0)
        log(`  ${round + 1} trees, ${((performance.now() - trainStart) / 1000).toFixed(1)} s`);
    },
  });
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const trainCpuSeconds = cpuSeconds(process.cpuUsage(trainCpu));
  await histogramBuilders.close();

  // Batch prediction: the median of PREDICT_RUNS after a warm-up, beside the anchor, the plain
  // per-row tree walk in JavaScript (model.walkMargin) on the first WALK_ROWS rows.
  const predictions = new Float64Array(rows);
  model.predictBatch(train.features, predictions); // warm-up (and the WebAssembly layout)
  const predictCpu = process.cpuUsage();
  const predictRuns: number[] = [];
  for (let run = 0; run < PREDICT_RUNS; run++) {
    const start = performance.now();
    model.predictBatch(train.features, predictions);
    predictRuns.push(rows / ((performance.now() - start) / 1000));
  }
  const predictRowsPerSecond = [...predictRuns].sort((a, b) => a - b)[Math.floor(PREDICT_RUNS / 2)];
  const predictRowsPerCpuSecond = (PREDICT_RUNS * rows) / cpuSeconds(process.cpuUsage(predictCpu));
  const walkRows = Math.min(rows, WALK_ROWS);
  let walkChecksum = 0;
  for (let r = 0; r < walkRows; r++) walkChecksum += model.walkMargin(train.features, r * featureCount); // warm-up
  const walkStart = performance.now();
  for (let r = 0; r < walkRows; r++) walkChecksum += model.walkMargin(train.features, r * featureCount);
  const walkRowsPerSecond = walkRows / ((performance.now() - walkStart) / 1000);
  const testPredictions = model.predictBatch(test.features);
  const auc = areaUnderRoc(testPredictions, test.labels);

  let peer: Peer | string = 'not run (--peer)';
  if (process.argv.includes('--peer')) {
    const folder = mkdtempSync(join(tmpdir(), 'gbdt-bench-'));
    try {
      const write = (name: string, values: Float64Array) =>
        writeFileSync(join(folder, name), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      write('train-x.f64', train.features);
      write('train-y.f64', train.labels);
      write('test-x.f64', test.features);
      write('test-y.f64', test.labels);
      const script = fileURLToPath(new URL('./sklearn-peer.py', import.meta.url));
      const args = [script, folder, String(featureCount), String(trees), String(depth), String(learningRate)];
      // Debian's python3-sklearn lives beside the system interpreter, not a pyenv/venv one.
      const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
      peer = JSON.parse(execFileSync(python, args, { encoding: 'utf8' })) as Peer;
    } catch (error) {
      peer = `failed: ${(error as Error).message.split('\n')[0]}`;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  const result = {
    rows,
    featureCount,
    trees: model.treeCount,
    depth,
    threads,
    trainSeconds,
    trainCpuSeconds,
    predictRowsPerSecond,
    predictRowsPerCpuSecond,
    predictRuns,
    walkRowsPerSecond,
    walkChecksum,
    auc,
    peer,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const pass = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  console.log(
    `train           ${trainSeconds.toFixed(2)} s wall, ${trainCpuSeconds.toFixed(2)} s CPU, ${threads} thread(s) (target ≤ 30 s: ${pass(trainSeconds <= 30)})`,
  );
  console.log(
    `predict         ${(predictRowsPerSecond / 1e6).toFixed(2)} M rows/s wall, ${(predictRowsPerCpuSecond / 1e6).toFixed(2)} M rows/CPU s (target ≥ 1 M/s: ${pass(predictRowsPerSecond >= 1e6)})`,
  );
  console.log(
    `  anchor        plain per-row walk ${(walkRowsPerSecond / 1e6).toFixed(2)} M rows/s; batch / walk ${(predictRowsPerSecond / walkRowsPerSecond).toFixed(2)}×`,
  );
  console.log(`test AUC        ${auc.toFixed(4)}`);
  if (typeof peer === 'string') console.log(`sklearn peer    ${peer}`);
  else {
    console.log(
      `sklearn peer    train ${peer.seconds.toFixed(2)} s wall, ${peer.cpu_seconds.toFixed(2)} s CPU (all threads), AUC ${peer.auc.toFixed(4)} (HistGradientBoostingClassifier)`,
    );
    console.log(
      `                predict ${(peer.predict_rows_per_sec / 1e6).toFixed(2)} M rows/s (all threads); ours / peer ${(predictRowsPerSecond / peer.predict_rows_per_sec).toFixed(2)}×`,
    );
    console.log(
      `AUC gap         ${(auc - peer.auc).toFixed(4)} (target |gap| ≤ 0.005: ${pass(Math.abs(auc - peer.auc) <= 0.005)})`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
