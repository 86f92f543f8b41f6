import type { Logger } from '../../core/strategy/logger.ts';

/** Lines kept per run; beyond it lines are counted, not kept (a strategy logging every bar of 10M bars). */
export const RUN_LOG_MAX_LINES = 200_000;

/**
 * The structured log of a backtest (strategies' decisions such as `trend_follower_tuned` or
 * `ml_gate_blocked`, with their strategy id and engine time; the kernel's warnings), kept as JSON
 * lines for the run directory's `log.jsonl`.
 */
export class RunLog implements Logger {
  readonly lines: string[] = [];
  dropped = 0;

  constructor(private readonly maxLines = RUN_LOG_MAX_LINES) {}

  private write(level: string, event: string, fields: Record<string, unknown> | undefined): void {
    if (this.lines.length >= this.maxLines) {
      this.dropped++;
      return;
    }
    this.lines.push(JSON.stringify({ level, event, ...fields }));
  }

  debug(event: string, fields?: Record<string, unknown>): void {
    this.write('debug', event, fields);
  }
  info(event: string, fields?: Record<string, unknown>): void {
    this.write('info', event, fields);
  }
  warn(event: string, fields?: Record<string, unknown>): void {
    this.write('warn', event, fields);
  }
  error(event: string, fields?: Record<string, unknown>): void {
    this.write('error', event, fields);
  }

  /** The lines as a JSONL text; a last `log_truncated` line counts what was not kept. */
  text(): string {
    const tail =
      this.dropped > 0
        ? [JSON.stringify({ level: 'warn', event: 'log_truncated', kept: this.lines.length, dropped: this.dropped })]
        : [];
    const all = [...this.lines, ...tail];
    return all.length === 0 ? '' : `${all.join('\n')}\n`;
  }
}
