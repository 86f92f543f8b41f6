/**
 * Test helper run as a child process by parquet-catalog-crash.test.ts: writes `count` 1-second
 * bars with every price equal to `price`, starting at `start` (Unix ms), into the catalog at
 * `dir`, so the parent can kill it with SIGKILL while the partition is being written.
 * Usage: `node --import tsx write-bars-child.ts <dir> <start> <count> <price>`.
 */
import { instrumentId } from '../../core/model/ids.ts';
import { ParquetCatalog } from './parquet-catalog.ts';

/** Bars of constant price one second apart: the content the crash test recognises. */
export function flatSecondBars(start: number, count: number, price: number) {
  const timestamp = new Float64Array(count);
  for (let i = 0; i < count; i++) timestamp[i] = start + i * 1000;
  const flat = new Float64Array(count).fill(price);
  return {
    instrumentId: instrumentId('BTC/USDT', 'BINANCE'),
    timeframe: '1s',
    length: count,
    timestamp,
    open: flat,
    high: flat,
    low: flat,
    close: flat,
    volume: flat,
  };
}

if (process.argv[1]?.endsWith('write-bars-child.ts')) {
  const [dir, start, count, price] = process.argv.slice(2);
  const catalog = await ParquetCatalog.open(dir);
  await catalog.writeBars(flatSecondBars(Number(start), Number(count), Number(price)));
  catalog.close();
}
