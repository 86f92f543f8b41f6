import { renderTables, truncationNotes } from './render-tables.ts';
import type { Cut, TablesModel } from './tables-model.ts';
import { fullCut } from './tables-model.ts';
import { budgetCharacters, contextLengthFor, type TokenBudget } from './token-budget.ts';

/** The budget cannot hold even the header and the account row: says the smallest that can. */
export class TokenBudgetError extends Error {
  override readonly name = 'TokenBudgetError';
  constructor(
    readonly minimumCharacters: number,
    readonly minimumContextLength: number,
    budgetChars: number,
    budget: TokenBudget,
  ) {
    super(
      `the advisor's tables need at least ${minimumCharacters} characters with every optional part cut, but the token budget ` +
        `holds ${budgetChars} ((context_length ${budget.contextLength} - reserve_tokens ${budget.reserveTokens}) × chars_per_token ` +
        `${budget.charsPerToken}); set context_length to at least ${minimumContextLength}`,
    );
  }
}

/** The largest k in [0, n] for which `fits(k)` holds (fits is monotone: true up to some k); -1 when none. */
function largest(n: number, fits: (k: number) => boolean): number {
  if (fits(n)) return n;
  if (!fits(0)) return -1;
  let low = 0;
  let high = n;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * The tables fitted into the budget. Cuts go in a fixed order, each only as far as needed: the
 * oldest risk events first, then the policy's parameter rows (from the last), the limits line, the
 * column notes, and last the strategy rows (keeping the worst by drawdown); room a later cut frees
 * beyond its need goes back to the earlier ones, the more important first. Each cut leaves a
 * visible `_truncated: …_` line where it was made and an entry in `truncation`. Throws
 * {@link TokenBudgetError} when even the header and the account row do not fit.
 */
export function fitTables(model: TablesModel, budget: TokenBudget): { text: string; truncation: string[] } {
  const chars = budgetCharacters(budget);
  let cut: Cut = fullCut(model);
  const fits = (c: Cut) => renderTables(model, c).length <= chars;
  const steps: ((k: number) => Cut)[] = [
    (k) => ({ ...cut, riskEvents: k }),
    (k) => ({ ...cut, parameters: k }),
    (k) => ({ ...cut, limits: k === 1 }),
    (k) => ({ ...cut, legend: k === 1 }),
    (k) => ({ ...cut, strategies: k }),
  ];
  const sizes = [cut.riskEvents, cut.parameters, 1, 1, cut.strategies];
  let last = -1;
  for (let i = 0; i < steps.length && !fits(cut); i++) {
    const step = steps[i]!;
    const k = largest(sizes[i]!, (n) => fits(step(n)));
    cut = step(Math.max(0, k));
    last = i;
  }
  // A later cut may free more room than it needed: the earlier ones take it back, the more important first.
  if (fits(cut))
    for (let i = last - 1; i >= 0; i--) {
      const step = steps[i]!;
      cut = step(
        Math.max(
          0,
          largest(sizes[i]!, (n) => fits(step(n))),
        ),
      );
    }
  const text = renderTables(model, cut);
  if (text.length > chars)
    throw new TokenBudgetError(text.length, contextLengthFor(text.length, budget), chars, budget);
  const notes = truncationNotes(model, cut);
  const truncation = [notes.risk, notes.parameters, notes.limits, notes.legend, notes.strategies].filter(
    (n): n is string => n !== undefined,
  );
  return { text, truncation };
}
