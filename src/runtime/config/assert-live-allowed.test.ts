import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertLiveAllowed, LiveTradingRefused, noLiveVenueAdapter, type VenueProbe } from './assert-live-allowed.ts';
import { loadNodeConfig } from './load-node-config.ts';

const EXAMPLE = fileURLToPath(new URL('../../../examples/node', import.meta.url));
const CREDENTIALS = { TRADEWIND_VENUE_API_KEY: 'Key-7f3a9QzLive', TRADEWIND_VENUE_SECRET: 'Secret-2b8cXyLive' };
const CONSENT = { iUnderstandLiveTrading: true };

/** A probe that records whether it was called and answers as told. */
function probe(reachable: boolean, reason = 'connection refused'): VenueProbe & { calls: number } {
  const fn = Object.assign(
    async () => {
      fn.calls++;
      return reachable ? ({ reachable: true } as const) : ({ reachable: false, reason } as const);
    },
    { calls: 0 },
  );
  return fn;
}

async function refusal(promise: Promise<void>): Promise<readonly string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'LIVE must be refused').toBeInstanceOf(LiveTradingRefused);
  return (error as LiveTradingRefused).reasons;
}

/** A LIVE-ready directory (venue in broker.live.yaml) with the given risk.yaml. */
function withRisk(riskYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-live-'));
  writeFileSync(
    join(dir, 'base.yaml'),
    `strategy: { name: ema_cross }\ndata: { path: ${join(EXAMPLE, '..', '..', 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv')} }\ninstrument: { symbol: BTC-PERP }\n`,
  );
  writeFileSync(join(dir, 'broker.live.yaml'), 'venue: { name: binance }\n');
  writeFileSync(join(dir, 'risk.yaml'), riskYaml);
  return dir;
}

describe('assertLiveAllowed', () => {
  it('allows LIVE with consent, explicit risk caps, credentials and a reachable venue', async () => {
    const loaded = await loadNodeConfig({ dir: EXAMPLE, mode: 'LIVE', env: CREDENTIALS });
    const reachable = probe(true);
    await expect(assertLiveAllowed(loaded, CONSENT, reachable)).resolves.toBeUndefined();
    expect(reachable.calls).toBe(1);
  });

  it('does not guard SIM and PAPER', async () => {
    for (const mode of ['SIM', 'PAPER']) {
      const loaded = await loadNodeConfig({ dir: EXAMPLE, mode, env: {} });
      await expect(assertLiveAllowed(loaded, {}, probe(false))).resolves.toBeUndefined();
    }
  });

  it('refuses without --i-understand-live-trading, and does not contact the venue', async () => {
    const loaded = await loadNodeConfig({ dir: EXAMPLE, mode: 'LIVE', env: CREDENTIALS });
    const reachable = probe(true);
    expect(await refusal(assertLiveAllowed(loaded, {}, reachable))).toEqual([
      'the flag --i-understand-live-trading was not given: LIVE sends real orders with real money',
    ]);
    expect(reachable.calls).toBe(0);
  });

  it('refuses when the risk caps are defaults, none, or missing, naming each cap', async () => {
    const dir = withRisk('limits: { max_order_notional: none, max_position_notional: 5000 }\n');
    const loaded = await loadNodeConfig({ dir, mode: 'LIVE', env: CREDENTIALS });
    expect(loaded.config.risk.limits.max_position_notional, 'max_position_notional stands for max_position').toBe(5000);
    expect(await refusal(assertLiveAllowed(loaded, CONSENT, probe(true)))).toEqual([
      "risk cap risk.limits.max_order_notional is not configured (set a number in risk.yaml; defaults and 'none' do not count)",
      "risk cap risk.limits.max_gross_exposure is not configured (set a number in risk.yaml; defaults and 'none' do not count)",
      'the daily drawdown kill switch risk.daily_drawdown.limit is not configured (set it in risk.yaml)',
    ]);
  });

  it('refuses a kill switch whose limit is only the default', async () => {
    const caps = 'limits: { max_order_notional: 1000, max_position: 0.1, max_gross_exposure: 0.5 }\n';
    const loaded = await loadNodeConfig({
      dir: withRisk(`${caps}daily_drawdown: { cooldown_minutes: 30 }\n`),
      mode: 'LIVE',
      env: CREDENTIALS,
    });
    expect(loaded.config.risk.daily_drawdown?.limit, 'the schema default fills it in').toBe(0.05);
    expect(await refusal(assertLiveAllowed(loaded, CONSENT, probe(true)))).toEqual([
      'the daily drawdown kill switch risk.daily_drawdown.limit is not configured (set it in risk.yaml)',
    ]);
  });

  it('refuses without venue credentials', async () => {
    const loaded = await loadNodeConfig({ dir: EXAMPLE, mode: 'LIVE', env: {} });
    expect(await refusal(assertLiveAllowed(loaded, CONSENT, probe(true)))).toEqual([
      'venue.api_key is not set (environment TRADEWIND_VENUE_API_KEY)',
      'venue.secret is not set (environment TRADEWIND_VENUE_SECRET)',
    ]);
  });

  it('refuses an unreachable venue, masking any secret the probe quotes', async () => {
    const loaded = await loadNodeConfig({ dir: EXAMPLE, mode: 'LIVE', env: CREDENTIALS });
    const reasons = await refusal(
      assertLiveAllowed(loaded, CONSENT, probe(false, 'GET /time?apiKey=Key-7f3a9QzLive timed out')),
    );
    expect(reasons).toEqual(["venue 'binance' is not reachable: GET /time?apiKey=*** timed out"]);
    const thrower: VenueProbe = async () => {
      throw new Error('ECONNREFUSED');
    };
    expect(await refusal(assertLiveAllowed(loaded, CONSENT, thrower))).toEqual([
      "venue 'binance' is not reachable: ECONNREFUSED",
    ]);
    expect(await refusal(assertLiveAllowed(loaded, CONSENT, noLiveVenueAdapter))).toEqual([
      "venue 'binance' is not reachable: no live venue adapter is available yet to reach 'binance'",
    ]);
  });

  it('lists every missing condition at once', async () => {
    const loaded = await loadNodeConfig({ dir: withRisk(''), mode: 'LIVE', env: {} });
    const reasons = await refusal(assertLiveAllowed(loaded, {}, probe(true)));
    expect(reasons).toHaveLength(7);
    expect(reasons.join('\n')).toMatch(/--i-understand-live-trading[\s\S]*max_order_notional[\s\S]*venue\.secret/);
  });
});
