import { describe, expect, it } from 'vitest';
import { createCcxtExchange } from './create-ccxt-exchange.ts';
import { parseRetryAfter } from './venue-error.ts';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0);
  it('reads delta-seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('120', now), 'seconds → ms').toBe(120_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 01 Jan 2024 12:00:30 GMT', now), 'a date 30 s after now').toBe(30_000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 11:00:00 GMT', now), 'a date in the past: no wait').toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now), 'unreadable').toBeUndefined();
  });
});

describe('createCcxtExchange', () => {
  it('keeps ccxt rate limiting on and points every REST endpoint at another origin, keeping paths', () => {
    const exchange = createCcxtExchange({ exchangeId: 'binance', baseUrl: 'http://127.0.0.1:9999' });
    expect(exchange.enableRateLimit).toBe(true);
    const api = exchange.urls.api as Record<string, string>;
    expect(api.public).toBe('http://127.0.0.1:9999/api/v3');
    expect(
      Object.values(api).every((url) => url.startsWith('http://127.0.0.1:9999/')),
      'no endpoint left on the venue',
    ).toBe(true);
  });
  it('refuses an id ccxt does not know', () => {
    expect(() => createCcxtExchange({ exchangeId: 'nosuchx' })).toThrow("unknown exchange 'nosuchx'");
  });
});
