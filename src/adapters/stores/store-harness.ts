import type { TradingStore } from '../../core/persistence/index.ts';
import type { TradingStoreOptions } from './open-trading-store.ts';

/** One isolated store location (a temp file, a fresh schema) for one test. */
export interface StoreHarness {
  /** Options that open this location through `openTradingStore` (also from child processes). */
  readonly options: TradingStoreOptions;
  /** Opens (again) the store at this location; the contract closes what it opens. */
  open(): Promise<TradingStore>;
  /** Removes the location. */
  dispose(): Promise<void>;
}
