import { z } from 'zod';
import { APP_LOG_DEFAULTS, type AppLogOptions, LOG_LEVELS } from './open-app-log.ts';

/**
 * The `logs` section of a node's configuration: where the application log and the JSONL audit
 * mirrors go, how much is logged and how long rotated files are kept.
 */
export const logsConfig = z
  .object({
    dir: z
      .string()
      .min(1)
      .default(APP_LOG_DEFAULTS.dir)
      .describe(
        'folder of app.log (and its rotated app.YYYY-MM-DD.log files), trades.log.jsonl, risk.log.jsonl and llm_decisions/',
      ),
    level: z
      .enum(LOG_LEVELS)
      .default(APP_LOG_DEFAULTS.level)
      .describe('lowest level written to app.log: debug, info, warn or error'),
    retention_days: z
      .number()
      .int()
      .min(0)
      .default(APP_LOG_DEFAULTS.retentionDays)
      .describe(
        'whole UTC days of rotated app logs and llm_decisions day files kept before today; 0 keeps everything (trades and risk mirrors are never pruned)',
      ),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(APP_LOG_DEFAULTS.maxBytes)
      .describe('app.log is also rotated before it would grow past this many bytes (default 50 MiB)'),
  })
  .strict();

/** A validated `logs` section. */
export type LogsConfig = z.infer<typeof logsConfig>;

/** The {@link openAppLog} options of a `logs` section (the clock and extra redactions are the caller's). */
export function appLogOptions(config: LogsConfig): AppLogOptions {
  return { dir: config.dir, level: config.level, retentionDays: config.retention_days, maxBytes: config.max_bytes };
}
