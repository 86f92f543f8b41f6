import pino from 'pino';
import type { UnixMillis } from '../../core/model/time.ts';
import type { Logger } from '../../core/strategy/logger.ts';
import { DEFAULT_REDACT_KEYS, REDACTED, redactPaths, scrubCredentials } from './redact-secrets.ts';
import { RotatingLogFile } from './rotating-log-file.ts';

/** The levels of the core `Logger` port, lowest first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Defaults of {@link AppLogOptions}. */
export const APP_LOG_DEFAULTS = Object.freeze({
  dir: 'logs',
  level: 'info' as LogLevel,
  retentionDays: 14,
  maxBytes: 50 * 1024 * 1024,
});

/** What {@link openAppLog} takes; every field has a default. */
export interface AppLogOptions {
  /** Folder of `app.log` and its rotated files; created if missing. Default `logs`. */
  readonly dir?: string;
  /** Lowest level written. Default `info`. */
  readonly level?: LogLevel;
  /** Whole UTC days of rotated files kept before today; 0 keeps everything. Default 14. */
  readonly retentionDays?: number;
  /** Rotate before a line would take `app.log` past this many bytes. Default 50 MiB. */
  readonly maxBytes?: number;
  /** Wall clock in Unix ms; stamps each line and decides its file. Default `Date.now`. */
  readonly now?: () => UnixMillis;
  /** Field names to redact besides {@link DEFAULT_REDACT_KEYS}. */
  readonly redact?: readonly string[];
}

/** The application log: the core `Logger` port plus the file's life cycle. */
export interface AppLog extends Logger {
  /** The live file (`<dir>/app.log`). */
  readonly path: string;
  /** Writes out anything buffered; lines are written synchronously, so this is a barrier only. */
  flush(): void;
  /** Closes the file; logging afterwards throws (a shutdown-order bug). Idempotent. */
  close(): Promise<void>;
}

/**
 * Keys pino writes itself; a field of the same name is written as `field_<name>` so that it can
 * neither shadow the line's time, level or event nor be shadowed by them.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['time', 'level', 'event', 'msg']);

/**
 * Opens `<dir>/app.log` for the node's structured log. Each line is one JSON object:
 * `{"level":"info","time":<Unix ms>,"event":"<snake_case>",...fields}`. Secrets never reach the
 * file: `Error` fields are serialised (type, message, stack, cause) and the credentials of URLs in
 * any string are replaced by `***` before pino sees the fields; then pino's `redact` replaces the
 * values of credential-named keys ({@link DEFAULT_REDACT_KEYS} plus `options.redact`) down to
 * four levels of nesting. The file rotates at UTC midnight (by each line's own time) and at
 * `maxBytes`; rotated files older than the retention are deleted at open and at each rotation.
 * Opening repairs a line torn by a crash and writes what it did as the first events
 * (`app_log_torn_line_dropped`, `app_log_rotated`, `app_log_pruned`).
 */
export function openAppLog(options: AppLogOptions = {}): AppLog {
  const now = options.now ?? Date.now;
  const level = options.level ?? APP_LOG_DEFAULTS.level;
  if (!LOG_LEVELS.includes(level)) throw new RangeError(`unknown log level ${JSON.stringify(level)}`);
  const file = new RotatingLogFile({
    dir: options.dir ?? APP_LOG_DEFAULTS.dir,
    retentionDays: options.retentionDays ?? APP_LOG_DEFAULTS.retentionDays,
    maxBytes: options.maxBytes ?? APP_LOG_DEFAULTS.maxBytes,
    now: now(),
  });
  // The time pino stamps on the line being written, so the line's file is chosen by that same time.
  let lineTime = 0;
  const logger = pino(
    {
      level,
      base: null,
      timestamp: () => {
        lineTime = now();
        return `,"time":${lineTime}`;
      },
      formatters: { level: (label) => ({ level: label }) },
      // Errors are serialised (and scrubbed) before pino sees them; its own `err` serializer would retype them.
      serializers: { err: (value: unknown) => value },
      redact: { paths: redactPaths([...DEFAULT_REDACT_KEYS, ...(options.redact ?? [])]), censor: REDACTED },
    },
    { write: (line: string) => file.write(line, lineTime) },
  );

  let closed = false;
  const log = (at: LogLevel, event: string, fields: Record<string, unknown> | undefined): void => {
    if (closed) throw new Error(`app log ${file.path} is closed; dropped event ${event}`);
    if (!logger.isLevelEnabled(at)) return;
    const line: Record<string, unknown> = { event };
    if (fields !== undefined)
      for (const [key, value] of Object.entries(fields))
        line[RESERVED_KEYS.has(key) ? `field_${key}` : key] = scrubCredentials(value);
    logger[at](line);
  };
  const appLog: AppLog = {
    path: file.path,
    debug: (event, fields) => log('debug', event, fields),
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
    flush: () => file.flush(),
    close: () => {
      closed = true;
      return file.close();
    },
  };

  const { tornBytes, rotatedTo, pruned } = file.opened;
  if (tornBytes > 0) appLog.warn('app_log_torn_line_dropped', { bytes: tornBytes });
  if (rotatedTo !== undefined) appLog.info('app_log_rotated', { to: rotatedTo });
  if (pruned.length > 0) appLog.info('app_log_pruned', { files: pruned });
  return appLog;
}
