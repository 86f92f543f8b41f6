import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstrument, type Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import { RiskTestHarness } from './risk-test-harness.ts';

/**
 * The precision fuzz: random orders on random instrument grids (price increments 0.00001 to 5,
 * size increments 1e-8 to 5, minimum quantities and notionals), with values on and off the grids.
 * The oracle is exact decimal arithmetic (BigInt digits of the values as written), independent of
 * the engine's floating-point grid helpers. Orders go to an engine without exposure, rate or collar
 * limits and with far more buying power than any order needs, so the grid and the minimums are the
 * only reasons to deny.
 *
 * Off-grid values stay at least 4e-9 × (value / increment) increments off the grid: nearer, the
 * engine's grid test cannot tell them from on-grid values (its tolerance is 1e-9 of the ratio;
 * see the known-bug tests at the end).
 */

/** value = digits × 10^-scale, digits ≥ 0. */
interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

/** The shortest decimal that reads back as this double (what `String(value)` shows). */
function decimalOf(value: number): Decimal {
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string?];
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}
const numberOf = (d: Decimal): number => Number(`${d.digits}e-${d.scale}`);
const atScale = (d: Decimal, scale: number): bigint => d.digits * 10n ** BigInt(scale - d.scale);
function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = atScale(a, scale);
  const y = atScale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
const minus = (a: Decimal, b: Decimal): Decimal => {
  const scale = Math.max(a.scale, b.scale);
  return { digits: atScale(a, scale) - atScale(b, scale), scale };
};
const abs = (d: Decimal): Decimal => ({ digits: d.digits < 0n ? -d.digits : d.digits, scale: d.scale });
const times = (a: Decimal, b: Decimal): Decimal => ({ digits: a.digits * b.digits, scale: a.scale + b.scale });
function isMultiple(value: Decimal, increment: Decimal): boolean {
  const scale = Math.max(value.scale, increment.scale);
  return atScale(value, scale) % atScale(increment, scale) === 0n;
}

const PRICE_INCREMENTS = ['0.01', '0.5', '1', '0.00001', '0.25', '0.05', '5'];
const SIZE_INCREMENTS = ['1', '0.001', '0.00000001', '0.01', '0.1', '5'];
const MIN_NOTIONALS = ['0', '1', '5', '10', '100', '0.5', '12.34'];
/** Every reason code the RiskEngine gives (risk-engine.ts, exposure-checks.ts, acceptance-check.ts). */
const KNOWN_REASONS = new Set([
  'UNKNOWN_INSTRUMENT',
  'INVALID_QUANTITY',
  'QUANTITY_PRECISION',
  'INVALID_PRICE',
  'PRICE_PRECISION',
  'MISSING_PRICE',
  'MISSING_TRIGGER_PRICE',
  'MISSING_EXPIRE_TIME',
  'BELOW_MIN_QUANTITY',
  'NO_PRICE',
  'BELOW_MIN_NOTIONAL',
  'PRICE_COLLAR',
  'MAX_ORDER_NOTIONAL',
  'MAX_OPEN_ORDERS',
  'ORDER_RATE',
  'MAX_POSITION_NOTIONAL',
  'MAX_POSITION',
  'MAX_GROSS_EXPOSURE',
  'MAX_NET_EXPOSURE',
  'POST_ONLY_WOULD_TAKE',
  'REDUCE_ONLY_WOULD_INCREASE',
  'INSUFFICIENT_CASH',
  'INSUFFICIENT_POSITION',
  'INSUFFICIENT_MARGIN',
]);
const ORDERS_PER_SPECIFICATION = 1_000;
/** Plain checks: values up to 1e8 increments (off-grid ones kept clear of the grid test's tolerance). */
const PLAIN: FuzzOptions = { roundToIncrements: false, maxRatio: 1e8, specifications: 100 };
/**
 * roundToIncrements: values up to 1e6 increments. Beyond about 2e6 floorToIncrement's fixed 1e-9
 * tolerance is below the float error of value / increment and it lowers some on-grid values by one
 * increment (the known-bug fuzz at the end covers up to 1e8).
 */
const ROUNDED: FuzzOptions = { roundToIncrements: true, maxRatio: 1e6, specifications: 100 };

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const specArbitrary = fc.record({
  price: fc.constantFrom(...PRICE_INCREMENTS),
  size: fc.constantFrom(...SIZE_INCREMENTS),
  /** log10 of the mark in price increments. */
  mark: fc.double({ min: 0, max: 7, noNaN: true }),
  minQuantityUnits: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1_000 })),
  minNotional: fc.constantFrom(...MIN_NOTIONALS),
});
/** A value: where in its range (log scale for quantities), whether off the grid (1 in 4), and where between two grid points. */
const valueArbitrary = fc.record({ at: unit, off: fc.integer({ min: 0, max: 3 }).map((k) => k === 0), between: unit });
const orderArbitrary = fc.record({
  type: fc.constantFrom('market' as const, 'limit' as const, 'stop_market' as const, 'stop_limit' as const),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  zero: fc.integer({ min: 0, max: 99 }).map((k) => k === 0),
  quantity: valueArbitrary,
  price: valueArbitrary,
  trigger: valueArbitrary,
});
type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Spec = Drawn<typeof specArbitrary>;
type OrderDraw = Drawn<typeof orderArbitrary>;
type ValueDraw = Drawn<typeof valueArbitrary>;

/** The instrument, its mark and the decimals of its grid. */
function market(spec: Spec, maxRatio: number) {
  const tick = decimalOf(Number(spec.price));
  const lot = decimalOf(Number(spec.size));
  // Order prices reach 1.5 × the mark: at most maxRatio increments.
  const markUnits = BigInt(Math.max(1, Math.round((maxRatio / 1.5) ** (spec.mark / 7))));
  const mark = times({ digits: markUnits, scale: 0 }, tick);
  const minQuantity = times({ digits: BigInt(spec.minQuantityUnits), scale: 0 }, lot);
  const instrument = createInstrument({
    symbol: 'FUZZ',
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: 'FZZ',
    quoteCurrency: 'USD',
    priceIncrement: Number(spec.price),
    sizeIncrement: Number(spec.size),
    minQuantity: numberOf(minQuantity),
    minNotional: Number(spec.minNotional),
  });
  const minNotional = decimalOf(Number(spec.minNotional));
  return { instrument, tick, lot, mark, markUnits, minQuantity, minNotional, maxRatio };
}
type Market = ReturnType<typeof market>;

/** `units` increments, or (off the grid) `units` + a fraction kept clear of the engine's tolerance band. */
function gridValue(units: bigint, increment: Decimal, draw: ValueDraw): { value: Decimal; onGrid: boolean } {
  const clearance = Math.max(0.001, 4e-9 * Number(units));
  if (!draw.off || clearance >= 0.5) return { value: times({ digits: units, scale: 0 }, increment), onGrid: true };
  const fraction = BigInt(Math.round((clearance + draw.between * (1 - 2 * clearance)) * 1e6));
  return { value: times({ digits: units * 1_000_000n + fraction, scale: 6 }, increment), onGrid: false };
}

/** A random order on the market's grids (or off them), and the first reason the exact oracle finds to deny it. */
function draw(m: Market, o: OrderDraw) {
  const priceUnits = (d: ValueDraw) => BigInt(Math.max(1, Math.round(Number(m.markUnits) * (0.5 + d.at))));
  const price =
    o.type === 'limit' || o.type === 'stop_limit' ? gridValue(priceUnits(o.price), m.tick, o.price) : undefined;
  const trigger =
    o.type === 'stop_market' || o.type === 'stop_limit'
      ? gridValue(priceUnits(o.trigger), m.tick, o.trigger)
      : undefined;
  // At most 1e11 of notional at 1.5 × the mark: far within the buying power.
  const maxUnits = Math.min(m.maxRatio, Math.max(1, 1e11 / (1.5 * numberOf(m.mark) * numberOf(m.lot))));
  const quantityUnits = o.zero ? 0n : BigInt(Math.max(1, Math.round(maxUnits ** o.quantity.at)));
  const quantity = o.zero
    ? { value: { digits: 0n, scale: 0 }, onGrid: true }
    : gridValue(quantityUnits, m.lot, o.quantity);
  const reference = (price ?? trigger)?.value ?? m.mark;
  const notional = times(quantity.value, reference);
  const expected =
    quantityUnits === 0n
      ? 'INVALID_QUANTITY'
      : !quantity.onGrid
        ? 'QUANTITY_PRECISION'
        : price?.onGrid === false || trigger?.onGrid === false
          ? 'PRICE_PRECISION'
          : compare(quantity.value, m.minQuantity) < 0
            ? 'BELOW_MIN_QUANTITY'
            : compare(notional, m.minNotional) < 0
              ? 'BELOW_MIN_NOTIONAL'
              : undefined;
  const request: Partial<OrderRequest> = {
    instrumentId: m.instrument.id,
    side: o.side,
    type: o.type,
    quantity: numberOf(quantity.value),
    price: price === undefined ? undefined : numberOf(price.value),
    triggerPrice: trigger === undefined ? undefined : numberOf(trigger.value),
  };
  const onGrid = quantity.onGrid && price?.onGrid !== false && trigger?.onGrid !== false;
  return { request, expected, onGrid, atMinimumNotional: compare(notional, m.minNotional) === 0 };
}

function harness(m: Market, roundToIncrements: boolean): RiskTestHarness {
  return new RiskTestHarness({
    instruments: [m.instrument],
    cash: 1e12,
    leverage: 10,
    mark: numberOf(m.mark),
    limits: { roundToIncrements },
  });
}

/** The reasons seen and how many orders passed: the fuzz must reach every outcome. */
function tally() {
  const counts = new Map<string, number>();
  return {
    count: (reason: string | undefined) =>
      counts.set(reason ?? 'accepted', (counts.get(reason ?? 'accepted') ?? 0) + 1),
    expectEvery(reasons: readonly string[]) {
      for (const reason of reasons)
        expect(counts.get(reason) ?? 0, `${reason} (all: ${JSON.stringify([...counts])})`).toBeGreaterThan(500);
    },
  };
}

/** Fails with the message (built only then: the fuzz makes 200,000 checks). */
function ensure(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** 100 random instrument grids × 1,000 random orders; the first failure ends the run (no shrinking of 1,000 orders). */
interface FuzzOptions {
  readonly roundToIncrements: boolean;
  /** Largest value / increment of a price or quantity. */
  readonly maxRatio: number;
  readonly specifications: number;
}

const fuzz = (check: (m: Market, h: RiskTestHarness, order: OrderDraw) => void, options: FuzzOptions) =>
  fc.assert(
    fc.property(
      specArbitrary,
      fc.array(orderArbitrary, { minLength: ORDERS_PER_SPECIFICATION, maxLength: ORDERS_PER_SPECIFICATION }),
      (spec, orders) => {
        const m = market(spec, options.maxRatio);
        const h = harness(m, options.roundToIncrements);
        for (const order of orders) check(m, h, order);
      },
    ),
    { seed: 4_242, numRuns: options.specifications, endOnFailure: true },
  );

const gridText = (m: Market) =>
  `tick ${m.instrument.priceIncrement}, lot ${m.instrument.sizeIncrement}, minimum quantity ${m.instrument.minQuantity}, minimum notional ${m.instrument.minNotional}, mark ${numberOf(m.mark)}`;

/**
 * The rounding checks of one order: normalize's output on the grid, never more aggressive than asked
 * (exact decimals), and the check accepting exactly the normalized orders that meet the minimums.
 */
const checkRounded =
  (seen: ReturnType<typeof tally>) =>
  (m: Market, h: RiskTestHarness, o: OrderDraw): void => {
    const { request, onGrid } = draw(m, o);
    const asked = h.request(request);
    const order = h.risk.normalize(asked);
    const what = () =>
      `${JSON.stringify(request)} → ${JSON.stringify({ quantity: order.quantity, price: order.price, triggerPrice: order.triggerPrice })} on ${gridText(m)}`;
    if (onGrid) ensure(order === asked, () => `an order on the grid was changed: ${what()}`);
    const quantity = decimalOf(order.quantity);
    const short = minus(decimalOf(asked.quantity), quantity);
    ensure(isMultiple(quantity, m.lot), () => `quantity off the lot grid: ${what()}`);
    ensure(short.digits >= 0n && compare(short, m.lot) < 0, () => `quantity not rounded down by < 1 lot: ${what()}`);
    if (asked.price !== undefined) {
      const price = decimalOf(order.price!);
      const better = asked.side === 'buy' ? minus(decimalOf(asked.price), price) : minus(price, decimalOf(asked.price));
      ensure(isMultiple(price, m.tick), () => `limit price off the tick grid: ${what()}`);
      ensure(
        better.digits >= 0n && compare(better, m.tick) < 0,
        () => `limit not moved by < 1 tick away from the market: ${what()}`,
      );
    }
    if (asked.triggerPrice !== undefined) {
      const trigger = decimalOf(order.triggerPrice!);
      const moved = abs(minus(trigger, decimalOf(asked.triggerPrice)));
      ensure(isMultiple(trigger, m.tick), () => `trigger off the tick grid: ${what()}`);
      ensure(
        compare(times(moved, { digits: 2n, scale: 0 }), m.tick) <= 0,
        () => `trigger not to the nearest tick: ${what()}`,
      );
    }
    const denial = h.risk.check(order);
    seen.count(denial?.reason);
    const notional = times(quantity, decimalOf(order.price ?? order.triggerPrice ?? numberOf(m.mark)));
    const meets =
      quantity.digits > 0n && compare(quantity, m.minQuantity) >= 0 && compare(notional, m.minNotional) >= 0;
    if (denial === undefined) ensure(meets, () => `accepted below a minimum: ${what()}`);
    else {
      ensure(KNOWN_REASONS.has(denial.reason) && denial.detail.length > 0, () => `${denial.reason}: ${denial.detail}`);
      // Exactly at the minimum notional the float product may fall an ulp short (known bug below).
      const atMinimum = compare(notional, m.minNotional) === 0 && denial.reason === 'BELOW_MIN_NOTIONAL';
      ensure(!meets || atMinimum, () => `denied ${JSON.stringify(denial)} though it meets the minimums: ${what()}`);
    }
  };

describe('RiskEngine precision fuzz: 100,000 orders on 100 random instrument grids', () => {
  it('accepts exactly the orders on the increments with quantity ≥ minQuantity and notional ≥ minNotional; denies every other with the first failing reason', () => {
    const seen = tally();
    fuzz((m, h, o) => {
      const { request, expected, atMinimumNotional } = draw(m, o);
      const denial = h.risk.check(h.request(request));
      seen.count(denial?.reason);
      if (denial !== undefined)
        ensure(
          KNOWN_REASONS.has(denial.reason) && denial.detail.length > 0,
          () => `unknown reason or empty detail: ${JSON.stringify(denial)}`,
        );
      // Exactly at the minimum notional the float product may fall an ulp short (known bug below): either outcome.
      if (atMinimumNotional && expected === undefined && denial?.reason === 'BELOW_MIN_NOTIONAL') return;
      ensure(
        denial?.reason === expected,
        () =>
          `${JSON.stringify(request)} on ${gridText(m)}: expected ${expected ?? 'acceptance'}, got ${JSON.stringify(denial)}`,
      );
    }, PLAIN);
    seen.expectEvery([
      'accepted',
      'INVALID_QUANTITY',
      'QUANTITY_PRECISION',
      'PRICE_PRECISION',
      'BELOW_MIN_QUANTITY',
      'BELOW_MIN_NOTIONAL',
    ]);
  });

  it('with roundToIncrements: normalize puts every value on its grid, never more aggressive than asked (quantity and buy limit down, sell limit up, each by less than one increment; trigger to the nearest), leaves on-grid orders as they are; the check then accepts exactly those meeting the minimums', () => {
    const seen = tally();
    fuzz(checkRounded(seen), ROUNDED);
    seen.expectEvery(['accepted', 'INVALID_QUANTITY', 'BELOW_MIN_QUANTITY', 'BELOW_MIN_NOTIONAL']);
  });
});

/**
 * Regressions of bugs this fuzz found (fixed in model/decimal.ts): both grid helpers used a
 * tolerance that did not scale with the float error of value / increment (about |ratio| ×
 * 2.2e-16): isOnIncrement allowed 1e-9 × |ratio| (any value passed beyond ~5e8 increments),
 * floorToIncrement 1e-9 absolute (on-grid values dropped by one beyond ~2e6); and the minimum
 * notional compared a float product exactly.
 */
describe('RiskEngine precision regressions: large grids and exact minimums', () => {
  const btc = (): Instrument =>
    createInstrument({
      symbol: 'BTC',
      venue: 'SIM',
      kind: 'spot',
      baseCurrency: 'BTC',
      quoteCurrency: 'USD',
      priceIncrement: 0.00001,
      sizeIncrement: 1e-8,
    });

  it('denies a quantity half a lot off the grid: 10.000000005 BTC on a 1e-8 lot (isOnIncrement tolerates 1e-9 × 1e9 = 1 lot)', () => {
    const h = new RiskTestHarness({ instruments: [btc()], cash: 1e9, mark: 50_000 });
    expect(h.risk.check(h.request({ quantity: 10.000000005 }))?.reason).toBe('QUANTITY_PRECISION');
  });

  it('denies every value half an increment off the grid at 1e9 to 1e10 increments (today none is denied)', () => {
    const h = new RiskTestHarness({ instruments: [btc()], cash: 1e12, mark: 50_000 });
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000, max: 10_000_000_000 }), (units) => {
        const quantity = Number(`${units}5e-9`);
        expect(h.risk.check(h.request({ quantity }))?.reason, `quantity ${quantity}`).toBe('QUANTITY_PRECISION');
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('roundToIncrements keeps an on-grid quantity: a market buy of 0.23833 BTC (1e-8 lot) stays 0.23833, not 0.23832999', () => {
    const h = new RiskTestHarness({
      instruments: [btc()],
      cash: 1e9,
      mark: 50_000,
      limits: { roundToIncrements: true },
    });
    const order = h.request({ quantity: 0.23833 });
    expect(h.risk.normalize(order).quantity).toBe(0.23833);
  });

  it('roundToIncrements keeps an on-grid buy limit: 1,000 on a 0.00001 tick stays 1,000, not 999.99999', () => {
    const h = new RiskTestHarness({
      instruments: [btc()],
      cash: 1e9,
      mark: 1_000,
      limits: { roundToIncrements: true },
    });
    expect(h.risk.normalize(h.request({ type: 'limit', price: 1_000, quantity: 1 })).price).toBe(1_000);
  });

  it('the roundToIncrements fuzz holds up to 1e8 increments too', () => {
    fuzz(checkRounded(tally()), { ...ROUNDED, maxRatio: 1e8 });
  });

  it('accepts an order exactly at the minimum notional: 3 × 0.7 = 2.1 (the float product is 2.0999999999999996)', () => {
    const instrument = createInstrument({
      symbol: 'X',
      venue: 'SIM',
      kind: 'spot',
      baseCurrency: 'X',
      quoteCurrency: 'USD',
      priceIncrement: 0.1,
      sizeIncrement: 1,
      minNotional: 2.1,
    });
    const h = new RiskTestHarness({ instruments: [instrument], mark: 0.7 });
    expect(h.risk.check(h.request({ quantity: 3 }))).toBeUndefined();
  });
});

describe('RiskEngine precision regressions', () => {
  it('roundToIncrements raises a sell limit off the grid even 5e9 ticks out: 50,000.000015 → 50,000.00002', () => {
    const instrument = createInstrument({
      symbol: 'BTC',
      venue: 'SIM',
      kind: 'spot',
      baseCurrency: 'BTC',
      quoteCurrency: 'USD',
      priceIncrement: 0.00001,
      sizeIncrement: 1e-8,
    });
    const h = new RiskTestHarness({
      instruments: [instrument],
      cash: 1e9,
      mark: 50_000,
      limits: { roundToIncrements: true },
    });
    const sell = h.risk.normalize(h.request({ side: 'sell', type: 'limit', price: 50_000.000015, quantity: 1 }));
    expect(sell.price, 'lowering it to 50,000.00001 would sell cheaper than asked').toBe(50_000.00002);
  });
});
