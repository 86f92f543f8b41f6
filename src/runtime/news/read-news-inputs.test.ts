import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNewsFeed } from '../../adapters/news/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { readNewsInputs } from './read-news-inputs.ts';
import { runSentiment } from './run-sentiment.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/news/${name}`, import.meta.url));
const RSS = fixture('example-rss.xml');
const WEBHOOK = fixture('example-webhook.json');

/** A real HTTP server on 127.0.0.1: /feed.xml serves the RSS fixture, /broken a 500, /slow never answers. */
describe('readNewsInputs over HTTP (a real server on 127.0.0.1)', () => {
  let base: string;
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    if (request.url === '/feed.xml') {
      void readFile(RSS).then((body) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        response.end(body);
      });
    } else if (request.url === '/broken') {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    } else if (request.url === '/slow') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      held.push(response); // the rest never comes: only the timeout ends the read
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a feed served over HTTP like the same file, and the runtime scores it', async () => {
    const url = `${base}/feed.xml`;
    const { headlines, inputs } = await readNewsInputs([url], [WEBHOOK]);
    const fromFile = await readNewsFeed(RSS);
    expect(
      headlines.slice(0, fromFile.headlines.length).map((h) => [h.id, h.title, h.publishedAt]),
      'the same headlines as the file',
    ).toEqual(fromFile.headlines.map((h) => [h.id, h.title, h.publishedAt]));
    expect(inputs.map((i) => [i.location, i.format, i.headlines])).toEqual([
      [url, 'rss', fromFile.headlines.length],
      [WEBHOOK, 'webhook', 2],
    ]);
    const result = await runSentiment({ feeds: [url] }, { symbols: { BTC: ['bitcoin'] } });
    expect(result.symbols[0]!.count, 'BTC headlines of the served feed').toBeGreaterThan(0);
  });

  it('a 500 fails the run with the URL and the status named', async () => {
    const url = `${base}/broken`;
    const error = await readNewsInputs([RSS, url], []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toContain('HTTP 500');
  });

  it('a response that never completes fails at the timeout, naming the URL', async () => {
    const url = `${base}/slow`;
    const error = await readNewsInputs([url], [], { timeoutMs: 200 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toContain('no complete response within 200 ms');
  });

  it('every failed location is named, none is dropped', async () => {
    const missing = fixture('no-such-feed.xml');
    const error = await runSentiment(
      { feeds: [`${base}/broken`, RSS, missing], webhooks: [RSS], feedTimeoutMs: 2000 },
      { symbols: { BTC: [] } },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^3 news feeds failed/);
    expect(message).toContain(`${base}/broken: HTTP 500`);
    expect(message).toContain(`${missing}: cannot read`);
    expect(message, 'an RSS file given as a webhook is not JSON').toContain(`${RSS}: not valid JSON`);
  });
});
