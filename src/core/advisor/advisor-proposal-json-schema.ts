import { ADVISOR_CHANGE_KINDS, Confidence, PROPOSAL_BOUNDS, REDUCIBLE_RISK_LIMITS } from './policy-change.ts';

/** What narrows the schema to one node: the names that exist there (a grammar then cannot invent others). */
export interface ProposalSchemaOptions {
  /** Strategy ids the advisor may name. */
  readonly strategyIds?: readonly string[];
  /** Adjustable parameter names (over all strategies). */
  readonly parameterNames?: readonly string[];
  /** Preset names (over all strategies). */
  readonly presets?: readonly string[];
}

type Schema = { readonly [key: string]: unknown };

const nameSchema = (names: readonly string[] | undefined, description: string): Schema =>
  names !== undefined && names.length > 0
    ? { type: 'string', enum: [...names], description }
    : { type: 'string', maxLength: PROPOSAL_BOUNDS.maxNameLength, description };

const object = (properties: Record<string, Schema>, required: readonly string[]): Schema => ({
  type: 'object',
  properties,
  required: [...required],
  additionalProperties: false,
});

/**
 * The JSON Schema of an advisor's proposal, written by hand to mirror `parseAdvisorProposal`
 * (a test checks that both agree on the kinds, keys and enums). It is what a local model's grammar
 * and a server's JSON mode are built from. The numeric `minimum` / `maximum` and `maxLength` are
 * documentation for the model: grammars do not enforce numeric ranges, so the parser after it is
 * the check that counts. `restore_limits` is absent: only an operator rolls back.
 */
export function advisorProposalJsonSchema(options: ProposalSchemaOptions = {}): Schema {
  const strategy = nameSchema(options.strategyIds, 'the strategy id, as the metrics table names it');
  const common = {
    rationale: {
      type: 'string',
      maxLength: PROPOSAL_BOUNDS.maxRationaleLength,
      description: 'why, naming the numbers from the tables',
    },
    confidence: { type: 'string', enum: Object.values(Confidence) },
  };
  const changes: Record<(typeof ADVISOR_CHANGE_KINDS)[number], Schema> = {
    reduce_risk: object(
      {
        kind: { const: 'reduce_risk' },
        fraction: {
          type: 'number',
          minimum: PROPOSAL_BOUNDS.minReduceFraction,
          maximum: PROPOSAL_BOUNDS.maxReduceFraction,
          description: 'cut each limit by this share: 0.25 leaves 75% of it',
        },
        limits: {
          type: 'array',
          items: { type: 'string', enum: [...REDUCIBLE_RISK_LIMITS] },
          minItems: 1,
          maxItems: REDUCIBLE_RISK_LIMITS.length,
          description: 'the limits to cut; default position size and gross and net exposure',
        },
        strategy_id: { ...strategy, description: "an agent's own limits; omit for the account's limits" },
        ...common,
      },
      ['kind', 'fraction', 'rationale', 'confidence'],
    ),
    pause_strategy: object({ kind: { const: 'pause_strategy' }, strategy_id: strategy, ...common }, [
      'kind',
      'strategy_id',
      'rationale',
      'confidence',
    ]),
    resume_strategy: object({ kind: { const: 'resume_strategy' }, strategy_id: strategy, ...common }, [
      'kind',
      'strategy_id',
      'rationale',
      'confidence',
    ]),
    switch_preset: object(
      {
        kind: { const: 'switch_preset' },
        strategy_id: strategy,
        preset: nameSchema(options.presets, 'one of the presets the policy lists for the strategy'),
        ...common,
      },
      ['kind', 'strategy_id', 'preset', 'rationale', 'confidence'],
    ),
    set_parameter: object(
      {
        kind: { const: 'set_parameter' },
        strategy_id: strategy,
        name: nameSchema(options.parameterNames, 'an adjustable parameter of the strategy'),
        value: { type: 'number', description: "the new value, inside the parameter's bounds and daily change limit" },
        ...common,
      },
      ['kind', 'strategy_id', 'name', 'value', 'rationale', 'confidence'],
    ),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'AdvisorProposal',
    description: 'Bounded policy changes; an empty list means nothing should change. No change can place an order.',
    type: 'object',
    properties: {
      changes: {
        type: 'array',
        maxItems: PROPOSAL_BOUNDS.maxChanges,
        items: { anyOf: ADVISOR_CHANGE_KINDS.map((kind) => changes[kind as keyof typeof changes]) },
      },
    },
    required: ['changes'],
    additionalProperties: false,
  };
}

/** The schema with free names (no node's strategy, preset or parameter lists). */
export const ADVISOR_PROPOSAL_JSON_SCHEMA: Schema = Object.freeze(advisorProposalJsonSchema());
