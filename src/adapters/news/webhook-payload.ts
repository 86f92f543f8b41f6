import { z } from 'zod';
import { deriveHeadlineId, type Headline } from '../../core/sentiment/index.ts';
import { parseRfc3339Date } from './parse-feed-date.ts';

/** Unix ms below this (3 March 1973) are taken for seconds sent as milliseconds and refused. */
const MIN_PLAUSIBLE_MS = 100_000_000_000;

const webhookHeadline = z
  .object({
    id: z.string().trim().min(1).max(500).optional().describe('stable id (a guid); default the url, else a hash'),
    title: z.string().trim().min(1).max(1000).describe('the headline, plain text'),
    summary: z.string().max(10_000).optional().describe('plain-text summary'),
    url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('link to the article (http or https)'),
    published_at: z
      .union([
        z.string().refine((value) => parseRfc3339Date(value) !== undefined, {
          message: 'expected an RFC 3339 timestamp with a time zone, e.g. 2026-11-21T10:00:00Z',
        }),
        z.number().int().min(MIN_PLAUSIBLE_MS, {
          message: 'expected Unix milliseconds (this looks like seconds, or is before 1973)',
        }),
      ])
      .describe('publication time: RFC 3339 with zone, or Unix milliseconds'),
    source: z.string().trim().min(1).max(200).optional().describe("publisher; default the webhook's name"),
    symbols: z
      .array(z.string().regex(/^[A-Z0-9][A-Z0-9.-]{0,14}$/))
      .max(50)
      .optional()
      .describe('watched symbols the sender already attached (kept only if watched)'),
  })
  .strict();

/**
 * The JSON body a news webhook posts:
 * `{ "headlines": [ { "id"?, "title", "summary"?, "url"?, "published_at", "source"?, "symbols"? } ] }`
 * with 1 to 1,000 headlines; `published_at` is an RFC 3339 timestamp with a zone or Unix ms.
 * Unknown keys are refused (a typo such as `publishedAt` is named, not ignored).
 */
export const webhookPayloadSchema = z.object({ headlines: z.array(webhookHeadline).min(1).max(1000) }).strict();

/** A webhook body that does not match {@link webhookPayloadSchema}; the message names each bad field. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  constructor(
    message: string,
    /** One line per problem: `headlines.2.published_at: …`. */
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Headlines of a webhook body (already parsed from JSON). Throws a {@link WebhookPayloadError}
 * naming `origin` and every bad field; nothing is taken from a body with any bad headline.
 */
export function parseWebhookPayload(body: unknown, options: { origin: string; source: string }): Headline[] {
  const parsed = webhookPayloadSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
      return `${field === '' ? '(body)' : field}: ${issue.message}${keys}`;
    });
    throw new WebhookPayloadError(`${options.origin}: ${problems.join('; ')}`, problems);
  }
  return parsed.data.headlines.map((item) => {
    const source = item.source ?? options.source;
    const publishedAt =
      typeof item.published_at === 'number' ? item.published_at : parseRfc3339Date(item.published_at)!;
    return {
      id: item.id ?? item.url ?? deriveHeadlineId({ source, title: item.title, publishedAt }),
      source,
      title: item.title,
      publishedAt,
      ...(item.summary === undefined || item.summary.trim() === '' ? {} : { summary: item.summary.trim() }),
      ...(item.url === undefined ? {} : { url: item.url }),
      ...(item.symbols === undefined ? {} : { symbols: item.symbols }),
    };
  });
}
