import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { UnixMillis } from '../../core/model/time.ts';
import { dropTornTail } from './drop-torn-tail.ts';
import { pruneDayFiles } from './prune-day-files.ts';
import { utcDay } from './utc-day.ts';

/** The live file's name and the rotated ones' pattern (`app.2026-11-21.log`, `app.2026-11-21.1.log`); group 1 is the day. */
export const APP_LOG_FILE = 'app.log';
export const ROTATED_APP_LOG = /^app\.(\d{4}-\d{2}-\d{2})(?:\.\d+)?\.log$/;

/** Bytes of the live file read at open to find the time of its first line. */
const HEAD_BYTES = 64 * 1024;

/** What {@link RotatingLogFile} needs. */
export interface RotatingLogFileOptions {
  readonly dir: string;
  /** Whole UTC days of rotated files kept before today; 0 keeps everything. */
  readonly retentionDays: number;
  /** The live file is rotated before a line that would take it past this size, in bytes. */
  readonly maxBytes: number;
  /** The wall-clock time at open (retention and the live file's day are judged against it). */
  readonly now: UnixMillis;
}

/** What opening found and did, for the first lines of the new log. */
export interface OpenReport {
  /** Bytes of a line cut off by a crash, dropped from the end of the live file. */
  readonly tornBytes: number;
  /** The file the previous live file was rotated to at open (it held an earlier day), if any. */
  readonly rotatedTo: string | undefined;
  /** Rotated files deleted as older than the retention. */
  readonly pruned: readonly string[];
}

/**
 * `app.log` that rotates itself at line boundaries. Each line is written whole, synchronously,
 * through pino's own destination (sonic-boom in sync mode, so nothing is buffered and a crash
 * loses at most the line being written). Before a line whose UTC day (from its own time) differs
 * from the live file's, or that would take the file past `maxBytes`, the live file is renamed to
 * `app.<its day>.log` (`app.<day>.<n>.log` when taken), a fresh `app.log` is reopened, and rotated
 * files past the retention are deleted. One process per logs folder: two writers would rotate
 * each other's file.
 */
export class RotatingLogFile {
  readonly path: string;
  readonly opened: OpenReport;
  private readonly destination: ReturnType<typeof pino.destination>;
  /** The UTC day of the live file's lines; undefined while it is empty. */
  private day: string | undefined;
  private bytes: number;
  private closed = false;

  constructor(private readonly options: RotatingLogFileOptions) {
    if (!Number.isInteger(options.maxBytes) || options.maxBytes <= 0)
      throw new RangeError(`maxBytes must be a positive whole number, got ${options.maxBytes}`);
    mkdirSync(options.dir, { recursive: true });
    this.path = join(options.dir, APP_LOG_FILE);
    const tornBytes = dropTornTail(this.path);
    this.bytes = existsSync(this.path) ? statSync(this.path).size : 0;
    this.day = this.bytes > 0 ? this.firstLineDay() : undefined;
    let rotatedTo: string | undefined;
    if (this.day !== undefined && this.day !== utcDay(options.now)) rotatedTo = this.renameLiveFile();
    const pruned = this.prune(options.now);
    this.destination = pino.destination({ dest: this.path, sync: true, mkdir: true, append: true });
    this.opened = { tornBytes, rotatedTo, pruned };
  }

  /**
   * Appends one whole line (ending in a newline) stamped `time` (Unix ms, the line's own time),
   * rotating first when the day changed or the size would be exceeded. A line longer than
   * `maxBytes` still goes whole into a file of its own.
   */
  write(line: string, time: UnixMillis): void {
    if (this.closed) throw new Error(`${this.path} is closed`);
    const day = utcDay(time);
    const size = Buffer.byteLength(line);
    if (this.bytes > 0 && (day !== this.day || this.bytes + size > this.options.maxBytes)) {
      this.renameLiveFile();
      this.destination.reopen();
      this.prune(time);
    }
    if (this.bytes === 0) this.day = day;
    this.destination.write(line);
    this.bytes += size;
  }

  /** Writes out anything buffered (nothing, in sync mode: kept for the port's contract). */
  flush(): void {
    if (!this.closed) this.destination.flushSync();
  }

  /** Flushes and closes the file; resolves once its descriptor is closed. Idempotent. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.destination.once('close', () => resolve());
      this.destination.once('error', reject);
      this.destination.end();
    });
  }

  /** Renames the live file to its first free rotated name and returns that name. */
  private renameLiveFile(): string {
    const day = this.day ?? utcDay(this.options.now);
    let name = `app.${day}.log`;
    for (let n = 1; existsSync(join(this.options.dir, name)); n++) name = `app.${day}.${n}.log`;
    renameSync(this.path, join(this.options.dir, name));
    this.bytes = 0;
    this.day = undefined;
    return name;
  }

  private prune(now: UnixMillis): string[] {
    return pruneDayFiles({
      dir: this.options.dir,
      pattern: ROTATED_APP_LOG,
      retentionDays: this.options.retentionDays,
      now,
    });
  }

  /**
   * The UTC day of the live file's first line (its `time`), or of its modification time when the
   * head is not a log line of ours (a file written by something else keeps its own date).
   */
  private firstLineDay(): string {
    const fd = openSync(this.path, 'r');
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      const read = readSync(fd, head, 0, HEAD_BYTES, 0);
      const text = head.subarray(0, read).toString('utf8');
      const newline = text.indexOf('\n');
      if (newline > 0) {
        try {
          const time = (JSON.parse(text.slice(0, newline)) as { time?: unknown }).time;
          if (typeof time === 'number' && Number.isFinite(time)) return utcDay(time);
        } catch {
          // not JSON: fall through to the modification time
        }
      }
    } finally {
      closeSync(fd);
    }
    return utcDay(statSync(this.path).mtimeMs);
  }
}
