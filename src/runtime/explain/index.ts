/**
 * Explanations of a run (issue 8, part 6): every trade (flat to flat, or to a flip) and every UTC
 * day in words, from the run directory's files, with the facts kept as fields. Template text by
 * default; a tier-2 model may rewrite it (explainWithModel), falling back to the template.
 */
export { type DayFacts, dayFacts } from './day-facts.ts';
export {
  type DayExplanation,
  EXPLANATIONS_FILE,
  type Explanation,
  type ExplanationSource,
  explainRecords,
  explanationsJsonl,
  loadRunExplanations,
  parseExplanationsJsonl,
  type RunExplanations,
  resolveRunDirectory,
  type TradeExplanation,
} from './explain-run.ts';
export { dayTemplate, tradeTemplate } from './explanation-text.ts';
export { EXPLANATION_SYSTEM_PROMPT, explainWithModel, type ModelExplanationOptions } from './model-explanations.ts';
export { recordsOfRun } from './records-of-run.ts';
export { parseRunTexts, type RunRecords, type RunTexts, readRunTexts } from './run-records.ts';
export { type ExitKind, type TradeFacts, tradeFacts } from './trade-facts.ts';
