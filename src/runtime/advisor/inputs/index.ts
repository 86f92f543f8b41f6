/**
 * The compact tables the policy advisor reads (issue 8, part 1): per strategy and for the account,
 * over the last days of a run — windowed Sharpe and Sortino, turnover, hit rate, PnL, exposure,
 * drawdown, realized vs modelled slippage, regime, recent risk events, trading state, the policy
 * in force — as `StrategyMetrics` for the rule-based advisor and markdown tables for a model,
 * fitted to a token budget with every cut said. From a backtest run directory or the store.
 */
export { AdvisorInputError } from './advisor-input-error.ts';
export { runDirAdvisorInputs, storeAdvisorInputs } from './advisor-inputs.ts';
export type { AdvisorInputs, AdvisorInputsOptions, CurrentPolicyView } from './advisor-inputs-types.ts';
export { DEFAULT_MAX_RISK_EVENTS, DEFAULT_WINDOW_DAYS } from './compose-inputs.ts';
export { TokenBudgetError } from './fit-tables.ts';
export { budgetCharacters, DEFAULT_TOKEN_BUDGET, type TokenBudget } from './token-budget.ts';
