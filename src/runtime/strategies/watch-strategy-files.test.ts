import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExternalEvent } from '../../core/model/events.ts';
import type { UnixMillis } from '../../core/model/time.ts';
import { loadStrategy } from '../backtest/strategy-loader.ts';
import { watchStrategyFiles } from './watch-strategy-files.ts';

/** Saves as editors do: a new file renamed over the old one. */
function save(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Waits (without asserting on time) until `condition` holds; fails after 10 s of nothing. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const calibration = (gain: number) =>
  JSON.stringify({ '*': { confidence_gain: gain, quote_multiplier: 1, cooldown_scale: 1 } });

describe("ma_hmm_ensemble's calibration_file", () => {
  it('is read at start into calibration, relative to the config folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-calibration-'));
    save(join(dir, 'calibration.json'), calibration(1.5));
    const loaded = await loadStrategy('ma_hmm_ensemble', { calibration_file: 'calibration.json' }, dir);
    expect(loaded.params.calibration).toEqual({
      '*': { confidence_gain: 1.5, quote_multiplier: 1, cooldown_scale: 1 },
    });
    expect(loaded.watchedFiles).toEqual([
      expect.objectContaining({
        parameter: 'calibration_file',
        path: join(dir, 'calibration.json'),
        eventKind: 'calibration',
      }),
    ]);
  });

  it('names the parameter, the file and the field of a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-calibration-'));
    save(join(dir, 'bad.json'), JSON.stringify({ BTC: { confidence_gain: -1 } }));
    await expect(loadStrategy('ma_hmm_ensemble', { calibration_file: 'bad.json' }, dir)).rejects.toThrow(
      /strategy 'ma_hmm_ensemble' parameters from .*bad\.json: field 'calibration\.BTC\.confidence_gain'/,
    );
    await expect(loadStrategy('ma_hmm_ensemble', { calibration_file: 'missing.json' }, dir)).rejects.toThrow(
      /parameter 'calibration_file': .*ENOENT/,
    );
  });

  it('publishes each valid change as a calibration event, skips unchanged saves, and reports a broken one without publishing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-calibration-'));
    const path = join(dir, 'calibration.json');
    save(path, calibration(1));
    const loaded = await loadStrategy('ma_hmm_ensemble', { calibration_file: path }, dir);
    const events: ExternalEvent[] = [];
    const errors: string[] = [];
    const [watch] = watchStrategyFiles(loaded, {
      publish: (event) => events.push(event),
      now: () => 1_700_000_000_000 as UnixMillis,
      onError: (error) => errors.push(error.message),
      pollMs: 25,
    });
    try {
      save(path, calibration(1));
      save(path, calibration(2));
      await until(() => events.length === 1, 'the first change');
      expect(events[0]).toEqual({
        type: 'ExternalEvent',
        kind: 'calibration',
        source: `file:${path}`,
        timestamp: 1_700_000_000_000,
        payload: { '*': { confidence_gain: 2, quote_multiplier: 1, cooldown_scale: 1 } },
      });
      save(path, '{ "*": ');
      await until(() => errors.length > 0, 'the broken save to be reported');
      expect(errors[0]).toMatch(/calibration\.json: .*JSON/);
      save(path, calibration(3));
      await until(() => events.length === 2, 'the next valid change');
      expect((events[1].payload['*'] as { confidence_gain: number }).confidence_gain).toBe(3);
      expect(events, 'the content at start and the broken save published nothing').toHaveLength(2);
    } finally {
      watch.close();
    }
  });
});
