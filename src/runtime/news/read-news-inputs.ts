import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseWebhookPayload, type RefusedEntry, readNewsFeed } from '../../adapters/news/index.ts';
import type { Headline } from '../../core/sentiment/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** What one feed or webhook file gave. */
export interface NewsInputReport {
  /** The file path or URL as given. */
  readonly location: string;
  /** `rss`, `atom`, `json` (a feed location serving the webhook shape) or `webhook` (a `--webhook` file). */
  readonly format: 'rss' | 'atom' | 'json' | 'webhook';
  /** Headlines it held. */
  readonly headlines: number;
  /** Entries left out (no title, no date), each named. */
  readonly refused: readonly RefusedEntry[];
}

/** Everything read, in the order of the locations. */
export interface NewsInputs {
  readonly headlines: readonly Headline[];
  readonly inputs: readonly NewsInputReport[];
}

/** Options of {@link readNewsInputs}. */
export interface ReadNewsInputsOptions {
  /** Whole-request budget of each HTTP read in ms. Default 10,000. */
  readonly timeoutMs?: number;
}

/**
 * Reads every feed (file path, `file:` or `http(s):` URL; RSS, Atom or a JSON headlines body)
 * and every webhook file (`{ "headlines": [...] }`), all at once. If any of them fails, nothing
 * is returned: a {@link ConfigError} names each failed location and why, so a failed URL never
 * silently drops out of the sentiment.
 */
export async function readNewsInputs(
  feeds: readonly string[],
  webhooks: readonly string[],
  options: ReadNewsInputsOptions = {},
): Promise<NewsInputs> {
  const reads = [
    ...feeds.map(async (location) => {
      const feed = await readNewsFeed(location, { timeoutMs: options.timeoutMs ?? 10_000 });
      return { location, format: feed.format, headlines: feed.headlines, refused: feed.refused };
    }),
    ...webhooks.map(async (location) => ({
      location,
      format: 'webhook' as const,
      headlines: await readWebhookFile(location),
      refused: [],
    })),
  ];
  const settled = await Promise.allSettled(reads);
  const failures: string[] = [];
  const headlines: Headline[] = [];
  const inputs: NewsInputReport[] = [];
  const locations = [...feeds, ...webhooks];
  settled.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      const message = (outcome.reason as Error).message;
      const location = locations[index]!;
      failures.push(message.includes(location) ? message : `${location}: ${message}`);
      return;
    }
    const { location, format, refused } = outcome.value;
    headlines.push(...outcome.value.headlines);
    inputs.push({ location, format, headlines: outcome.value.headlines.length, refused });
  });
  if (failures.length === 1) throw new ConfigError(`news feed failed: ${failures[0]}`);
  if (failures.length > 1)
    throw new ConfigError(`${failures.length} news feeds failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return { headlines, inputs };
}

/** Headlines of a webhook body saved to a file; errors name the file and the field. */
async function readWebhookFile(path: string): Promise<Headline[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return parseWebhookPayload(body, { origin: path, source: basename(path) });
}
