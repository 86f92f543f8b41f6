import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategyId } from '../model/ids.ts';
import type { RiskLimitsChanged, RiskPolicyRejected } from './risk-events.ts';
import { DEFAULT_RISK_LIMITS, OPEN_RISK_LIMITS, RISK_LIMIT_NAMES, riskLimits } from './risk-limits.ts';
import { RiskPolicy, type RiskPolicyChange } from './risk-policy.ts';

const LOW = strategyId('LOW');
const HIGH = strategyId('HIGH');
const T = 1_700_000_000_000;

/** DEFAULT_RISK_LIMITS with hard bounds: position up to 20%, gross up to 100%, rounding allowed. */
function policy(): RiskPolicy {
  return new RiskPolicy({
    limits: DEFAULT_RISK_LIMITS,
    bounds: { maxPositionFraction: 0.2, maxGrossExposure: 1, roundToIncrements: true },
    agents: {
      [LOW]: { capitalFraction: 0.6, limits: riskLimits(DEFAULT_RISK_LIMITS, { maxPositionFraction: 0.05 }) },
      [HIGH]: { capitalFraction: 0.3, limits: DEFAULT_RISK_LIMITS },
    },
  });
}

const change = (fields: Omit<RiskPolicyChange, 'by' | 'reason'>): RiskPolicyChange => ({
  by: 'operator',
  reason: 'test',
  ...fields,
});

function changed(event: RiskLimitsChanged | RiskPolicyRejected): RiskLimitsChanged {
  if (event.type !== 'RiskLimitsChanged') throw new Error(`refused: ${event.violations.join('; ')}`);
  return event;
}

function refused(event: RiskLimitsChanged | RiskPolicyRejected): RiskPolicyRejected {
  if (event.type !== 'RiskPolicyRejected') throw new Error(`applied as version ${event.version}`);
  return event;
}

describe('RiskPolicy', () => {
  it('numbers each accepted change as the next version, global and agent changes alike', () => {
    const p = policy();
    expect(p.version).toBe(1);
    const first = changed(p.apply(change({ limits: { maxPositionFraction: 0.15 } }), T));
    expect([first.previousVersion, first.version, p.version]).toEqual([1, 2, 2]);
    const second = changed(p.apply(change({ strategyId: LOW, limits: { maxGrossExposure: 0.2 } }), T + 1));
    expect([second.previousVersion, second.version, p.version]).toEqual([2, 3, 3]);
    expect(p.limits.maxPositionFraction).toBe(0.15);
    expect(p.agent(LOW)?.limits.maxGrossExposure).toBe(0.2);
    expect(second).toMatchObject({ strategyId: LOW, by: 'operator', reason: 'test', timestamp: T + 1 });
  });

  it('refuses a change beyond a hard bound, naming the limit and the numbers, and changes nothing', () => {
    const p = policy();
    const before = p.limits;
    const event = refused(
      p.apply(change({ limits: { maxPositionFraction: 0.25, maxNetExposure: 0.6, priceCollar: 0.05 } }), T),
    );
    expect(event.violations).toEqual([
      'limit maxPositionFraction 0.25 exceeds its hard bound 0.2',
      'limit maxNetExposure 0.6 exceeds its hard bound 0.5',
    ]);
    expect(event.version, 'the version in force').toBe(1);
    expect(p.version).toBe(1);
    expect(p.limits, 'not even the valid priceCollar of the same change').toBe(before);
  });

  it('refuses an invalid agent change and leaves the agent as it was; agent limits are not held to the account bounds', () => {
    const p = policy();
    const before = p.agent(HIGH);
    const event = refused(p.apply(change({ strategyId: HIGH, limits: { maxGrossExposure: -1 } }), T));
    expect(event.violations).toEqual(['proposed limits: maxGrossExposure must be a positive number, not -1']);
    expect(event.strategyId).toBe(HIGH);
    expect(p.agent(HIGH), 'the same allocation object').toBe(before);
    expect(p.agent(HIGH)?.limits.maxGrossExposure).toBe(0.5);
    // The account's limits (within their bounds) judge every agent order as well, so an agent's
    // own limit only divides what they allow: 1.5 of its capital share is accepted.
    const applied = p.apply(change({ strategyId: HIGH, limits: { maxGrossExposure: 1.5 } }), T);
    expect(applied.type).toBe('RiskLimitsChanged');
    expect(p.agent(HIGH)?.limits.maxGrossExposure).toBe(1.5);
  });

  it('always allows tightening, however far, and loosening back up to the bound', () => {
    const p = policy();
    for (const name of RISK_LIMIT_NAMES) {
      if (name === 'roundToIncrements') continue;
      const value = p.limits[name];
      const tighter = Number.isFinite(value)
        ? name === 'maxOpenOrders' || name === 'maxOrdersPerSecond'
          ? 1
          : value / 1000
        : 1;
      expect(p.apply(change({ limits: { [name]: tighter } }), T).type, `${name} ${value} → ${tighter}`).toBe(
        'RiskLimitsChanged',
      );
    }
    expect(p.version).toBe(1 + RISK_LIMIT_NAMES.length - 1);
    expect(changed(p.apply(change({ limits: { maxPositionFraction: 0.2 } }), T)).changes).toEqual([
      { limit: 'maxPositionFraction', from: 0.0001, to: 0.2 },
    ]);
  });

  it('accepts every random tightening of any set of limits, and refuses every value above its bound', () => {
    const numeric = RISK_LIMIT_NAMES.filter((name) => name !== 'roundToIncrements');
    const counts = new Set(['maxOpenOrders', 'maxOrdersPerSecond']);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...numeric), { minLength: 1 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.constantFrom(...numeric),
        fc.double({ min: 1e-6, max: 10, noNaN: true }),
        (names, factor, loosened, excess) => {
          const p = policy();
          const tighter: Record<string, number> = {};
          for (const name of names) {
            const value = p.limits[name];
            const scaled = Number.isFinite(value) ? value * factor : 1_000 * factor;
            tighter[name] = counts.has(name) ? Math.max(1, Math.floor(scaled)) : scaled;
          }
          const event = p.apply(change({ limits: tighter }), T);
          expect(event.type, JSON.stringify(tighter)).toBe('RiskLimitsChanged');
          const bound = p.bounds[loosened];
          if (!Number.isFinite(bound)) return;
          const above = counts.has(loosened) ? bound + Math.ceil(excess) : bound * (1 + excess);
          if (loosened === 'riskPerTrade' && above >= 1) return; // invalid anyway, a different message
          const looser = refused(p.apply(change({ limits: { [loosened]: above } }), T));
          expect(looser.violations).toEqual([`limit ${loosened} ${above} exceeds its hard bound ${bound}`]);
          expect(p.version, 'only the tightening was applied').toBe(2);
        },
      ),
      { seed: 20_240_601, numRuns: 500 },
    );
  });

  it('turns roundToIncrements on only when its bound allows it', () => {
    expect(policy().apply(change({ limits: { roundToIncrements: true } }), T).type).toBe('RiskLimitsChanged');
    const strict = new RiskPolicy({ limits: DEFAULT_RISK_LIMITS });
    expect(refused(strict.apply(change({ limits: { roundToIncrements: true } }), T)).violations).toEqual([
      'limit roundToIncrements may not be turned on: its hard bound is false',
    ]);
  });

  it('refuses a change based on a stale version', () => {
    const p = policy();
    const read = p.version;
    changed(p.apply(change({ basedOnVersion: read, limits: { maxOpenOrders: 50 } }), T));
    const stale = refused(p.apply(change({ basedOnVersion: read, limits: { maxOpenOrders: 40 } }), T));
    expect(stale.violations).toEqual(['based on version 1, but version 2 is in force']);
    expect(p.limits.maxOpenOrders).toBe(50);
    expect(changed(p.apply(change({ basedOnVersion: 2, limits: { maxOpenOrders: 40 } }), T)).version).toBe(3);
  });

  it("refuses agents' capital fractions summing above 1 (0.6 + 0.3 → 0.6 + 0.5), allows up to exactly 1", () => {
    const p = policy();
    const event = refused(p.apply(change({ strategyId: HIGH, capitalFraction: 0.5 }), T));
    expect(event.violations).toEqual(["agents' capital fractions sum to 1.1, more than the whole account"]);
    expect(p.agent(HIGH)?.capitalFraction).toBe(0.3);
    const ok = changed(p.apply(change({ strategyId: HIGH, capitalFraction: 0.4 }), T));
    expect(ok.changes).toEqual([{ limit: 'capitalFraction', from: 0.3, to: 0.4 }]);
    expect(
      () =>
        new RiskPolicy({
          limits: DEFAULT_RISK_LIMITS,
          agents: {
            [LOW]: { capitalFraction: 0.7, limits: DEFAULT_RISK_LIMITS },
            [HIGH]: { capitalFraction: 0.4, limits: DEFAULT_RISK_LIMITS },
          },
        }),
    ).toThrow("agents' capital fractions sum to 1.1");
  });

  it('refuses a capital fraction for the global limits and a strategy that is not an agent', () => {
    const p = policy();
    expect(refused(p.apply(change({ capitalFraction: 0.5 }), T)).violations).toEqual([
      'capitalFraction belongs to an agent: give its strategyId',
    ]);
    expect(
      refused(p.apply(change({ strategyId: strategyId('X'), limits: { maxOpenOrders: 1 } }), T)).violations,
    ).toEqual(['strategy X is not an agent with its own allocation']);
  });

  it('lists in `changes` exactly the limits that moved, not those given at their current value', () => {
    const p = policy();
    const event = changed(
      p.apply(change({ limits: { maxPositionFraction: 0.1, maxGrossExposure: 0.4, priceCollar: 0.05 } }), T),
    );
    expect(event.changes).toEqual([
      { limit: 'maxGrossExposure', from: 0.5, to: 0.4 },
      { limit: 'priceCollar', from: 0.1, to: 0.05 },
    ]);
  });

  it('takes the starting limits as the default bounds: loosening any of them is refused', () => {
    const p = new RiskPolicy({ limits: DEFAULT_RISK_LIMITS });
    expect(p.bounds).toEqual(DEFAULT_RISK_LIMITS);
    for (const name of RISK_LIMIT_NAMES) {
      const value = DEFAULT_RISK_LIMITS[name];
      if (typeof value === 'boolean' || !Number.isFinite(value)) continue;
      const looser = name === 'riskPerTrade' ? value * 2 : value + 1;
      const event = refused(p.apply(change({ limits: { [name]: looser } }), T));
      expect(event.violations, name).toEqual([`limit ${name} ${looser} exceeds its hard bound ${value}`]);
    }
    expect(p.version).toBe(1);
    expect(new RiskPolicy({ limits: OPEN_RISK_LIMITS }).bounds).toEqual(OPEN_RISK_LIMITS);
  });

  it('refuses an invalid value with its message (a negative collar)', () => {
    expect(refused(policy().apply(change({ limits: { priceCollar: -0.1 } }), T)).violations).toEqual([
      'proposed limits: priceCollar must be a positive number, not -0.1',
    ]);
  });
});
