import { RISK_LIMIT_NAMES } from '../risk/risk-limits.ts';
import {
  ADVISOR_CHANGE_KINDS,
  Confidence,
  type PolicyChange,
  PolicyChangeKind,
  PROPOSAL_BOUNDS,
  REDUCIBLE_RISK_LIMITS,
} from './policy-change.ts';

/** One entry of a proposal: a valid change, or the reasons the entry is not one. */
export type ParsedChange =
  | { readonly index: number; readonly valid: true; readonly change: PolicyChange }
  | {
      readonly index: number;
      readonly valid: false;
      /** The entry's `kind` when it was a string (cut to the name length bound), else undefined. */
      readonly kind?: string;
      /** Every problem found, joined with `; `. */
      readonly reason: string;
    };

/**
 * A proposal as validated: one entry per proposed change, in order, or an `error` when the whole
 * output is unusable (not an object, unknown top-level keys, too many changes) and `entries` is empty.
 */
export interface ParsedProposal {
  readonly entries: readonly ParsedChange[];
  readonly error?: string;
}

export interface ParseProposalOptions {
  /**
   * Accept `restore_limits` (an operator's rollback). Never set for an advisor's output: a model
   * that writes `restore_limits` is refused like any unknown kind.
   */
  readonly allowRestore?: boolean;
}

const COMMON_KEYS = ['kind', 'rationale', 'confidence'];
const KEYS_BY_KIND: Readonly<Record<PolicyChangeKind, readonly string[]>> = {
  reduce_risk: [...COMMON_KEYS, 'fraction', 'limits', 'strategy_id'],
  pause_strategy: [...COMMON_KEYS, 'strategy_id'],
  resume_strategy: [...COMMON_KEYS, 'strategy_id'],
  switch_preset: [...COMMON_KEYS, 'strategy_id', 'preset'],
  set_parameter: [...COMMON_KEYS, 'strategy_id', 'name', 'value'],
  restore_limits: [...COMMON_KEYS, 'to_version', 'limits', 'strategy_id'],
};

/** Strategy ids, presets and parameter names: plain identifiers, so none can smuggle text into logs or prompts. */
const NAME_PATTERN = /^[A-Za-z0-9_.:-]+$/;
const CONFIDENCES: readonly string[] = Object.values(Confidence);
const REDUCIBLE: readonly string[] = REDUCIBLE_RISK_LIMITS;
const NUMERIC_LIMITS: readonly string[] = RISK_LIMIT_NAMES.filter((name) => name !== 'roundToIncrements');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, printable rendering of a refused value for a reason text. */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
}

/**
 * Validates an advisor's output (already parsed from JSON) against the proposal format: an object
 * with exactly one key `changes`, a list of at most `PROPOSAL_BOUNDS.maxChanges` changes. Each
 * change is judged on its own: unknown kinds and keys, non-finite or out-of-range numbers, bad
 * names and oversize rationales refuse that change with every reason, while the others stand.
 * This check is what bounds a model's output; a JSON-schema grammar does not enforce numeric ranges.
 */
export function parseAdvisorProposal(value: unknown, options: ParseProposalOptions = {}): ParsedProposal {
  if (!isRecord(value)) return { entries: [], error: `a proposal is an object {"changes": [...]}, not ${show(value)}` };
  const extra = Object.keys(value).filter((key) => key !== 'changes');
  if (extra.length > 0)
    return { entries: [], error: `unknown top-level field(s) ${extra.map((key) => show(key)).join(', ')}` };
  const changes = value['changes'];
  if (!Array.isArray(changes)) return { entries: [], error: `"changes" must be a list, not ${show(changes)}` };
  if (changes.length > PROPOSAL_BOUNDS.maxChanges)
    return {
      entries: [],
      error: `${changes.length} changes exceed the limit of ${PROPOSAL_BOUNDS.maxChanges} per proposal`,
    };
  return { entries: changes.map((entry, index) => parseChange(entry, index, options)) };
}

/**
 * Parses the advisor's raw text as JSON, then validates it. Text that is not JSON is an `error`
 * (the memo keeps the raw text; the policy in force stays).
 */
export function parseAdvisorProposalText(text: string, options: ParseProposalOptions = {}): ParsedProposal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { entries: [], error: `the output is not JSON: ${(error as Error).message}` };
  }
  return parseAdvisorProposal(value, options);
}

function parseChange(entry: unknown, index: number, options: ParseProposalOptions): ParsedChange {
  if (!isRecord(entry)) return { index, valid: false, reason: `a change is an object, not ${show(entry)}` };
  const kind = entry['kind'];
  const kindText = typeof kind === 'string' ? kind.slice(0, PROPOSAL_BOUNDS.maxNameLength) : undefined;
  const allowed: readonly string[] = options.allowRestore
    ? [...ADVISOR_CHANGE_KINDS, PolicyChangeKind.RestoreLimits]
    : ADVISOR_CHANGE_KINDS;
  if (typeof kind !== 'string' || !allowed.includes(kind))
    return {
      index,
      valid: false,
      ...(kindText === undefined ? {} : { kind: kindText }),
      reason: `unknown kind ${show(kind)}: a change is one of ${allowed.join(', ')}`,
    };
  const problems: string[] = [];
  const keys = KEYS_BY_KIND[kind as PolicyChangeKind];
  for (const key of Object.keys(entry))
    if (!keys.includes(key)) problems.push(`unknown field ${show(key)} for ${kind}`);
  const rationale = entry['rationale'];
  if (typeof rationale !== 'string' || rationale.trim().length === 0)
    problems.push(`rationale must be a non-empty text, not ${show(rationale)}`);
  else if (rationale.length > PROPOSAL_BOUNDS.maxRationaleLength)
    problems.push(`rationale has ${rationale.length} characters, more than ${PROPOSAL_BOUNDS.maxRationaleLength}`);
  if (typeof entry['confidence'] !== 'string' || !CONFIDENCES.includes(entry['confidence']))
    problems.push(`confidence must be one of ${CONFIDENCES.join(', ')}, not ${show(entry['confidence'])}`);
  const name = (key: string, required: boolean): void => {
    const text = entry[key];
    if (text === undefined && !required) return;
    if (typeof text !== 'string' || !NAME_PATTERN.test(text) || text.length > PROPOSAL_BOUNDS.maxNameLength)
      problems.push(
        `${key} must be an identifier of 1 to ${PROPOSAL_BOUNDS.maxNameLength} letters, digits or _.:-, not ${show(text)}`,
      );
  };
  switch (kind) {
    case PolicyChangeKind.ReduceRisk: {
      name('strategy_id', false);
      const fraction = entry['fraction'];
      if (
        typeof fraction !== 'number' ||
        !Number.isFinite(fraction) ||
        !(fraction >= PROPOSAL_BOUNDS.minReduceFraction && fraction <= PROPOSAL_BOUNDS.maxReduceFraction)
      )
        problems.push(
          `fraction must be a number in [${PROPOSAL_BOUNDS.minReduceFraction}, ${PROPOSAL_BOUNDS.maxReduceFraction}], not ${show(fraction)}`,
        );
      const limits = entry['limits'];
      if (limits !== undefined) {
        if (!Array.isArray(limits) || limits.length === 0 || limits.length > REDUCIBLE.length)
          problems.push(`limits must be a non-empty list of ${REDUCIBLE.join(', ')}, not ${show(limits)}`);
        else {
          for (const limit of limits)
            if (typeof limit !== 'string' || !REDUCIBLE.includes(limit))
              problems.push(`limit ${show(limit)} cannot be reduced: one of ${REDUCIBLE.join(', ')}`);
          if (new Set(limits).size !== limits.length) problems.push('limits names a limit twice');
        }
      }
      break;
    }
    case PolicyChangeKind.PauseStrategy:
    case PolicyChangeKind.ResumeStrategy:
      name('strategy_id', true);
      break;
    case PolicyChangeKind.SwitchPreset:
      name('strategy_id', true);
      name('preset', true);
      break;
    case PolicyChangeKind.SetParameter: {
      name('strategy_id', true);
      name('name', true);
      const number = entry['value'];
      if (typeof number !== 'number' || !Number.isFinite(number))
        problems.push(`value must be a finite number, not ${show(number)}`);
      break;
    }
    case PolicyChangeKind.RestoreLimits: {
      name('strategy_id', false);
      const version = entry['to_version'];
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
        problems.push(`to_version must be a whole number ≥ 1, not ${show(version)}`);
      const limits = entry['limits'];
      if (!isRecord(limits)) problems.push(`limits must be an object of limit values, not ${show(limits)}`);
      else
        for (const [limit, number] of Object.entries(limits)) {
          if (!NUMERIC_LIMITS.includes(limit)) problems.push(`unknown limit ${show(limit)}`);
          // Infinity is a limit that is off; restoring it is still held to the hard bound by the gate.
          else if (typeof number !== 'number' || Number.isNaN(number) || !(number > 0))
            problems.push(`limit ${limit} must be a positive number, not ${show(number)}`);
        }
      break;
    }
  }
  if (problems.length > 0) return { index, valid: false, kind, reason: problems.join('; ') };
  // A frozen copy: the caller's object (or a later edit of it) cannot change what was validated.
  const copy: Record<string, unknown> = { ...entry };
  const limits = entry['limits'];
  if (Array.isArray(limits)) copy['limits'] = Object.freeze([...limits]);
  else if (isRecord(limits)) copy['limits'] = Object.freeze({ ...limits });
  return { index, valid: true, change: Object.freeze(copy) as unknown as PolicyChange };
}
