import { beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig, writeBacktestRun } from './advisor-inputs-fixtures.ts';
import { budgetCharacters, DEFAULT_TOKEN_BUDGET, runDirAdvisorInputs, TokenBudgetError } from './index.ts';

/** A budget of about `chars` characters at 4 characters a token, after the default reserve. */
const budgetOf = (chars: number) => ({
  contextLength: DEFAULT_TOKEN_BUDGET.reserveTokens + Math.floor(chars / 4),
  charsPerToken: 4,
  reserveTokens: DEFAULT_TOKEN_BUDGET.reserveTokens,
});

const tableRows = (text: string, header: string): string[] => {
  const start = text.indexOf(header);
  if (start < 0) return [];
  const lines = text.slice(start).split('\n').slice(2);
  return lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('|')),
  );
};

describe('fitting the tables to the token budget', () => {
  let risky: string;
  let multi: string;
  beforeAll(async () => {
    // A daily drawdown kill switch that trips most days: dozens of risk events in the window.
    risky = await writeBacktestRun(
      sampleConfig({ risk: { limits: {}, daily_drawdown: { limit: 0.002, cooldown_minutes: 30 } } }),
      'risky',
    );
    multi = await writeBacktestRun(
      sampleConfig({
        strategy: undefined,
        strategies: [{ name: 'trend_follower' }, { name: 'mean_reversion' }, { name: 'momentum' }],
        risk: { limits: { max_position: 0.5 } },
      }),
      'multi',
    );
  }, 60_000);

  it('cuts nothing when the tables fit (the default budget: 12,288 characters)', async () => {
    const inputs = await runDirAdvisorInputs(risky, { budget: DEFAULT_TOKEN_BUDGET });
    expect(budgetCharacters(DEFAULT_TOKEN_BUDGET)).toBe(12_288);
    expect(inputs.truncation).toEqual([]);
    expect(inputs.tables).not.toContain('_truncated');
    expect(inputs.tables.length).toBeLessThanOrEqual(12_288);
  });

  it('cuts the oldest risk events first, says so in both places, and stays within the characters', async () => {
    const full = await runDirAdvisorInputs(risky, { budget: DEFAULT_TOKEN_BUDGET });
    const fullRisk = tableRows(full.tables, '| time | kind |');
    expect(fullRisk.length, 'the default lists the 20 most recent').toBe(20);
    const budget = budgetOf(full.tables.length - 400);
    const cut = await runDirAdvisorInputs(risky, { budget });
    expect(cut.tables.length).toBeLessThanOrEqual(budgetCharacters(budget));
    expect(cut.truncation).toHaveLength(1);
    expect(cut.truncation[0]).toMatch(/^risk events: kept the (\d+) most recent of \d+ in the window$/);
    expect(cut.tables).toContain(`_truncated: ${cut.truncation[0]}_`);
    const kept = tableRows(cut.tables, '| time | kind |');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept, 'the newest events stay, the oldest go').toEqual(fullRisk.slice(fullRisk.length - kept.length));
    expect(tableRows(cut.tables, '| strategy | parameter |'), 'policy rows untouched').toEqual(
      tableRows(full.tables, '| strategy | parameter |'),
    );
    expect(cut.metrics, 'the metrics are never cut').toEqual(full.metrics);
  });

  it('cuts the strategies last, keeping the worst by drawdown; below the header and account row it throws the minimum', async () => {
    const full = await runDirAdvisorInputs(multi, { budget: DEFAULT_TOKEN_BUDGET });
    const worst = [...full.metrics].sort((a, b) => b.drawdown - a.drawdown)[0]!.strategyId;
    let minimum: TokenBudgetError | undefined;
    try {
      await runDirAdvisorInputs(multi, { budget: budgetOf(200) });
    } catch (error) {
      minimum = error as TokenBudgetError;
    }
    expect(minimum).toBeInstanceOf(TokenBudgetError);
    expect(minimum!.message).toContain(`need at least ${minimum!.minimumCharacters} characters`);
    expect(minimum!.message).toContain(`set context_length to at least ${minimum!.minimumContextLength}`);
    // Room for the minimum and one strategy row (about 135 characters with its note), not two.
    const budget = { ...budgetOf(0), contextLength: minimum!.minimumContextLength + 45 };
    const tight = await runDirAdvisorInputs(multi, { budget });
    expect(tight.tables.length).toBeLessThanOrEqual(budgetCharacters(budget));
    expect(tight.truncation.at(-1)).toBe('strategies: kept the 1 worst by drawdown of 3');
    expect(tight.truncation[0], 'the parameter rows went before').toMatch(/^policy parameters: kept \d+ of 24 rows$/);
    expect(tight.truncation).toContain('policy limits: left out');
    expect(tight.truncation).toContain('column notes: left out');
    const rows = tight.tables.split('\n').filter((l) => /^\| \S+ \| (ACTIVE|REDUCING|HALTED) \|/.test(l));
    expect(rows.map((l) => l.split('|')[1]!.trim())).toEqual(['(account)', worst]);
    for (const line of tight.truncation) expect(tight.tables).toContain(`_truncated: ${line}_`);
  });

  it('refuses a budget that is no budget, naming the key', () => {
    expect(() => budgetCharacters({ contextLength: 4096, charsPerToken: 0, reserveTokens: 0 })).toThrow(
      /chars_per_token/,
    );
    expect(() => budgetCharacters({ contextLength: 1024, charsPerToken: 4, reserveTokens: 1024 })).toThrow(
      /reserve_tokens/,
    );
    expect(() => budgetCharacters({ contextLength: 0.5, charsPerToken: 4, reserveTokens: 0 })).toThrow(
      /context_length/,
    );
  });
});
