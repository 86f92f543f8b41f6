import type { ExternalEvent } from '../../core/model/events.ts';
import type { UnixMillis } from '../../core/model/time.ts';
import type { LoadedStrategy } from '../backtest/strategy-loader.ts';
import { type JsonFileWatch, watchJsonFile } from '../files/watch-json-file.ts';

/** Options of {@link watchStrategyFiles}. */
export interface WatchStrategyFilesOptions {
  /** Where the events go: a live node's `TradingKernel.publishExternalEvent`. */
  readonly publish: (event: ExternalEvent) => void;
  /** The node's clock: the event's timestamp. */
  readonly now: () => UnixMillis;
  /** A version of a file that cannot be used (the strategy keeps the last valid one). */
  readonly onError: (error: Error) => void;
  /** Poll interval (ms) besides the file-system events; default 1000. */
  readonly pollMs?: number;
}

/**
 * Watches the files a loaded strategy's parameters named (say ma_hmm_ensemble's
 * `calibration_file`) and publishes each valid change as an external event of the file's kind
 * (`calibration`), its content as payload and `file:<path>` as source; the strategy, subscribed to
 * that kind, applies it. The content read at start is not republished. Returns the watches to
 * close when the node stops.
 */
export function watchStrategyFiles(strategy: LoadedStrategy, options: WatchStrategyFilesOptions): JsonFileWatch[] {
  return (strategy.watchedFiles ?? []).map((file) =>
    watchJsonFile({
      path: file.path,
      initialDigest: file.digest,
      pollMs: options.pollMs,
      parse: (json) => {
        if (typeof json !== 'object' || json === null || Array.isArray(json))
          throw new Error(`'${file.parameter}' must hold a JSON object`);
        return json as Record<string, unknown>;
      },
      onChange: (payload) =>
        options.publish({
          type: 'ExternalEvent',
          kind: file.eventKind,
          source: `file:${file.path}`,
          timestamp: options.now(),
          payload,
        }),
      onError: options.onError,
    }),
  );
}
