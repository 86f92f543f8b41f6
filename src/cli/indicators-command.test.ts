import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';
import { loadBars } from '../adapters/data/index.ts';
import { INDICATOR_DEFINITIONS, parseIndicatorSpec } from '../core/indicators/registry.ts';
import { instrumentId } from '../core/model/ids.ts';
import { catalogueMarkdown } from './commands/indicators.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ORCL = join(ROOT, 'test', 'fixtures', 'orcl-1995-2014.txt');

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/** CSV text to a header and rows of cells. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head!.split(','), rows: lines.map((line) => line.split(',')) };
}

describe('tradewind indicators', () => {
  it('writes one column per output, equal to the library batch values, warm-up cells empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-indicators-'));
    const out = join(dir, 'orcl.csv');
    const specs = ['ema:9', ...INDICATOR_DEFINITIONS.filter((d) => d.input !== 'pair').map((d) => d.name)];
    const { status, stderr } = await tradewind(
      'indicators',
      '--data',
      ORCL,
      ...specs.flatMap((s) => ['--indicator', s]),
      '--out',
      out,
    );
    expect(status, stderr).toBe(0);
    expect(readdirSync(dir), 'only the CSV, no temporary file left behind').toEqual(['orcl.csv']);
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    const { series } = await loadBars({ path: ORCL, instrumentId: instrumentId('ORCL', 'FILE') });
    expect(rows.length, 'one row per bar').toBe(series.length);
    expect(header.slice(0, 6)).toEqual(['timestamp', 'open', 'high', 'low', 'close', 'volume']);
    let column = 6;
    for (const text of specs) {
      const spec = parseIndicatorSpec(text);
      const expected = spec.definition.batch({ bars: series }, spec.parameters);
      for (const values of expected) {
        for (let i = 0; i < series.length; i++) {
          const cell = rows[i]![column]!;
          if (Number.isNaN(values[i]!)) expect(cell, `${header[column]} row ${i}: warm-up is empty`).toBe('');
          else if (Number(cell) !== values[i])
            expect.fail(`${header[column]} row ${i}: CSV ${cell}, library ${values[i]}`);
        }
        column++;
      }
    }
    expect(column, 'every column checked').toBe(header.length);
    expect(header[6]).toBe('ema_9');
  });

  it('prints to standard output, rounded with --decimals, within --from/--to', async () => {
    const { status, stdout, stderr } = await tradewind(
      'indicators',
      '--data',
      ORCL,
      '--indicator',
      'ema:5,first',
      '--decimals',
      '2',
      '--from',
      '2000-01-03',
      '--to',
      '2000-01-08',
    );
    expect(status, stderr).toBe(0);
    const { header, rows } = parseCsv(stdout);
    expect(header.at(-1)).toBe('ema_5_first');
    expect(rows.map((r) => r[0])).toEqual([
      '2000-01-03T00:00:00.000Z',
      '2000-01-04T00:00:00.000Z',
      '2000-01-05T00:00:00.000Z',
      '2000-01-06T00:00:00.000Z',
      '2000-01-07T00:00:00.000Z',
    ]);
    expect(rows[0]!.at(-1), 'seed=first: the first close, two decimals').toBe(Number(rows[0]![4]).toFixed(2));
    for (const row of rows) expect(row.at(-1)).toMatch(/^\d+\.\d\d$/);
  });

  it('lists every indicator with its parameters and outputs', async () => {
    const { status, stdout } = await tradewind('indicators', '--list');
    expect(status).toBe(0);
    for (const d of INDICATOR_DEFINITIONS) expect(stdout, d.name).toMatch(new RegExp(`^${d.name}[: ]`, 'm'));
  });

  it('docs/indicators.md is the current catalogue (regenerate: tradewind indicators --list --markdown)', async () => {
    const committed = readFileSync(join(ROOT, 'docs', 'indicators.md'), 'utf8');
    expect(committed === catalogueMarkdown(), 'docs/indicators.md is stale').toBe(true);
  });

  it.each([
    [['--indicator', 'ema:20'], /--data <file> is required/],
    [['--data', ORCL, '--indicator', 'nosuch:3'], /indicator 'nosuch:3': unknown indicator 'nosuch'/],
    [['--data', ORCL, '--indicator', 'ema:0'], /indicator 'ema:0': period must be 1 or more, got 0/],
    [['--data', ORCL, '--indicator', 'ema:2.5'], /period must be an integer, got '2.5'/],
    [['--data', ORCL, '--indicator', 'ema:20,median'], /seed must be one of sma, first, got 'median'/],
    [['--data', ORCL, '--indicator', 'ema:20', '--indicator', 'ema:20'], /'ema_20' is requested twice/],
    [['--data', ORCL, '--indicator', 'ema:20', '--decimals', 'x'], /--decimals: 'x'/],
    [['--data', join(ROOT, 'nope.csv'), '--indicator', 'ema:20'], /nope\.csv/],
  ])('bad input %j exits 2 with a message naming it', async (args, message) => {
    const { status, stderr, stdout } = await tradewind('indicators', ...args);
    expect(status, stderr).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout, 'nothing half-written to standard output').toBe('');
  });
});
