import type { NumericRiskLimit } from '../risk/risk-limits.ts';

/**
 * The kinds of change an advisor may propose. There is deliberately no kind that places, modifies
 * or cancels an order, and none that raises a risk limit: the advisor tightens, pauses, resumes
 * what it paused, picks an operator-listed preset, or nudges an adjustable parameter inside its
 * bounds. `restore_limits` exists only for an operator's rollback (see `rollbackProposal`); the
 * proposal parser refuses it from an advisor.
 */
export const PolicyChangeKind = {
  ReduceRisk: 'reduce_risk',
  PauseStrategy: 'pause_strategy',
  ResumeStrategy: 'resume_strategy',
  SwitchPreset: 'switch_preset',
  SetParameter: 'set_parameter',
  RestoreLimits: 'restore_limits',
} as const;
export type PolicyChangeKind = (typeof PolicyChangeKind)[keyof typeof PolicyChangeKind];

/** The kinds an advisor (model or rules) may emit: every kind but the operator's `restore_limits`. */
export const ADVISOR_CHANGE_KINDS = [
  PolicyChangeKind.ReduceRisk,
  PolicyChangeKind.PauseStrategy,
  PolicyChangeKind.ResumeStrategy,
  PolicyChangeKind.SwitchPreset,
  PolicyChangeKind.SetParameter,
] as const satisfies readonly PolicyChangeKind[];

/**
 * How sure the advisor is. An enum rather than a number: small models produce a word reliably,
 * and a grammar can constrain it exactly (numeric ranges are not enforced by grammars).
 */
export const Confidence = { Low: 'low', Medium: 'medium', High: 'high' } as const;
export type Confidence = (typeof Confidence)[keyof typeof Confidence];

/** The limits `reduce_risk` may scale down: the caps on size and exposure (not counts, rates or the collar). */
export const REDUCIBLE_RISK_LIMITS = [
  'maxOrderNotional',
  'maxPositionFraction',
  'maxPositionNotional',
  'maxGrossExposure',
  'maxNetExposure',
  'riskPerTrade',
] as const satisfies readonly NumericRiskLimit[];
export type ReducibleRiskLimit = (typeof REDUCIBLE_RISK_LIMITS)[number];

/** What `reduce_risk` scales when it names no limits: position size and both exposures. */
export const DEFAULT_REDUCED_LIMITS: readonly ReducibleRiskLimit[] = [
  'maxPositionFraction',
  'maxGrossExposure',
  'maxNetExposure',
];

/** Size bounds of a proposal, so that a hostile or rambling output cannot bloat the memo or the gate's work. */
export const PROPOSAL_BOUNDS = {
  /** Most changes in one proposal. */
  maxChanges: 16,
  /** Longest rationale, in characters. */
  maxRationaleLength: 500,
  /** Longest strategy id, preset or parameter name, in characters. */
  maxNameLength: 64,
  /** Smallest `reduce_risk` fraction: a 1% cut; smaller ones are noise (and may round to no change). */
  minReduceFraction: 0.01,
  /** Largest `reduce_risk` fraction: a cut of 90% at once; 1 would set limits to 0, which no limit accepts. */
  maxReduceFraction: 0.9,
} as const;

/** Fields every change carries. */
interface ChangeBase {
  /** Why, in the advisor's words, naming the numbers (at most `PROPOSAL_BOUNDS.maxRationaleLength` characters). */
  readonly rationale: string;
  readonly confidence: Confidence;
}

/**
 * Scale limits down: each named limit becomes `limit × (1 − fraction)`. Without `strategy_id` the
 * account's limits, with one the agent allocation of that strategy. A limit that is off (Infinity)
 * stays off. `fraction` is in [`PROPOSAL_BOUNDS.minReduceFraction`, `PROPOSAL_BOUNDS.maxReduceFraction`].
 */
export interface ReduceRisk extends ChangeBase {
  readonly kind: 'reduce_risk';
  readonly fraction: number;
  /** Default `DEFAULT_REDUCED_LIMITS`. */
  readonly limits?: readonly ReducibleRiskLimit[];
  readonly strategy_id?: string;
}

/** Stop a strategy from opening new risk (the runtime holds its scope; its working orders are its own affair). */
export interface PauseStrategy extends ChangeBase {
  readonly kind: 'pause_strategy';
  readonly strategy_id: string;
}

/** Lift the advisor's own pause of a strategy. Never lifts a kill switch, a breaker or an operator's pause. */
export interface ResumeStrategy extends ChangeBase {
  readonly kind: 'resume_strategy';
  readonly strategy_id: string;
}

/** Switch a strategy to one of the presets the policy lists for it. */
export interface SwitchPreset extends ChangeBase {
  readonly kind: 'switch_preset';
  readonly strategy_id: string;
  readonly preset: string;
}

/** Set one numeric parameter the policy marks adjustable, inside its bounds and daily change limit. */
export interface SetParameter extends ChangeBase {
  readonly kind: 'set_parameter';
  readonly strategy_id: string;
  readonly name: string;
  readonly value: number;
}

/**
 * Put the risk limits back to those of an earlier policy version (an operator's `policy rollback`).
 * Carries the limits of that version; the gate still holds every value to the hard bounds.
 */
export interface RestoreLimits extends ChangeBase {
  readonly kind: 'restore_limits';
  readonly to_version: number;
  readonly limits: Readonly<Partial<Record<NumericRiskLimit, number>>>;
  readonly strategy_id?: string;
}

/** One proposed change, as validated. */
export type PolicyChange = ReduceRisk | PauseStrategy | ResumeStrategy | SwitchPreset | SetParameter | RestoreLimits;

/** What an advisor returns: a list of changes (possibly empty: "nothing to change"). */
export interface AdvisorProposal {
  readonly changes: readonly PolicyChange[];
}
