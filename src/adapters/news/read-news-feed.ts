import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Headline } from '../../core/sentiment/index.ts';
import { type ParsedFeed, parseFeed, type RefusedEntry } from './parse-feed.ts';
import { parseWebhookPayload } from './webhook-payload.ts';

/** A feed that could not be read or parsed; the message names the file or URL. */
export class NewsFeedError extends Error {
  override readonly name = 'NewsFeedError';
  constructor(
    message: string,
    /** True for a network failure, a timeout or an HTTP 5xx / 429: reading again later may succeed. */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options of {@link readNewsFeed}. */
export interface ReadNewsFeedOptions {
  /** Whole-request budget of an HTTP read in ms (connect, headers and body). Default 10,000. */
  readonly timeoutMs?: number;
  /** Largest document accepted, in bytes. Default 5 MB. */
  readonly maxBytes?: number;
  /** `Headline.source`; default the feed's title, else the file name or URL. */
  readonly source?: string;
  /** The fetch to use (tests, proxies); default the global one. */
  readonly fetch?: typeof fetch;
}

/** What a feed location yielded. */
export interface NewsFeed {
  readonly format: ParsedFeed['format'] | 'json';
  readonly headlines: readonly Headline[];
  readonly refused: readonly RefusedEntry[];
}

/**
 * Reads headlines from a file path, a `file:` URL or an `http(s)` URL: an RSS 2.0 or Atom
 * document, or a JSON body in the webhook shape (`{ "headlines": [...] }`), told apart by the
 * first character. Errors name the location (and the line or field): unreadable, too large,
 * HTTP status, timeout, malformed XML or JSON.
 */
export async function readNewsFeed(location: string, options: ReadNewsFeedOptions = {}): Promise<NewsFeed> {
  const maxBytes = options.maxBytes ?? 5_000_000;
  const isHttp = /^https?:\/\//i.test(location);
  const text = isHttp
    ? await fetchText(location, options.timeoutMs ?? 10_000, maxBytes, options.fetch ?? fetch)
    : await readText(location, maxBytes);
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) {
    let body: unknown;
    try {
      body = JSON.parse(start);
    } catch (error) {
      throw new NewsFeedError(`${location}: not valid JSON: ${(error as Error).message}`, false);
    }
    const source = options.source ?? (isHttp ? new URL(location).host : basename(location));
    return { format: 'json', headlines: parseWebhookPayload(body, { origin: location, source }), refused: [] };
  }
  if (!start.startsWith('<'))
    throw new NewsFeedError(`${location}: neither an XML feed (RSS, Atom) nor a JSON headlines body`, false);
  return parseFeed(text, { origin: location, ...(options.source === undefined ? {} : { source: options.source }) });
}

async function readText(location: string, maxBytes: number): Promise<string> {
  let path = location;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    if (!location.toLowerCase().startsWith('file://'))
      throw new NewsFeedError(`${location}: only file paths, file: and http(s): URLs are read`, false);
    path = fileURLToPath(location);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new NewsFeedError(`${location}: cannot read: ${(error as Error).message}`, false, { cause: error });
  }
  if (bytes.length > maxBytes) throw new NewsFeedError(`${location}: larger than ${maxBytes} bytes`, false);
  return decodeDocument(bytes, undefined, location);
}

async function fetchText(url: string, timeoutMs: number, maxBytes: number, fetcher: typeof fetch): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (error: unknown): never => {
    if (signal.aborted) throw new NewsFeedError(`${url}: no complete response within ${timeoutMs} ms`, true);
    throw new NewsFeedError(`${url}: request failed: ${(error as Error).message}`, true, { cause: error });
  };
  let response: Response;
  try {
    response = await fetcher(url, {
      signal,
      headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml, application/json' },
    });
  } catch (error) {
    return failed(error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new NewsFeedError(
      `${url}: HTTP ${response.status} ${response.statusText}`.trimEnd(),
      response.status >= 500 || response.status === 429,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new NewsFeedError(`${url}: larger than ${maxBytes} bytes (content-length ${declared})`, false);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new NewsFeedError(`${url}: larger than ${maxBytes} bytes`, false);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof NewsFeedError) throw error;
    return failed(error);
  }
  return decodeDocument(Buffer.concat(chunks), charsetOf(response.headers.get('content-type')), url);
}

/** The `charset` parameter of a Content-Type header, if any. */
function charsetOf(contentType: string | null): string | undefined {
  return contentType === null ? undefined : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

/**
 * Text of a document: in the HTTP charset if one was sent, else the XML declaration's
 * `encoding` (ISO-8859-1, windows-1252, …), else UTF-8. Bytes invalid in that encoding are an
 * error naming the location, not replacement characters in a headline.
 */
function decodeDocument(bytes: Uint8Array, charset: string | undefined, location: string): string {
  const declared = /^(?:\uFEFF)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    Buffer.from(bytes.subarray(0, 200)).toString('latin1'),
  )?.[1];
  const encoding = charset ?? declared ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new NewsFeedError(`${location}: unsupported character encoding '${encoding}'`, false);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new NewsFeedError(`${location}: bytes that are not valid ${encoding}`, false);
  }
}
