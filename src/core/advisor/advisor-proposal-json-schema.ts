import { Confidence, PROPOSAL_BOUNDS, REDUCIBLE_RISK_LIMITS } from './policy-change.ts';

/** What narrows the schema to one node: the names that exist there (a grammar then cannot invent others). */
export interface ProposalSchemaOptions {
  /** Strategy ids the advisor may name. */
  readonly strategyIds?: readonly string[];
  /** Strategy ids that trade as agents with their own limits (targets of an agent `reduce_risk`). */
  readonly agentIds?: readonly string[];
  /** Adjustable parameter names (over all strategies). */
  readonly parameterNames?: readonly string[];
  /** Preset names (over all strategies). */
  readonly presets?: readonly string[];
}

type Schema = { readonly [key: string]: unknown };

const nameSchema = (names: readonly string[] | undefined, description: string): Schema =>
  names !== undefined && names.length > 0
    ? { enum: [...names], description }
    : { type: 'string', minLength: 1, maxLength: PROPOSAL_BOUNDS.maxNameLength, description };

/** A closed object whose every property is required: grammars (node-llama-cpp's) emit every listed property anyway. */
const object = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/**
 * The JSON Schema of an advisor's proposal, written by hand to mirror `parseAdvisorProposal`
 * (a test checks that both agree on the kinds, keys and enums). It is what a local model's grammar
 * and a server's JSON mode are built from, so it is shaped for grammars: the variants are `oneOf`
 * (node-llama-cpp knows `oneOf`, not `anyOf`; the `kind` constants make them exclusive), and every
 * property of a variant is required, since a grammar emits every listed property; an optional field
 * therefore becomes a second variant (`reduce_risk` of the account, or of an agent). The numeric
 * `minimum` / `maximum` are documentation for the model: grammars do not enforce numeric ranges, so
 * the parser after it is the check that counts. `restore_limits` is absent: only an operator rolls back.
 */
export function advisorProposalJsonSchema(options: ProposalSchemaOptions = {}): Schema {
  const strategy = nameSchema(options.strategyIds, 'the strategy id, as the metrics table names it');
  const common = {
    rationale: {
      type: 'string',
      minLength: 1,
      maxLength: PROPOSAL_BOUNDS.maxRationaleLength,
      description: 'why, naming the numbers from the tables',
    },
    confidence: { enum: Object.values(Confidence) },
  };
  const reduceRisk = {
    kind: { const: 'reduce_risk' },
    fraction: {
      type: 'number',
      minimum: PROPOSAL_BOUNDS.minReduceFraction,
      maximum: PROPOSAL_BOUNDS.maxReduceFraction,
      description: 'cut each limit by this share: 0.25 leaves 75% of it',
    },
    limits: {
      type: 'array',
      items: { enum: [...REDUCIBLE_RISK_LIMITS] },
      minItems: 1,
      maxItems: REDUCIBLE_RISK_LIMITS.length,
      description: 'the limits to cut',
    },
  };
  const variants: Schema[] = [
    object({ ...reduceRisk, ...common }),
    object({
      ...reduceRisk,
      strategy_id: nameSchema(options.agentIds, 'an agent whose own limits are cut (not the account’s)'),
      ...common,
    }),
    object({ kind: { const: 'pause_strategy' }, strategy_id: strategy, ...common }),
    object({ kind: { const: 'resume_strategy' }, strategy_id: strategy, ...common }),
    object({
      kind: { const: 'switch_preset' },
      strategy_id: strategy,
      preset: nameSchema(options.presets, 'one of the presets the policy lists for the strategy'),
      ...common,
    }),
    object({
      kind: { const: 'set_parameter' },
      strategy_id: strategy,
      name: nameSchema(options.parameterNames, 'an adjustable parameter of the strategy'),
      value: { type: 'number', description: "the new value, inside the parameter's bounds and daily change limit" },
      ...common,
    }),
  ];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'AdvisorProposal',
    description: 'Bounded policy changes; an empty list means nothing should change. No change can place an order.',
    type: 'object',
    properties: {
      changes: { type: 'array', maxItems: PROPOSAL_BOUNDS.maxChanges, items: { oneOf: variants } },
    },
    required: ['changes'],
    additionalProperties: false,
  };
}

/** The schema with free names (no node's strategy, preset or parameter lists). */
export const ADVISOR_PROPOSAL_JSON_SCHEMA: Schema = Object.freeze(advisorProposalJsonSchema());
