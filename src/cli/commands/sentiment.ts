import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { LanguageModelError } from '../../core/advisor/index.ts';
import type { SymbolAliases } from '../../core/sentiment/index.ts';
import { loadAdvisorConfig, tierClient } from '../../runtime/advisor/advisor-config.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseInstant } from '../../runtime/config/parse-instant.ts';
import { formatSentimentReport, sentimentReportJson } from '../../runtime/news/format-sentiment.ts';
import { runSentiment, type SentimentModel, type SentimentOptions } from '../../runtime/news/run-sentiment.ts';
import { writeSentimentEvents } from '../../runtime/news/sentiment-events-file.ts';

/** The raw flag values commander hands over (defaults applied). */
export interface SentimentFlags {
  feed: string[];
  webhook: string[];
  symbols?: string;
  alias: string[];
  halfLife: string;
  window: string;
  at?: string;
  llm?: string;
  limit?: string;
  feedTimeout: string;
  json?: boolean;
  eventsOut?: string;
}

const SYMBOL = /^[A-Z0-9][A-Z0-9.-]{0,14}$/;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `6h`, `90m`, `1d`, `30s`, `1500ms` in milliseconds; `flag` names it in the error. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  const ms = match === null ? Number.NaN : Math.round(Number(match[1]) * UNITS[match[2]!]!);
  if (!(ms > 0)) throw new ConfigError(`${flag}: '${text}' is not a positive duration such as 6h, 90m, 1d`);
  return ms;
}

/** `--symbols BTC,ETH` and `--alias BTC=bitcoin,btc …` as the watch list. */
export function parseWatchList(symbols: string | undefined, aliases: readonly string[]): SymbolAliases {
  if (symbols === undefined || symbols.trim() === '')
    throw new ConfigError('--symbols is required: the symbols to watch, e.g. --symbols BTC,ETH');
  const watch: Record<string, string[]> = {};
  for (const raw of symbols.split(',')) {
    const symbol = raw.trim();
    if (!SYMBOL.test(symbol))
      throw new ConfigError(
        `--symbols: '${symbol}' is not a symbol (upper-case letters and digits, . and -, at most 15)`,
      );
    watch[symbol] = [];
  }
  for (const text of aliases) {
    const equals = text.indexOf('=');
    const symbol = equals < 0 ? '' : text.slice(0, equals).trim();
    if (equals < 0 || !Object.hasOwn(watch, symbol))
      throw new ConfigError(
        `--alias: '${text}' must be SYMBOL=alias[,alias…] for a symbol of --symbols (${Object.keys(watch).join(',')})`,
      );
    const words = text
      .slice(equals + 1)
      .split(',')
      .map((word) => word.trim());
    if (words.some((word) => !/[\p{L}\p{N}]/u.test(word)))
      throw new ConfigError(`--alias: '${text}' has an empty alias; write e.g. BTC=bitcoin,btc`);
    watch[symbol]!.push(...words);
  }
  return watch;
}

/** Validates the flags into the run's options (without the model); every error is a ConfigError naming its flag. */
export function parseSentimentFlags(flags: SentimentFlags): {
  feeds: string[];
  webhooks: string[];
  feedTimeoutMs: number;
  options: Omit<SentimentOptions, 'model'>;
} {
  const symbols = parseWatchList(flags.symbols, flags.alias);
  if (flags.feed.length === 0 && flags.webhook.length === 0)
    throw new ConfigError('give at least one --feed <url|file> or --webhook <file.json>');
  let classifyLimit: number | undefined;
  if (flags.limit !== undefined) {
    classifyLimit = Number(flags.limit);
    if (!(Number.isInteger(classifyLimit) && classifyLimit >= 0))
      throw new ConfigError(`--limit: '${flags.limit}' is not a whole number ≥ 0`);
  }
  const at = parseInstant('--at', flags.at);
  return {
    feeds: flags.feed,
    webhooks: flags.webhook,
    feedTimeoutMs: parseDuration('--feed-timeout', flags.feedTimeout),
    options: {
      symbols,
      halfLifeMs: parseDuration('--half-life', flags.halfLife),
      windowMs: parseDuration('--window', flags.window),
      ...(at === undefined ? {} : { at }),
      ...(classifyLimit === undefined ? {} : { classifyLimit }),
    },
  };
}

/** The tier-1 model of an advisor config file, or undefined when its tier 1 has none. */
async function loadSentimentModel(path: string): Promise<SentimentModel | undefined> {
  const config = await loadAdvisorConfig(path);
  try {
    const client = tierClient(config, 1, process.env);
    return client === undefined
      ? undefined
      : { client, contextLength: config.context_length, charsPerToken: config.chars_per_token };
  } catch (error) {
    if (error instanceof LanguageModelError) throw new ConfigError(`${path}: tiers.tier1: ${error.message}`);
    throw error;
  }
}

/** Fails before any work when the directory of `--events-out` does not exist. */
async function assertWritableDirectory(path: string): Promise<void> {
  const directory = dirname(resolve(path));
  const isDirectory = await stat(directory).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new ConfigError(`--events-out: ${path}: the directory ${directory} does not exist`);
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `tradewind sentiment`: headlines from feeds and webhook files → per-symbol sentiment. */
export function registerSentimentCommand(program: Command): void {
  program
    .command('sentiment')
    .description(
      'read news feeds and webhook files, keep headlines about the watched symbols, classify them (tier-1 model or the financial lexicon) and print the per-symbol sentiment',
    )
    .option(
      '--feed <url|file>',
      'RSS / Atom feed or JSON headlines body: a file or an http(s) URL (repeatable)',
      collect,
      [],
    )
    .option('--webhook <file.json>', 'a saved webhook body {"headlines": [...]} (repeatable)', collect, [])
    .option('--symbols <list>', 'watched symbols, comma-separated, e.g. BTC,ETH (required)')
    .option('--alias <SYMBOL=words>', 'words that name a symbol, e.g. BTC=bitcoin,btc (repeatable)', collect, [])
    .option('--half-life <duration>', "a headline's weight halves every this long (30m, 6h, 1d)", '6h')
    .option('--window <duration>', 'headlines older than this before --at are not counted', '24h')
    .option('--at <time>', "evaluation time, ISO 8601 UTC or Unix ms (default: the newest relevant headline's time)")
    .option('--llm <llm.policy.yaml>', 'advisor config whose tiers.tier1 model classifies (default: the lexicon)')
    .option('--limit <n>', 'classify at most n headlines, oldest first; the rest are reported as pending')
    .option('--feed-timeout <duration>', 'budget of each HTTP feed read', '10s')
    .option('--json', 'print one JSON object and nothing else on stdout')
    .option('--events-out <file>', 'write the sentiment as a backtest events file (JSON Lines, or an array for .json)')
    .action(async (flags: SentimentFlags) => {
      const parsed = parseSentimentFlags(flags);
      if (flags.eventsOut !== undefined) await assertWritableDirectory(flags.eventsOut);
      const model = flags.llm === undefined ? undefined : await loadSentimentModel(flags.llm);
      let report: Awaited<ReturnType<typeof runSentiment>>;
      try {
        report = await runSentiment(
          { feeds: parsed.feeds, webhooks: parsed.webhooks, feedTimeoutMs: parsed.feedTimeoutMs },
          { ...parsed.options, ...(model === undefined ? {} : { model }) },
        );
      } finally {
        await model?.client.dispose();
      }
      let eventsOut: { path: string; events: number } | undefined;
      if (flags.eventsOut !== undefined) {
        const path = flags.eventsOut;
        const events = await writeSentimentEvents(path, report.updates).catch((error: Error) => {
          throw new ConfigError(`--events-out: cannot write ${path}: ${error.message}`);
        });
        eventsOut = { path, events };
      }
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(sentimentReportJson(report, eventsOut), null, 2)}\n`);
        return;
      }
      process.stdout.write(formatSentimentReport(report));
      if (eventsOut !== undefined)
        process.stdout.write(`${eventsOut.events} sentiment events written to ${eventsOut.path}\n`);
    });
}
