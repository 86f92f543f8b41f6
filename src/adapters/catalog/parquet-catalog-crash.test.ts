import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../core/model/ids.ts';
import { ParquetCatalog } from './parquet-catalog.ts';
import { flatSecondBars } from './write-bars-child.ts';

const CHILD = fileURLToPath(new URL('./write-bars-child.ts', import.meta.url));
const START = Date.UTC(2024, 2, 1);
/** About 11.6 days of 1-second bars in one month partition: a write long enough to interrupt. */
const COUNT = 1_000_000;
const query = { instrumentId: instrumentId('BTC/USDT', 'BINANCE'), timeframe: '1s' } as const;

describe('ParquetCatalog atomic partition writes', () => {
  it('after kill -9 mid-write a partition holds the old bars or the new ones, never half', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tradewind-crash-'));
    const partitionDir = join(dir, 'bars', 'BINANCE', 'BTC%2FUSDT', '1s');
    try {
      const catalog = await ParquetCatalog.open(dir);
      await catalog.writeBars(flatSecondBars(START, COUNT, 1));
      catalog.close();

      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(START), String(COUNT), '2'], {
        stdio: 'ignore',
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let sawTempFile = false;
      let finished = false;
      void exited.then(() => {
        finished = true;
      });
      // Kill the writer as soon as its temp file appears, i.e. while DuckDB writes the partition.
      while (!finished) {
        const names = await readdir(partitionDir);
        if (names.some((name) => name.includes('.tmp-'))) {
          sawTempFile = true;
          child.kill('SIGKILL');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const signal = await exited;
      expect(sawTempFile, 'the writer was caught with its temp file open').toBe(true);
      expect(signal, 'the writer died by SIGKILL').toBe('SIGKILL');

      const reader = await ParquetCatalog.open(dir);
      const bars = await reader.readBars(query);
      expect(bars.length, 'the partition is whole: all 1,000,000 bars').toBe(COUNT);
      const prices = new Set(bars.close);
      expect(prices.size, 'one price throughout: old (1) or new (2), never a mix').toBe(1);
      expect([1, 2]).toContain([...prices][0]);
      expect((await reader.list())[0], 'list() ignores the leftover temp file').toMatchObject({
        rows: COUNT,
        partitions: 1,
      });

      // The next write removes the dead writer's temp file and merges with the surviving partition.
      const summary = await reader.writeBars(flatSecondBars(START + COUNT * 1000, 10, 3));
      expect(summary.replaced).toBe(0);
      expect(await readdir(partitionDir), 'only the partition remains').toEqual(['2024-03.parquet']);
      expect((await reader.readBars(query)).length).toBe(COUNT + 10);
      reader.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
