export {
  type AdjustableParameter,
  type AdvisorPolicy,
  type ApprovalRule,
  needsApproval,
  type StrategyAdvicePolicy,
  validateAdvisorPolicy,
} from './advisor-policy.ts';
export {
  ADVISOR_PROPOSAL_JSON_SCHEMA,
  advisorProposalJsonSchema,
  type ProposalSchemaOptions,
} from './advisor-proposal-json-schema.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  applyToView,
  type Evaluation,
  evaluatePolicyChange,
  type PolicyCommand,
  type PolicySnapshot,
  type StrategySnapshot,
  type WorkingView,
  workingView,
} from './evaluate-policy-change.ts';
export {
  type Completion,
  type CompletionRequest,
  isRetryableLanguageModelError,
  type JsonSchema,
  LANGUAGE_MODEL_ERROR_KINDS,
  LANGUAGE_MODEL_PROVIDERS,
  type LanguageModelClient,
  type LanguageModelDescription,
  LanguageModelError,
  type LanguageModelErrorKind,
  type LanguageModelErrorOptions,
  type LanguageModelProvider,
  parseJsonAnswer,
} from './llm-client.ts';
export {
  type ParsedChange,
  type ParsedProposal,
  type ParseProposalOptions,
  parseAdvisorProposal,
  parseAdvisorProposalText,
} from './parse-advisor-proposal.ts';
export {
  ADVISOR_CHANGE_KINDS,
  type AdvisorProposal,
  Confidence,
  DEFAULT_REDUCED_LIMITS,
  type PauseStrategy,
  type PolicyChange,
  PolicyChangeKind,
  PROPOSAL_BOUNDS,
  REDUCIBLE_RISK_LIMITS,
  type ReduceRisk,
  type ReducibleRiskLimit,
  type RestoreLimits,
  type ResumeStrategy,
  type SetParameter,
  type SwitchPreset,
} from './policy-change.ts';
export {
  type ApprovalOutcome,
  type GateDecision,
  GateStatus,
  type PendingChange,
  PolicyGate,
  type PolicyGateOptions,
  type PolicyGateState,
  type ReviewRequest,
  utcDay,
} from './policy-gate.ts';
export {
  adviceMemoContent,
  approvalMemoContent,
  GENESIS_HASH,
  type MemoDecision,
  memoApproval,
  memoCanonicalText,
  memoChanges,
  memoDecisions,
  type PolicyMemo,
  type PolicyMemoContent,
  PolicyMemoKind,
  sealMemo,
  summarizeDecisions,
} from './policy-memo.ts';
export { type LimitsHistory, limitsAtVersion, rollbackProposal } from './rollback-proposal.ts';
export {
  DEFAULT_RULE_ADVISOR_THRESHOLDS,
  type RuleAdvisorThresholds,
  ruleBasedAdvice,
  type StrategyMetrics,
} from './rule-based-advisor.ts';
export {
  MemoChainBreak,
  type MemoChainVerdict,
  type VerifyMemoChainOptions,
  verifyMemoChain,
} from './verify-memo-chain.ts';
