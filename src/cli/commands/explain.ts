import type { Command } from 'commander';
import { loadAdvisorConfig, tierClient } from '../../runtime/advisor/advisor-config.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import {
  type Explanation,
  explainWithModel,
  loadRunExplanations,
  resolveRunDirectory,
} from '../../runtime/explain/index.ts';

interface ExplainOptions {
  run: string;
  trade?: string;
  day?: string;
  json?: boolean;
  llm?: string;
}

/** The records asked for: one trade, one day, or every day. Bad numbers and dates are ConfigErrors. */
async function selectRecords(dir: string, options: ExplainOptions): Promise<Explanation[]> {
  if (options.trade !== undefined && options.day !== undefined)
    throw new ConfigError('give --trade or --day, not both');
  const explanations = await loadRunExplanations(dir);
  if (options.trade !== undefined) {
    const n = /^\d+$/.test(options.trade) ? Number(options.trade) : Number.NaN;
    const trade = explanations.trades.find((t) => t.trade === n);
    if (trade === undefined) {
      const count = explanations.trades.length;
      const range = count === 0 ? 'it has none' : `trades are numbered 1 to ${count} in closing order`;
      throw new ConfigError(`run ${dir} has ${count} trades; --trade ${options.trade} is not one of them (${range})`);
    }
    return [trade];
  }
  if (options.day !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.day)) throw new ConfigError(`--day ${options.day}: not a YYYY-MM-DD date`);
    const day = explanations.days.find((d) => d.day === options.day);
    if (day === undefined) {
      const days = explanations.days;
      const span = days.length === 0 ? 'it has no days' : `its days run from ${days[0].day} to ${days.at(-1)?.day}`;
      throw new ConfigError(`run ${dir} has no day ${options.day} (${span})`);
    }
    return [day];
  }
  return [...explanations.days];
}

/** Rewrites the records with the tier-2 model of `llmPath`; without one, keeps the templates (and says so). */
async function withModel(records: Explanation[], llmPath: string): Promise<Explanation[]> {
  const config = await loadAdvisorConfig(llmPath);
  const client = tierClient(config, 2, process.env);
  if (client === undefined) {
    process.stderr.write(`note: ${llmPath} configures no tier2 model; the template explanations follow\n`);
    return records;
  }
  try {
    return await explainWithModel(records, client, {
      timeoutMs:
        config.tiers.tier2 !== undefined && 'timeout_ms' in config.tiers.tier2
          ? config.tiers.tier2.timeout_ms
          : undefined,
      onFallback: (record, reason) =>
        process.stderr.write(
          `note: ${record.kind === 'trade' ? `trade ${record.trade}` : `day ${record.day}`}: the model failed (${reason}); the template explanation follows\n`,
        ),
    });
  } finally {
    await client.dispose();
  }
}

/** `tradewind explain`: a run's trades and days in words, from its explanations.jsonl or its files. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "explain a run's trades and days in words (every day by default), from explanations.jsonl or, for older runs, its CSV files",
    )
    .requiredOption('--run <dir|id>', 'run directory, or a run id under runs/ (the backtest’s default output folder)')
    .option('--trade <n>', 'explain trade n (1, 2, … in closing order)')
    .option('--day <YYYY-MM-DD>', 'explain one UTC day')
    .option('--json', 'print the records (facts, text and source) as JSON, one object per line')
    .option('--llm <llm.policy.yaml>', "let the file's tier-2 model write the text (the template when it fails)")
    .action(async (options: ExplainOptions) => {
      const dir = await resolveRunDirectory(options.run);
      let records = await selectRecords(dir, options);
      if (options.llm !== undefined) records = await withModel(records, options.llm);
      const lines = records.map((record) =>
        options.json === true
          ? JSON.stringify(record)
          : record.source === 'template'
            ? record.text
            : `${record.text} (${record.source})`,
      );
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      else if (options.json !== true) process.stdout.write(`run ${dir} has no days to explain\n`);
    });
}
