import { ConfigError } from './load-backtest-config.ts';
import type { LoadedNodeConfig } from './load-node-config.ts';
import type { NodeConfig } from './node-config.ts';

/** The command-line consent to trade real money. */
export interface LiveFlags {
  /** `--i-understand-live-trading`. */
  readonly iUnderstandLiveTrading?: boolean;
}

/** What a venue probe found: reachable, or why not. */
export type VenueProbeResult = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

/** Checks that the live venue answers (e.g. fetches its time or status with the configured credentials). */
export type VenueProbe = (venue: Readonly<NodeConfig['venue']>) => Promise<VenueProbeResult>;

/** The probe used until the live venue adapter exists (a later issue): no venue is reachable yet. */
export const noLiveVenueAdapter: VenueProbe = async (venue) => ({
  reachable: false,
  reason: `no live venue adapter is available yet to reach '${venue.name ?? '(none)'}'`,
});

/** LIVE refused: `reasons` lists every missing condition, each saying exactly what to add. */
export class LiveTradingRefused extends ConfigError {
  constructor(readonly reasons: readonly string[]) {
    super(`LIVE trading refused:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}`);
  }
}

/**
 * The risk limits LIVE needs written explicitly (a number, not `none`, not the blueprint default):
 * the largest order, the largest position (as a fraction of equity or a notional) and the gross exposure.
 */
const REQUIRED_LIMITS: readonly (readonly string[])[] = [
  ['max_order_notional'],
  ['max_position', 'max_position_notional'],
  ['max_gross_exposure'],
];

/**
 * The go-live guard: a LIVE configuration starts only with the `--i-understand-live-trading`
 * consent, explicitly configured risk caps (the {@link REQUIRED_LIMITS} under `risk.limits` and a
 * daily drawdown kill switch with its `limit`, written in a layer, not taken from defaults),
 * venue credentials, and a venue the injected probe reaches. Other modes pass untouched.
 * Every missing condition is reported at once; the probe runs only when nothing else is missing,
 * so an unconsented or uncapped configuration never contacts the venue.
 * @throws LiveTradingRefused naming each missing condition.
 */
export async function assertLiveAllowed(
  loaded: LoadedNodeConfig,
  flags: LiveFlags,
  probeVenue: VenueProbe,
): Promise<void> {
  if (loaded.mode !== 'LIVE') return;
  const reasons: string[] = [];
  const { config, provenance } = loaded;
  if (flags.iUnderstandLiveTrading !== true)
    reasons.push('the flag --i-understand-live-trading was not given: LIVE sends real orders with real money');
  const limits = config.risk.limits as Record<string, unknown>;
  for (const alternatives of REQUIRED_LIMITS) {
    const set = alternatives.some((key) => provenance.has(`risk.limits.${key}`) && typeof limits[key] === 'number');
    if (!set)
      reasons.push(
        `risk cap risk.limits.${alternatives.join(' or risk.limits.')} is not configured (set a number in risk.yaml; defaults and 'none' do not count)`,
      );
  }
  if (config.risk.daily_drawdown === undefined || !provenance.has('risk.daily_drawdown.limit'))
    reasons.push('the daily drawdown kill switch risk.daily_drawdown.limit is not configured (set it in risk.yaml)');
  if (config.venue.name === undefined) reasons.push('venue.name is not set (the exchange to trade on)');
  if (config.venue.api_key === undefined)
    reasons.push('venue.api_key is not set (environment TRADEWIND_VENUE_API_KEY)');
  if (config.venue.secret === undefined) reasons.push('venue.secret is not set (environment TRADEWIND_VENUE_SECRET)');
  if (reasons.length === 0) {
    let result: VenueProbeResult;
    try {
      result = await probeVenue(config.venue);
    } catch (error) {
      result = { reachable: false, reason: (error as Error).message };
    }
    if (!result.reachable) reasons.push(`venue '${config.venue.name}' is not reachable: ${result.reason}`);
  }
  if (reasons.length > 0) throw new LiveTradingRefused(reasons.map((reason) => withoutSecrets(reason, config)));
}

/** A probe's message may quote a URL or a request: any secret value in it is masked. */
function withoutSecrets(text: string, config: Readonly<NodeConfig>): string {
  const secrets = [config.venue.api_key, config.venue.secret, config.venue.passphrase, config.store.database_url];
  return secrets.reduce<string>((out, secret) => (secret === undefined ? out : out.split(secret).join('***')), text);
}
