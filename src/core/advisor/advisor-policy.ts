import type { RunMode } from '../persistence/store-records.ts';

/**
 * A strategy parameter the advisor may set, with its hard bounds. `maxDailyChange` bounds the total
 * movement per UTC day: the sum of |new − old| over every change applied that day, so that
 * back-and-forth moves cannot walk further than one honest move could.
 */
export interface AdjustableParameter {
  readonly min: number;
  readonly max: number;
  /** Largest total movement in one UTC day, in the parameter's units; > 0. */
  readonly maxDailyChange: number;
  /** Only whole numbers (lookbacks, counts). */
  readonly integer?: boolean;
}

/** What the advisor may touch in one strategy. */
export interface StrategyAdvicePolicy {
  /** Adjustable parameters by name; every other parameter is out of the advisor's reach. */
  readonly parameters?: Readonly<Record<string, AdjustableParameter>>;
  /** Presets the advisor may switch to (operator-curated: a preset's own values are the operator's call). */
  readonly presets?: readonly string[];
}

/** The advisor's authority over strategies, by strategy id. A strategy not listed may only be paused or resumed. */
export interface AdvisorPolicy {
  readonly strategies: Readonly<Record<string, StrategyAdvicePolicy>>;
}

/**
 * Who decides whether a change that passed the bounds takes effect. LIVE always waits for a
 * person (`approve`), whatever `autoApprove` says; SIM and PAPER apply at once only when
 * `autoApprove` is true.
 */
export interface ApprovalRule {
  readonly mode: RunMode;
  readonly autoApprove: boolean;
}

/** True when a change that passed the bounds needs a person's approval under this rule. */
export function needsApproval(rule: ApprovalRule): boolean {
  return rule.mode === 'LIVE' || !rule.autoApprove;
}

/** Throws when a bound is not a finite range with a positive daily limit, naming the parameter. */
export function validateAdvisorPolicy(policy: AdvisorPolicy): AdvisorPolicy {
  for (const [strategyId, strategy] of Object.entries(policy.strategies)) {
    for (const [name, bound] of Object.entries(strategy.parameters ?? {})) {
      const where = `advisor policy: ${strategyId}.${name}`;
      if (!Number.isFinite(bound.min) || !Number.isFinite(bound.max) || !(bound.min <= bound.max))
        throw new Error(`${where}: bounds must be finite with min ≤ max, not [${bound.min}, ${bound.max}]`);
      if (!Number.isFinite(bound.maxDailyChange) || !(bound.maxDailyChange > 0))
        throw new Error(`${where}: maxDailyChange must be a positive finite number, not ${bound.maxDailyChange}`);
      if (bound.integer && !(Number.isInteger(bound.min) && Number.isInteger(bound.max)))
        throw new Error(`${where}: an integer parameter needs whole-number bounds, not [${bound.min}, ${bound.max}]`);
    }
  }
  return policy;
}
