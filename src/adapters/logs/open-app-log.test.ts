import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppLog, type AppLogOptions, openAppLog } from './open-app-log.ts';

const HOUR = 3_600_000;
/** One second before UTC midnight between 2026-11-21 and 2026-11-22. */
const LATE = Date.UTC(2026, 10, 21, 23, 59, 59);

let dir: string;
let time: number;
const opened: AppLog[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradewind-app-log-'));
  time = LATE;
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens an app log in the temp folder on the test's clock (no waiting: the clock moves when the test sets `time`). */
function open(options: AppLogOptions = {}): AppLog {
  const log = openAppLog({ dir, now: () => time, ...options });
  opened.push(log);
  return log;
}

/** Every line of a file parsed as JSON (a torn or non-JSON line fails the test). */
function lines(name: string): Record<string, unknown>[] {
  const text = readFileSync(join(dir, name), 'utf8');
  expect(text.endsWith('\n') || text === '', `${name} ends on a whole line`).toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The files of the log folder, sorted. */
const files = (): string[] => readdirSync(dir).sort();

describe('openAppLog', () => {
  it('writes one JSON line per call: level, time, snake_case event, then the fields', () => {
    const log = open();
    log.info('order_submitted', { client_order_id: 'EMA-1', quantity: 0.5 });
    log.debug('bar_received', { close: 1 });
    log.warn('stream_stale', { time: 5, level: 'x', event: 'y', msg: 'z' });
    const [first, second] = lines('app.log');
    expect(first, 'time from the injected clock, level as its label, fields after the event').toEqual({
      level: 'info',
      time: LATE,
      event: 'order_submitted',
      client_order_id: 'EMA-1',
      quantity: 0.5,
    });
    expect(Object.keys(first), 'pino writes level and time first, then event, then the fields in order').toEqual([
      'level',
      'time',
      'event',
      'client_order_id',
      'quantity',
    ]);
    expect(second, 'debug is below the default level info, so the next line is the warning').toMatchObject({
      level: 'warn',
      event: 'stream_stale',
      field_time: 5,
      field_level: 'x',
      field_event: 'y',
      field_msg: 'z',
    });
    expect(lines('app.log'), 'debug dropped at level info').toHaveLength(2);
  });

  it('writes debug lines at level debug and drops info at level error', () => {
    open({ level: 'debug' }).debug('bar_received', { close: 1 });
    expect(
      lines('app.log').map((line) => line.level),
      'debug written at level debug',
    ).toEqual(['debug']);
    const quiet = open({ dir: join(dir, 'quiet'), level: 'error' });
    quiet.info('ignored');
    quiet.error('failed');
    expect(
      lines('quiet/app.log').map((line) => line.event),
      'only errors at level error',
    ).toEqual(['failed']);
  });

  it('rotates at UTC midnight by each line’s own time, losing and splitting no line', () => {
    const log = open();
    for (let seq = 0; seq < 5; seq++) log.info('tick', { seq });
    time = LATE + 2_000; // 2026-11-22 00:00:01
    for (let seq = 5; seq < 10; seq++) log.info('tick', { seq });
    expect(files(), 'yesterday’s lines moved to a dated file; app.log restarted').toEqual([
      'app.2026-11-21.log',
      'app.log',
    ]);
    const yesterday = lines('app.2026-11-21.log');
    const today = lines('app.log');
    expect(
      yesterday.map((line) => line.seq),
      'the five lines before midnight, in order',
    ).toEqual([0, 1, 2, 3, 4]);
    expect(
      today.map((line) => line.seq),
      'the five lines after midnight, in order',
    ).toEqual([5, 6, 7, 8, 9]);
    expect(
      today.every((line) => line.time === LATE + 2_000),
      'each line lies in the file of its own day',
    ).toBe(true);
  });

  it('rotates before a line would pass maxBytes, numbering the day’s files in order', () => {
    const log = open({ maxBytes: 400 });
    const count = 40;
    for (let seq = 0; seq < count; seq++) log.info('tick', { seq, padding: 'x'.repeat(seq % 7) });
    const names = files();
    expect(names, 'the first rotated file takes the plain dated name').toContain('app.2026-11-21.log');
    expect(names, 'later ones take .1, .2, ... and app.log stays the live file').toContain('app.2026-11-21.1.log');
    const ordered = [
      'app.2026-11-21.log',
      ...names
        .filter((name) => /^app\.2026-11-21\.\d+\.log$/.test(name))
        .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2])),
      'app.log',
    ];
    expect(ordered, 'every file is either dated or live').toHaveLength(names.length);
    for (const name of ordered)
      expect(readFileSync(join(dir, name)).length, `${name} is within maxBytes`).toBeLessThanOrEqual(400);
    const seqs = ordered.flatMap((name) => lines(name).map((line) => line.seq));
    expect(seqs, 'reading the files in rotation order gives every line once, in order').toEqual(
      Array.from({ length: count }, (_, seq) => seq),
    );
  });

  it('puts a line longer than maxBytes whole into a file of its own', () => {
    const log = open({ maxBytes: 100 });
    log.info('small');
    log.info('big', { text: 'y'.repeat(300) });
    log.info('small_again');
    expect(
      lines('app.2026-11-21.log').map((line) => line.event),
      'the small line alone',
    ).toEqual(['small']);
    expect(
      lines('app.2026-11-21.1.log').map((line) => line.event),
      'the big line alone, not split',
    ).toEqual(['big']);
    expect(
      lines('app.log').map((line) => line.event),
      'the next line in a fresh file',
    ).toEqual(['small_again']);
  });

  it('appends to a same-day app.log on restart and rotates one from an earlier day at open', async () => {
    const first = open();
    first.info('started', { run: 1 });
    await first.close();
    const second = open();
    second.info('started', { run: 2 });
    expect(
      lines('app.log').map((line) => line.run),
      'same day: appended after the earlier run',
    ).toEqual([1, 2]);
    await second.close();

    time = LATE + 2 * 24 * HOUR; // two days later
    open().info('started', { run: 3 });
    expect(
      lines('app.2026-11-21.log').map((line) => line.run),
      'the old day rotated at open',
    ).toEqual([1, 2]);
    expect(
      lines('app.log').map((line) => line.event),
      'the new file says what opening did, then the run’s lines',
    ).toEqual(['app_log_rotated', 'started']);
    expect(lines('app.log')[0].to, 'the rotation names its file').toBe('app.2026-11-21.log');
  });

  it('deletes rotated files older than retentionDays at open and at rotation, keeping recent ones', () => {
    for (const day of ['2026-11-01', '2026-11-06', '2026-11-07', '2026-11-07.1', '2026-11-08', '2026-11-20'])
      writeFileSync(join(dir, `app.${day}.log`), '{}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a log\n');
    time = LATE; // 2026-11-21: with 14 days, 2026-11-07 is the oldest day kept
    open().info('started');
    expect(files(), 'days before 2026-11-07 deleted; other files left alone').toEqual([
      'app.2026-11-07.1.log',
      'app.2026-11-07.log',
      'app.2026-11-08.log',
      'app.2026-11-20.log',
      'app.log',
      'notes.txt',
    ]);
    expect(lines('app.log')[0], 'the pruning is logged').toMatchObject({
      event: 'app_log_pruned',
      files: ['app.2026-11-01.log', 'app.2026-11-06.log'],
    });

    const log = opened[0];
    time = LATE + 2 * 24 * HOUR; // 2026-11-23 23:59:59: the cutoff moves to 2026-11-09
    log.info('next_day');
    expect(files(), 'the rotation pruned again by the line’s time').toEqual([
      'app.2026-11-20.log',
      'app.2026-11-21.log',
      'app.log',
      'notes.txt',
    ]);
  });

  it('keeps every rotated file with retentionDays 0', () => {
    writeFileSync(join(dir, 'app.2001-01-01.log'), '{}\n');
    open({ retentionDays: 0 }).info('started');
    expect(existsSync(join(dir, 'app.2001-01-01.log')), 'a 25-year-old file is kept').toBe(true);
  });

  it('drops a line torn by a crash and says so, so every line still parses', () => {
    const torn = '{"level":"info","ti';
    writeFileSync(join(dir, 'app.log'), `{"level":"info","time":${LATE},"event":"a"}\n${torn}`);
    open().info('b');
    expect(
      lines('app.log').map((line) => line.event),
      'the torn tail is gone; its size is logged',
    ).toEqual(['a', 'app_log_torn_line_dropped', 'b']);
    expect(lines('app.log')[1].bytes, 'the dropped bytes are counted').toBe(torn.length);
  });

  it('never writes secrets: credential keys at any nesting, URL credentials in strings and errors', () => {
    const log = open({ redact: ['session_id'] });
    const url = 'postgres://trader:hunter2@db.internal:5432/tradewind';
    log.error('store_failed', {
      api_key: 'AKIA-SECRET-1',
      venue: { secret: 'SECRET-2', options: { headers: { authorization: 'Bearer SECRET-3' } } },
      accounts: [{ password: 'SECRET-4' }],
      DATABASE_URL: url,
      url,
      error: new Error(`could not connect to ${url}`, { cause: new Error('https://ghp_SECRET5@github.com refused') }),
      session_id: 'SECRET-6',
      note: 'email ops@desk.example is fine',
    });
    const text = readFileSync(join(dir, 'app.log'), 'utf8');
    for (const secret of [
      'AKIA-SECRET-1',
      'SECRET-2',
      'SECRET-3',
      'SECRET-4',
      'hunter2',
      'trader:',
      'SECRET5',
      'SECRET-6',
    ])
      expect(text, `${secret} must not reach the file`).not.toContain(secret);
    const [line] = lines('app.log');
    expect(line, 'redacted values are marked, the rest kept').toMatchObject({
      api_key: '***',
      venue: { secret: '***', options: { headers: { authorization: '***' } } },
      accounts: [{ password: '***' }],
      DATABASE_URL: '***',
      url: 'postgres://***@db.internal:5432/tradewind',
      session_id: '***',
      note: 'email ops@desk.example is fine',
    });
    expect(line.error, 'the error keeps its type and scrubbed message').toMatchObject({
      type: 'Error',
      message: 'could not connect to postgres://***@db.internal:5432/tradewind: https://***@github.com refused',
    });
  });

  it('refuses to log after close, and closing twice is harmless', async () => {
    const log = open();
    log.info('stopping');
    log.flush();
    await log.close();
    await log.close();
    expect(() => log.info('late'), 'a line after close is a shutdown-order bug').toThrow(/closed/);
    expect(
      lines('app.log').map((line) => line.event),
      'what was logged before close is on disk',
    ).toEqual(['stopping']);
  });
});
