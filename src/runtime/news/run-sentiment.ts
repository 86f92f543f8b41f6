import { createFinancialNewsClassifier } from '../../adapters/news/index.ts';
import type { LanguageModelClient } from '../../core/advisor/index.ts';
import type { UnixMillis } from '../../core/model/time.ts';
import {
  type Headline,
  NewsSentimentEngine,
  type SentimentUpdated,
  type SymbolAliases,
} from '../../core/sentiment/index.ts';
import { type ClassifiedHeadline, ModelSentimentClassifier } from './model-sentiment-classifier.ts';
import { type NewsInputReport, readNewsInputs } from './read-news-inputs.ts';

/** The tier-1 model and how to size its prompts. */
export interface SentimentModel {
  readonly client: LanguageModelClient;
  /** Context in tokens when the client states none (the advisor config's `context_length`). */
  readonly contextLength?: number;
  /** Characters per token (the advisor config's `chars_per_token`). */
  readonly charsPerToken?: number;
}

/** How to turn headlines into per-symbol sentiment. */
export interface SentimentOptions {
  /** Watched symbols and their aliases, e.g. `{ BTC: ['bitcoin', 'btc'] }`. */
  readonly symbols: SymbolAliases;
  /** A headline's weight halves every this many ms. Default 6 h. */
  readonly halfLifeMs?: number;
  /** Headlines older than this before the evaluation time are not counted. Default 24 h. */
  readonly windowMs?: number;
  /** Evaluation time; headlines published later are left out. Default: the newest relevant headline's time. */
  readonly at?: UnixMillis;
  /** The tier-1 model; absent: the lexicon classifies. */
  readonly model?: SentimentModel;
  /** Classify at most this many headlines (oldest first); the rest stay in the queue, reported as pending. */
  readonly classifyLimit?: number;
}

/** Where the headlines come from. */
export interface SentimentSources {
  /** Feed files or URLs (RSS, Atom, JSON headlines body). */
  readonly feeds: readonly string[];
  /** Webhook body files (`{ "headlines": [...] }`). */
  readonly webhooks?: readonly string[];
  /** Budget of each HTTP read in ms. Default 10,000. */
  readonly feedTimeoutMs?: number;
}

/** An accepted headline with its classification. */
export interface ScoredHeadline {
  readonly headline: Headline;
  readonly sentiment: ClassifiedHeadline;
}

/** One watched symbol's sentiment at the evaluation time. */
export interface SymbolSentiment {
  readonly symbol: string;
  /** In [-1, 1]; 0 without evidence. */
  readonly score: number;
  /** Headlines counted (in the window, outliers excluded). */
  readonly count: number;
  /** Headlines dropped as outliers. */
  readonly outliers: number;
  /** Evidence weight (Σ confidence × decay). */
  readonly weight: number;
  /** Headlines about it still awaiting classification. */
  readonly pending: number;
  readonly latestHeadlineAt?: UnixMillis;
}

/** What a sentiment run found. */
export interface SentimentResult {
  /** Evaluation time; undefined when there was no relevant headline and no `at`. */
  readonly at: UnixMillis | undefined;
  /** The classifier's method (`lexicon:…` or `model:…`). */
  readonly classifier: string;
  readonly halfLifeMs: number;
  readonly windowMs: number;
  /** Accepted, classified headlines, oldest first. */
  readonly headlines: readonly ScoredHeadline[];
  /** Relevant headlines the classifier has not answered, still in the queue. */
  readonly pending: readonly Headline[];
  /** Per watched symbol, in watch-list order. */
  readonly symbols: readonly SymbolSentiment[];
  /**
   * The sentiment as it moved: each symbol re-evaluated at each time a headline about it was
   * accepted (only headlines published by then count), then every symbol with evidence at `at`.
   */
  readonly updates: readonly SentimentUpdated[];
  /** Headlines left out, by reason. */
  readonly dropped: {
    readonly duplicates: number;
    readonly irrelevant: number;
    readonly overflow: number;
    /** Published after `at`. */
    readonly later: number;
  };
  /** Classifications the engine refused (an answer for an unknown id, …), with reasons. */
  readonly refused: readonly { readonly headlineId: string; readonly reason: string; readonly detail: string }[];
}

const HOUR = 3_600_000;

/**
 * Headlines → de-duplicated → relevant to the watched symbols → classified (model or lexicon)
 * → aggregated per symbol with the engine's decay and outlier removal. Headlines are processed
 * in publication order, so the same input always gives the same result.
 */
export async function computeSentiment(
  headlines: readonly Headline[],
  options: SentimentOptions,
): Promise<SentimentResult> {
  const halfLifeMs = options.halfLifeMs ?? 6 * HOUR;
  const windowMs = options.windowMs ?? 24 * HOUR;
  const engine = new NewsSentimentEngine({ symbols: options.symbols, aggregation: { halfLifeMs, windowMs } });
  const watched = Object.keys(options.symbols);

  const ordered = headlines
    .map((headline, index) => ({ headline, index }))
    .sort((a, b) => a.headline.publishedAt - b.headline.publishedAt || a.index - b.index)
    .map(({ headline }) => headline);
  const known = options.at === undefined ? ordered : ordered.filter((h) => h.publishedAt <= options.at!);
  const admission = engine.admit(known);
  const at = options.at ?? maxTime(admission.queued);

  const lexicon = createFinancialNewsClassifier();
  const model =
    options.model === undefined
      ? undefined
      : new ModelSentimentClassifier({
          client: options.model.client,
          fallback: lexicon,
          contextLength: options.model.contextLength,
          charsPerToken: options.model.charsPerToken,
        });
  const toClassify = engine.pending(options.classifyLimit);
  const results: readonly ClassifiedHeadline[] = model
    ? await model.classify(toClassify)
    : lexicon.classify(toClassify);

  // Accept in publication order, each group at its own time: the series has no look-ahead.
  const byId = new Map(toClassify.map((headline) => [headline.id, headline]));
  const answered = results
    .filter((result) => byId.has(result.headlineId))
    .sort((a, b) => byId.get(a.headlineId)!.publishedAt - byId.get(b.headlineId)!.publishedAt);
  const recorded = new Map(results.map((result) => [result.headlineId, result]));
  const scored: ScoredHeadline[] = [];
  const updates: SentimentUpdated[] = [];
  const refused: SentimentResult['refused'][number][] = [];
  for (const result of results) if (!byId.has(result.headlineId)) refused.push(unknownAnswer(result.headlineId));
  for (let i = 0; i < answered.length; ) {
    const time = byId.get(answered[i]!.headlineId)!.publishedAt;
    let j = i;
    while (j < answered.length && byId.get(answered[j]!.headlineId)!.publishedAt === time) j++;
    const report = engine.accept(answered.slice(i, j), time);
    for (const { headline } of report.accepted) scored.push({ headline, sentiment: recorded.get(headline.id)! });
    refused.push(...report.refused);
    updates.push(...report.updates);
    i = j;
  }

  const pending = engine.pending();
  const final = at === undefined ? [] : engine.evaluate(at);
  const lastTime = new Map(updates.map((update) => [update.symbol, update.timestamp]));
  for (const update of final)
    if (lastTime.has(update.symbol) && lastTime.get(update.symbol) !== update.timestamp) updates.push(update);
  const symbols = watched.map((symbol): SymbolSentiment => {
    const update = final.find((u) => u.symbol === symbol);
    return {
      symbol,
      score: update?.score ?? 0,
      count: update?.count ?? 0,
      outliers: update?.outliers ?? 0,
      weight: update?.weight ?? 0,
      pending: pending.filter((headline) => headline.symbols?.includes(symbol)).length,
      ...(update?.latestHeadlineAt === undefined ? {} : { latestHeadlineAt: update.latestHeadlineAt }),
    };
  });
  return {
    at,
    classifier: model?.method ?? lexicon.method,
    halfLifeMs,
    windowMs,
    headlines: scored,
    pending,
    symbols,
    updates,
    dropped: {
      duplicates: admission.duplicates.length,
      irrelevant: admission.irrelevant.length,
      overflow: admission.overflow.length,
      later: ordered.length - known.length,
    },
    refused,
  };
}

/** Reads the feeds and webhook files (any failure: a `ConfigError` naming each location), then {@link computeSentiment}. */
export async function runSentiment(
  sources: SentimentSources,
  options: SentimentOptions,
): Promise<SentimentResult & { readonly inputs: readonly NewsInputReport[] }> {
  const { headlines, inputs } = await readNewsInputs(sources.feeds, sources.webhooks ?? [], {
    timeoutMs: sources.feedTimeoutMs,
  });
  return { ...(await computeSentiment(headlines, options)), inputs };
}

function maxTime(headlines: readonly Headline[]): UnixMillis | undefined {
  let latest: UnixMillis | undefined;
  for (const headline of headlines)
    latest = latest === undefined ? headline.publishedAt : Math.max(latest, headline.publishedAt);
  return latest;
}

function unknownAnswer(headlineId: string) {
  return { headlineId, reason: 'unknown', detail: `no headline ${headlineId} was sent to the classifier` };
}
