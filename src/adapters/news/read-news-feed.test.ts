import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsFeedError, readNewsFeed } from './read-news-feed.ts';
import { WebhookPayloadError } from './webhook-payload.ts';

const FIXTURES = new URL('../../../test/fixtures/news/', import.meta.url);
const RSS = readFileSync(new URL('example-rss.xml', FIXTURES), 'utf8');
const ATOM = readFileSync(new URL('example-atom.xml', FIXTURES), 'utf8');

/** A local HTTP server with one route per case; sockets of slow routes are destroyed on close. */
let server: Server;
let base: string;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/rss':
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
        return;
      case '/atom':
        response.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(ATOM);
        return;
      case '/json':
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ headlines: [{ title: 'Example: sample', published_at: '2026-11-21T10:00:00Z' }] }));
        return;
      case '/missing':
        response.writeHead(404, 'Not Found').end('no');
        return;
      case '/down':
        response.writeHead(503, 'Service Unavailable').end();
        return;
      case '/slow':
        timers.add(setTimeout(() => response.writeHead(200).end(RSS), 5_000));
        return;
      case '/big':
        response.writeHead(200).end(`<rss>${' '.repeat(2_000)}</rss>`);
        return;
      case '/broken':
        response.writeHead(200).end('<rss><channel><title>x</channel></rss>');
        return;
      default:
        response.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('readNewsFeed over HTTP (a local server on 127.0.0.1)', () => {
  it('reads RSS and Atom, with the feed title as source', async () => {
    const rss = await readNewsFeed(`${base}/rss`);
    expect(rss.format).toBe('rss');
    expect(rss.headlines, 'six dated items').toHaveLength(6);
    expect(rss.refused, 'one undated item, named').toHaveLength(1);
    const atom = await readNewsFeed(`${base}/atom`, { source: 'atom-desk' });
    expect(atom.headlines.map((h) => h.source)).toEqual(['atom-desk', 'atom-desk']);
  });

  it('reads a JSON body in the webhook shape, with the host as source', async () => {
    const feed = await readNewsFeed(`${base}/json`);
    expect(feed.format).toBe('json');
    expect(feed.headlines[0]!.source).toBe(new URL(base).host);
  });

  it('names the URL and status of an HTTP error; 5xx is retryable, 404 not', async () => {
    await expect(readNewsFeed(`${base}/missing`)).rejects.toThrow(`${base}/missing: HTTP 404 Not Found`);
    await expect(readNewsFeed(`${base}/missing`)).rejects.toMatchObject({ retryable: false });
    await expect(readNewsFeed(`${base}/down`)).rejects.toMatchObject({
      message: `${base}/down: HTTP 503 Service Unavailable`,
      retryable: true,
    });
  });

  it('gives up after the timeout, naming the URL', async () => {
    const started = performance.now();
    const error = await readNewsFeed(`${base}/slow`, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error, 'a NewsFeedError').toBeInstanceOf(NewsFeedError);
    expect((error as NewsFeedError).message).toBe(`${base}/slow: no complete response within 200 ms`);
    expect((error as NewsFeedError).retryable).toBe(true);
    expect(performance.now() - started, 'well before the server answers (5 s)').toBeLessThan(3_000);
  });

  it('refuses a body larger than maxBytes, and a malformed document with its line', async () => {
    await expect(readNewsFeed(`${base}/big`, { maxBytes: 1_000 })).rejects.toThrow(/\/big: larger than 1000 bytes/);
    await expect(readNewsFeed(`${base}/broken`)).rejects.toThrow(`${base}/broken:1: end tag </channel> closes <title>`);
  });

  it('names an unreachable server', async () => {
    const port = (server.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(unused, 'another port than the live server').not.toBe(port);
    await expect(readNewsFeed(`http://127.0.0.1:${unused}/rss`)).rejects.toMatchObject({
      message: expect.stringMatching(new RegExp(`^http://127.0.0.1:${unused}/rss: request failed: `)),
      retryable: true,
    });
  });
});

describe('readNewsFeed from files', () => {
  it('reads a path and a file: URL', async () => {
    const path = fileURLToPath(new URL('example-atom.xml', FIXTURES));
    expect((await readNewsFeed(path)).headlines).toHaveLength(2);
    expect((await readNewsFeed(pathToFileURL(path).href)).format).toBe('atom');
  });

  it('reads the webhook JSON fixture, with the file name as default source', async () => {
    const feed = await readNewsFeed(fileURLToPath(new URL('example-webhook.json', FIXTURES)));
    expect(feed.headlines.map((h) => h.source)).toEqual(['example-webhook', 'example-webhook.json']);
  });

  it('decodes the encoding the XML declaration or the HTTP charset names, and refuses invalid bytes', async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><title>Example: caf\u00e9 sample</title>' +
        '<pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>',
      'latin1',
    );
    const fetchBytes =
      (body: Uint8Array, contentType?: string): typeof fetch =>
      async () =>
        new Response(body, contentType === undefined ? {} : { headers: { 'content-type': contentType } });
    const declared = await readNewsFeed('https://feeds.example/latin1', { fetch: fetchBytes(latin1) });
    expect(declared.headlines[0]!.title, 'ISO-8859-1 from the declaration').toBe('Example: caf\u00e9 sample');
    const header = await readNewsFeed('https://feeds.example/latin1', {
      fetch: fetchBytes(latin1, 'application/rss+xml; charset=windows-1252'),
    });
    expect(header.headlines[0]!.title, 'charset from the header').toBe('Example: caf\u00e9 sample');
    await expect(
      readNewsFeed('https://feeds.example/bad', { fetch: fetchBytes(latin1, 'text/xml; charset=utf-8') }),
    ).rejects.toThrow('https://feeds.example/bad: bytes that are not valid utf-8');
  });

  it('names a missing file, an unsupported scheme and a bad JSON body', async () => {
    await expect(readNewsFeed('/nonexistent/feed.xml')).rejects.toThrow(/^\/nonexistent\/feed\.xml: cannot read: /);
    await expect(readNewsFeed('ftp://example.com/feed')).rejects.toThrow(/only file paths, file: and http\(s\): URLs/);
    const bad = fileURLToPath(new URL('example-rss.xml', FIXTURES)).replace('example-rss.xml', 'SOURCE.md');
    await expect(readNewsFeed(bad)).rejects.toThrow(/SOURCE\.md: neither an XML feed/);
  });

  it('passes webhook schema errors through with the location', async () => {
    const fetchJson: typeof fetch = async () => new Response(JSON.stringify({ headlines: [{ title: 'a' }] }));
    const error = await readNewsFeed('https://feeds.example/news', { fetch: fetchJson }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect((error as Error).message).toMatch(/^https:\/\/feeds\.example\/news: headlines\.0\.published_at: /);
  });
});
