import {
  AuthenticationError,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  NetworkError,
  RequestTimeout,
} from 'ccxt';

/**
 * How a failed venue call may be handled: `rate-limited` and `retryable` calls may be sent again
 * (after `retryAfterMs` or a backoff), `permanent` ones never succeed by repetition (unknown
 * symbol, bad credentials, a request the venue rejects).
 */
export const VenueErrorKind = { RateLimited: 'rate-limited', Retryable: 'retryable', Permanent: 'permanent' } as const;
export type VenueErrorKind = (typeof VenueErrorKind)[keyof typeof VenueErrorKind];

/** A venue failure translated out of ccxt's error hierarchy (BRIEF convention 5). */
export class VenueError extends Error {
  override readonly name = 'VenueError';
  readonly kind: VenueErrorKind;
  /** The venue that failed (ccxt id, e.g. `kraken`). */
  readonly venue: string;
  /** The wait the venue asked for (Retry-After), ms; undefined when it named none. */
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    kind: VenueErrorKind;
    venue: string;
    message: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.kind = options.kind;
    this.venue = options.venue;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Transport failures that undici raises outside ccxt's try/catch (a socket closed mid-body). */
const SOCKET_ERROR_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

function isSocketFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && SOCKET_ERROR_CODES.has(code)) return true;
  return error instanceof TypeError && /terminated|fetch failed|other side closed/i.test(error.message);
}

/**
 * The wait a `Retry-After` header asks for, ms: delta-seconds or an HTTP date (relative to `now`,
 * Unix ms). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** What ccxt keeps of the last HTTP response (set before it raises the status code's error). */
interface ResponseHeadersHolder {
  readonly id: string;
  readonly last_response_headers?: Record<string, unknown> | undefined;
}

function retryAfterHeader(exchange: ResponseHeadersHolder): unknown {
  const headers = exchange.last_response_headers;
  if (headers === undefined || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === 'retry-after') return value;
  return undefined;
}

/**
 * Translates an error thrown by a ccxt call into a VenueError: rate limits (HTTP 429 / 418,
 * DDoSProtection) carry the venue's Retry-After; network errors, timeouts and an unavailable
 * venue (5xx) are retryable; everything ccxt reports as an exchange error (BadSymbol,
 * AuthenticationError, …) is permanent. Errors that are not venue failures (a bug in our code)
 * are returned unchanged so they surface as themselves.
 */
export function translateCcxtError(error: unknown, exchange: ResponseHeadersHolder, now: number): unknown {
  if (error instanceof VenueError) return error;
  const venue = exchange.id;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof DDoSProtection) {
    const retryAfterMs = parseRetryAfter(retryAfterHeader(exchange), now);
    return new VenueError({
      kind: VenueErrorKind.RateLimited,
      venue,
      message: `${venue}: rate limited${retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`}: ${detail}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  if (error instanceof NetworkError || isSocketFailure(error)) {
    const what =
      error instanceof RequestTimeout
        ? 'request timed out'
        : error instanceof ExchangeNotAvailable
          ? 'venue unavailable'
          : 'network error';
    return new VenueError({
      kind: VenueErrorKind.Retryable,
      venue,
      message: `${venue}: ${what}: ${detail}`,
      cause: error,
    });
  }
  if (error instanceof ExchangeError) {
    const what =
      error instanceof BadSymbol
        ? 'unknown symbol'
        : error instanceof AuthenticationError
          ? 'authentication failed'
          : 'request rejected';
    return new VenueError({
      kind: VenueErrorKind.Permanent,
      venue,
      message: `${venue}: ${what}: ${detail}`,
      cause: error,
    });
  }
  return error;
}
