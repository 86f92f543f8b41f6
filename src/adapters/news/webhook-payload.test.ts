import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, WebhookPayloadError } from './webhook-payload.ts';

const options = { origin: 'POST /webhooks/news', source: 'desk' };

/** The problems a body is refused with. */
function problemsOf(body: unknown): readonly string[] {
  try {
    parseWebhookPayload(body, options);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error.problems;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('parseWebhookPayload', () => {
  it('reads test/fixtures/news/example-webhook.json: ids, sources and times', () => {
    const body = JSON.parse(
      readFileSync(new URL('../../../test/fixtures/news/example-webhook.json', import.meta.url), 'utf8'),
    );
    const headlines = parseWebhookPayload(body, options);
    expect(headlines[0]).toEqual({
      id: 'example-webhook-1',
      source: 'example-webhook',
      title: 'Example: Bitcoin sample headline from a webhook',
      summary: 'Sample text.',
      url: 'https://example.com/webhook/1',
      publishedAt: Date.UTC(2026, 10, 21, 10),
    });
    expect(headlines[1], 'no id or url: a derived id; no source: the webhook name').toMatchObject({
      source: 'desk',
      publishedAt: Date.UTC(2026, 10, 21, 10),
      symbols: ['ORCL'],
    });
    expect(headlines[1]!.id).toMatch(/^h:[0-9a-f]{14}$/);
  });

  it.each([
    [{}, 'headlines: Invalid input'],
    [{ headlines: [] }, 'headlines: Too small'],
    [{ headlines: [{ published_at: '2026-11-21T10:00:00Z' }] }, 'headlines.0.title: Invalid input'],
    [{ headlines: [{ title: ' ', published_at: '2026-11-21T10:00:00Z' }] }, 'headlines.0.title: Too small'],
    [{ headlines: [{ title: 'a', published_at: '2026-11-21T10:00:00' }] }, 'headlines.0.published_at: '],
    [{ headlines: [{ title: 'a', published_at: 1_795_255_200 }] }, 'headlines.0.published_at: '],
    [{ headlines: [{ title: 'a', published_at: 1795255200000, url: 'ftp://x/y' }] }, 'headlines.0.url: '],
    [{ headlines: [{ title: 'a', publishedAt: 1795255200000 }] }, 'headlines.0: Unrecognized key'],
    [{ headlines: [{ title: 'a', published_at: 1795255200000, symbols: ['btc'] }] }, 'headlines.0.symbols.0: '],
  ])('%j is refused naming the field', (body, problem) => {
    const problems = problemsOf(body);
    expect(problems.join('\n'), `problems of ${JSON.stringify(body)}`).toContain(problem);
  });

  it('names every bad field at once, with the origin, and takes nothing', () => {
    const body = {
      headlines: [
        { title: 'good one', published_at: '2026-11-21T10:00:00Z' },
        { title: 'bad one', published_at: 'tomorrow' },
        { title: '', published_at: 0 },
      ],
    };
    expect(() => parseWebhookPayload(body, options)).toThrow(/^POST \/webhooks\/news: headlines\.1\.published_at: /);
    const problems = problemsOf(body);
    expect(
      problems.some((p) => p.startsWith('headlines.1.published_at')),
      'second headline named',
    ).toBe(true);
    expect(
      problems.some((p) => p.startsWith('headlines.2.title')),
      'third headline: title',
    ).toBe(true);
    expect(
      problems.some((p) => p.startsWith('headlines.2.published_at')),
      'third headline: time',
    ).toBe(true);
    expect(problems.find((p) => p.startsWith('headlines.1.published_at'))).toMatch(/RFC 3339|Unix milliseconds/);
  });
});
