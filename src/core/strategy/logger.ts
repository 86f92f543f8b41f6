/** Structured log port. `event` is a snake_case name; fields are JSON-serialisable. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything (the default in benchmarks and tests). */
export const SILENT_LOGGER: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/** A logger that hands every line to each of `loggers`, in order. */
export function teeLogger(...loggers: readonly Logger[]): Logger {
  return {
    debug: (event, fields) => {
      for (const logger of loggers) logger.debug(event, fields);
    },
    info: (event, fields) => {
      for (const logger of loggers) logger.info(event, fields);
    },
    warn: (event, fields) => {
      for (const logger of loggers) logger.warn(event, fields);
    },
    error: (event, fields) => {
      for (const logger of loggers) logger.error(event, fields);
    },
  };
}
