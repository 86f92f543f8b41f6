/** How many characters the tables may take: (contextLength − reserveTokens) × charsPerToken. */
export interface TokenBudget {
  /** The model's context window, in tokens (config `context_length`). */
  readonly contextLength: number;
  /** Characters per token the budget assumes (config `chars_per_token`); 4 suits English and numbers. */
  readonly charsPerToken: number;
  /** Tokens kept for everything else: the instructions, the schema and the answer. */
  readonly reserveTokens: number;
}

/** A 4,096-token model, a quarter of it kept for the prompt around the tables and the answer: 12,288 characters. */
export const DEFAULT_TOKEN_BUDGET: TokenBudget = Object.freeze({
  contextLength: 4096,
  charsPerToken: 4,
  reserveTokens: 1024,
});

/** The characters the tables may take; throws a RangeError naming the key when the budget makes no sense. */
export function budgetCharacters(budget: TokenBudget): number {
  const { contextLength, charsPerToken, reserveTokens } = budget;
  if (!Number.isInteger(contextLength) || contextLength <= 0)
    throw new RangeError(
      `token budget: context_length must be a positive whole number of tokens, not ${contextLength}`,
    );
  if (!Number.isFinite(charsPerToken) || charsPerToken <= 0)
    throw new RangeError(`token budget: chars_per_token must be a positive number, not ${charsPerToken}`);
  if (!Number.isInteger(reserveTokens) || reserveTokens < 0 || reserveTokens >= contextLength)
    throw new RangeError(
      `token budget: reserve_tokens must be a whole number in [0, context_length ${contextLength}), not ${reserveTokens}`,
    );
  return Math.floor((contextLength - reserveTokens) * charsPerToken);
}

/** The smallest context length whose budget holds `characters`, under the budget's other two settings. */
export function contextLengthFor(characters: number, budget: TokenBudget): number {
  return Math.ceil(characters / budget.charsPerToken) + budget.reserveTokens;
}
