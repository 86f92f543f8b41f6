import { describe, expect, it } from 'vitest';
import { decodePathSegment, encodePathSegment } from './path-segment.ts';

describe('encodePathSegment', () => {
  it('keeps letters, digits, - and _ and percent-encodes every other byte', () => {
    expect(encodePathSegment('BTC/USDT')).toBe('BTC%2FUSDT');
    expect(encodePathSegment('BTC-PERP')).toBe('BTC-PERP');
    expect(encodePathSegment('ES.FUT')).toBe('ES%2EFUT');
    expect(encodePathSegment('..'), 'never a relative path').toBe('%2E%2E');
    expect(encodePathSegment('a%b'), '% itself is encoded, so decoding is unambiguous').toBe('a%25b');
    expect(encodePathSegment('€'), 'UTF-8 bytes').toBe('%E2%82%AC');
  });

  it('is inverted exactly by decodePathSegment', () => {
    for (const name of ['BTC/USDT', 'ETH-PERP', 'BRK.B', 'a%2Fb', 'x y:z', 'ÄÖ/€', '_'])
      expect(decodePathSegment(encodePathSegment(name)), name).toBe(name);
  });

  it('refuses segments the encoder cannot produce', () => {
    expect(() => decodePathSegment('BTC%2fUSDT'), 'lower-case hex').toThrow(/not an encoded/);
    expect(() => decodePathSegment('BTC.USDT'), 'a raw dot').toThrow(/not an encoded/);
    expect(() => decodePathSegment('%41'), '"A" needs no encoding').toThrow(/canonical/);
    expect(() => encodePathSegment('')).toThrow(/non-empty/);
  });
});
