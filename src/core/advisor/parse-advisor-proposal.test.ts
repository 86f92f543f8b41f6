import { describe, expect, it } from 'vitest';
import { ADVISOR_PROPOSAL_JSON_SCHEMA, advisorProposalJsonSchema } from './advisor-proposal-json-schema.ts';
import { type ParsedChange, parseAdvisorProposal, parseAdvisorProposalText } from './parse-advisor-proposal.ts';
import { ADVISOR_CHANGE_KINDS, PROPOSAL_BOUNDS, REDUCIBLE_RISK_LIMITS } from './policy-change.ts';

const base = { rationale: 'drawdown 12% over 30 days', confidence: 'medium' };
const VALID = [
  { kind: 'reduce_risk', fraction: 0.25, ...base },
  { kind: 'reduce_risk', fraction: 0.25, limits: ['maxGrossExposure'], ...base },
  { kind: 'reduce_risk', fraction: 0.5, limits: ['maxOrderNotional'], strategy_id: 'agent', ...base },
  { kind: 'pause_strategy', strategy_id: 'ema', ...base },
  { kind: 'resume_strategy', strategy_id: 'ema', ...base },
  { kind: 'switch_preset', strategy_id: 'ema', preset: 'conservative', ...base },
  { kind: 'set_parameter', strategy_id: 'ema', name: 'fast', value: 14, ...base },
];

function refusal(entry: ParsedChange | undefined): string {
  if (entry === undefined || entry.valid) throw new Error('expected a refused entry');
  return entry.reason;
}

describe('parseAdvisorProposal', () => {
  it('accepts every advisor kind in its documented shape, as frozen copies', () => {
    const parsed = parseAdvisorProposal({ changes: VALID });
    expect(parsed.error, 'a well-formed proposal has no error').toBeUndefined();
    expect(parsed.entries.map((e) => e.valid)).toEqual(VALID.map(() => true));
    const first = parsed.entries[0];
    if (!first?.valid) throw new Error('unreachable');
    expect(first.change, 'the validated change equals the input').toEqual(VALID[0]);
    expect(first.change, 'a copy, so a later edit of the input cannot change it').not.toBe(VALID[0]);
    expect(Object.isFrozen(first.change)).toBe(true);
  });

  it('refuses the whole output when it is not an object with only a list of changes', () => {
    for (const [value, fragment] of [
      [null, 'not null'],
      [[], 'not a list'],
      ['reduce', 'not "reduce"'],
      [{ changes: {} }, 'must be a list'],
      [{ changes: [], note: 'hi' }, 'unknown top-level field(s) "note"'],
      [{ changes: Array(PROPOSAL_BOUNDS.maxChanges + 1).fill(VALID[2]) }, 'exceed the limit of 16'],
    ] as const) {
      const parsed = parseAdvisorProposal(value);
      expect(parsed.entries, `no entries for ${JSON.stringify(value)?.slice(0, 40)}`).toEqual([]);
      expect(parsed.error).toContain(fragment);
    }
  });

  it('reads JSON text and reports text that is not JSON', () => {
    expect(parseAdvisorProposalText('{"changes":[]}')).toEqual({ entries: [] });
    expect(parseAdvisorProposalText('Sure! Here is my answer: {').error).toMatch(/^the output is not JSON/);
  });

  it('refuses each bad change with every reason, keeping the good ones', () => {
    const parsed = parseAdvisorProposal({
      changes: [
        VALID[2],
        { kind: 'submit_order', side: 'buy', ...base },
        { kind: 'reduce_risk', fraction: Number.NaN, ...base },
        { kind: 'reduce_risk', fraction: -0.5, limits: ['maxOpenOrders'], ...base },
        { kind: 'reduce_risk', fraction: 1, ...base },
        { kind: 'set_parameter', strategy_id: 'ema', name: 'fast', value: Number.POSITIVE_INFINITY, ...base },
        { kind: 'pause_strategy', strategy_id: 'ema; rm -rf /', ...base },
        { kind: 'pause_strategy', strategy_id: 'ema', leverage: 100, ...base },
        { kind: 'pause_strategy', strategy_id: 'ema', rationale: 'x'.repeat(501), confidence: 'certain' },
        { kind: 'restore_limits', to_version: 1, limits: { maxGrossExposure: 100 }, ...base },
        'pause everything',
      ],
    });
    const [ok, order, nan, negative, whole, infinite, injected, extra, oversize, restore, text] = parsed.entries;
    expect(ok?.valid, 'a good change stands beside bad ones').toBe(true);
    expect(refusal(order)).toBe(
      'unknown kind "submit_order": a change is one of reduce_risk, pause_strategy, resume_strategy, switch_preset, set_parameter',
    );
    expect(order).toMatchObject({ kind: 'submit_order' });
    expect(refusal(nan)).toContain('fraction must be a number in [0.01, 0.9], not NaN');
    expect(refusal(negative)).toBe(
      `fraction must be a number in [0.01, 0.9], not -0.5; limit "maxOpenOrders" cannot be reduced: one of ${REDUCIBLE_RISK_LIMITS.join(', ')}`,
    );
    expect(refusal(whole), 'a cut of 100% would set limits to 0').toContain('not 1');
    expect(refusal(infinite)).toBe('value must be a finite number, not Infinity');
    expect(refusal(injected)).toContain('strategy_id must be an identifier');
    expect(refusal(extra)).toBe('unknown field "leverage" for pause_strategy');
    expect(refusal(oversize)).toBe(
      'rationale has 501 characters, more than 500; confidence must be one of low, medium, high, not "certain"',
    );
    expect(refusal(restore), 'only an operator rolls back').toContain('unknown kind "restore_limits"');
    expect(refusal(text)).toBe('a change is an object, not "pause everything"');
  });

  it('accepts restore_limits only when asked to, with positive limit values', () => {
    const restore = { kind: 'restore_limits', to_version: 2, limits: { maxGrossExposure: 0.8 }, ...base };
    expect(parseAdvisorProposal({ changes: [restore] }, { allowRestore: true }).entries[0]?.valid).toBe(true);
    const bad = { ...restore, to_version: 0.5, limits: { maxGrossExposure: 0, leverage: 3 } };
    expect(refusal(parseAdvisorProposal({ changes: [bad] }, { allowRestore: true }).entries[0])).toBe(
      'to_version must be a whole number ≥ 1, not 0.5; limit maxGrossExposure must be a positive number, not 0; unknown limit "leverage"',
    );
  });
});

describe('advisorProposalJsonSchema', () => {
  type Schema = { properties: Record<string, { const?: string }>; required: string[]; additionalProperties: unknown };
  const variants = (schema: Record<string, unknown>): Schema[] =>
    (schema as { properties: { changes: { items: { oneOf: Schema[] } } } }).properties.changes.items.oneOf;

  it('describes exactly the kinds and fields the parser accepts, every field required as grammars emit them', () => {
    const schema = ADVISOR_PROPOSAL_JSON_SCHEMA;
    expect(schema['additionalProperties'], 'no top-level field but changes').toBe(false);
    const kinds = new Set(variants(schema).map((v) => v.properties['kind']?.const));
    expect([...kinds], 'the advisor kinds, no restore_limits').toEqual([...ADVISOR_CHANGE_KINDS]);
    for (const variant of variants(schema)) {
      const fields = Object.keys(variant.properties).sort();
      expect(variant.required.sort(), `${fields}: all required`).toEqual(fields);
      expect(variant['additionalProperties'], `${fields}: closed object`).toBe(false);
      const example = VALID.find((v) => Object.keys(v).sort().join() === fields.join());
      expect(example, `an example with exactly ${fields}`).toBeDefined();
      expect(parseAdvisorProposal({ changes: [example] }).entries[0]?.valid, `${fields}: the parser accepts them`).toBe(
        true,
      );
      // The parser is laxer where only the grammar needs a second variant: reduce_risk's limits and strategy_id are optional.
      for (const key of fields)
        expect(
          parseAdvisorProposal({ changes: [{ ...example, [key]: undefined }] }).entries[0]?.valid,
          `${fields}: the parser also requires ${key}`,
        ).toBe(key === 'limits' || (key === 'strategy_id' && fields.includes('fraction')));
    }
  });

  it('narrows names to the node’s strategies, parameters and presets when given', () => {
    const schema = advisorProposalJsonSchema({
      strategyIds: ['ema'],
      agentIds: ['hi'],
      parameterNames: ['fast'],
      presets: ['calm'],
    });
    const setParameter = variants(schema).find((v) => v.required.includes('value')) as Schema;
    expect(setParameter.properties['strategy_id']).toMatchObject({ enum: ['ema'] });
    expect(setParameter.properties['name']).toMatchObject({ enum: ['fast'] });
    const switchPreset = variants(schema).find((v) => v.required.includes('preset')) as Schema;
    expect(switchPreset.properties['preset']).toMatchObject({ enum: ['calm'] });
    const agentCut = variants(schema).find(
      (v) => v.required.includes('fraction') && v.required.includes('strategy_id'),
    );
    expect(agentCut?.properties['strategy_id']).toMatchObject({ enum: ['hi'] });
  });
});
