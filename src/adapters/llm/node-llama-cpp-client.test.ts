import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageModelFailure } from './language-model-failure.ts';
import { NodeLlamaCppClient } from './node-llama-cpp-client.ts';

// The tiny GGUF models are in the repository (see test/fixtures/models/SOURCE.md): this runs in CI.
const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/models/${name}`, import.meta.url));
const STORIES = fixture('stories260K.gguf');
const TINY_RANDOM = fixture('llama-2-tiny-random.gguf');

// Bounded by construction (enums and a boolean) so even random weights finish the object quickly.
const SIGNAL_SCHEMA = {
  type: 'object',
  properties: {
    action: { type: 'string', enum: ['hold', 'reduce_risk', 'pause_strategy'] },
    symbol: { type: 'string', enum: ['BTC/USDT', 'ETH/USDT'] },
    urgent: { type: 'boolean' },
  },
  required: ['action', 'symbol', 'urgent'],
  additionalProperties: false,
} as const;

describe('NodeLlamaCppClient with stories260K (a real GGUF model in process)', () => {
  let client: NodeLlamaCppClient;
  beforeAll(() => {
    client = new NodeLlamaCppClient({ modelPath: STORIES, maxThreads: 1, contextSize: 512 });
  });
  afterAll(() => client.dispose());

  it('loads the model and resolves its chat template', async () => {
    expect(await client.chatWrapperName(), 'its Llama-2 special tokens select the Llama 2 chat template').toBe(
      'Llama2Chat',
    );
    expect(await client.loadedShape(), 'the configured context and the model’s embedding width').toEqual({
      contextSize: 512,
      embeddingSize: 64,
      trainContextSize: 2048,
    });
    expect(client.describe(), 'describe reports the allocated context once loaded').toEqual({
      provider: 'llama_cpp',
      model: STORIES,
      contextLength: 512,
      embeddings: true,
    });
  });

  it('answers a plain prompt with token counts', async () => {
    const answer = await client.complete({
      system: 'You tell short stories.',
      prompt: 'Once upon a time',
      maxTokens: 16,
      temperature: 0,
    });
    expect(answer.text.length, 'some text came back').toBeGreaterThan(0);
    expect(answer.json, 'no schema, no parsed JSON').toBeUndefined();
    expect(answer.promptTokens, 'the system prompt, user turn and template were evaluated').toBeGreaterThan(5);
    expect(answer.completionTokens, 'at most maxTokens generated').toBeLessThanOrEqual(16);
    expect(answer.completionTokens, 'at least one token generated').toBeGreaterThan(0);
    expect(answer.provider, 'the provider is named').toBe('llama_cpp');
  });

  it('enforces the timeout as a retryable error and keeps working afterwards', async () => {
    const started = performance.now();
    const error = await languageModelFailure(
      client.complete({ system: 'You tell long stories.', prompt: 'Tell me a story', maxTokens: 1500, timeoutMs: 5 }),
    );
    expect(error.kind, error.message).toBe('timeout');
    expect(error.retryable, 'a timeout may succeed later').toBe(true);
    expect(performance.now() - started, '1,500 tokens would take over a second: generation stopped').toBeLessThan(1000);

    const next = await client.complete({ system: 'You tell stories.', prompt: 'A cat', maxTokens: 8 });
    expect(next.completionTokens, 'the next call after a timeout still generates').toBeGreaterThan(0);
  });

  it('refuses a prompt longer than the context instead of silently dropping its beginning', async () => {
    const error = await languageModelFailure(
      client.complete({ system: 'You tell stories.', prompt: 'the cat sat on the mat '.repeat(200), maxTokens: 8 }),
    );
    expect([error.kind, error.retryable], error.message).toEqual(['bad_request', false]);
    expect(error.message, 'says how long the prompt is against the context').toMatch(
      /takes \d+ tokens of the 512-token/,
    );
  });

  it('caps the answer at what the context has left after the prompt', async () => {
    const answer = await client.complete({
      system: 'You tell stories.',
      prompt: 'the cat sat on the mat '.repeat(45),
      maxTokens: 5000,
      temperature: 0,
    });
    expect(answer.promptTokens + answer.completionTokens, 'prompt and answer fit the context').toBeLessThanOrEqual(512);
  });

  it('reports a caller cancel as aborted, not retryable', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await languageModelFailure(
      client.complete({ system: 's', prompt: 'p', maxTokens: 8, signal: controller.signal }),
    );
    expect(error.kind, error.message).toBe('aborted');
    expect(error.retryable, 'the caller chose to stop').toBe(false);
  });

  it('serializes concurrent calls on its one context', async () => {
    const answers = await Promise.all(
      ['A dog', 'A bird', 'A fish'].map((prompt) =>
        client.complete({ system: 'You tell stories.', prompt, maxTokens: 8, temperature: 0 }),
      ),
    );
    for (const answer of answers)
      expect(answer.completionTokens, 'every concurrent call got its own answer').toBeGreaterThan(0);
    const again = await client.complete({ system: 'You tell stories.', prompt: 'A dog', maxTokens: 8, temperature: 0 });
    expect(again.text, 'each call starts from an empty history: same prompt, same greedy answer').toBe(answers[0].text);
  });

  it('embeds texts into vectors of the model’s width, the same text always to the same vector', async () => {
    const [first, other, repeat] = await client.embed([
      'BTC rallies on ETF news',
      'ETH falls',
      'BTC rallies on ETF news',
    ]);
    expect(first, 'a Float32Array').toBeInstanceOf(Float32Array);
    expect(first.length, 'stories260K embeds into 64 floats').toBe(64);
    expect(first.every(Number.isFinite), 'finite numbers').toBe(true);
    expect(Array.from(repeat), 'deterministic').toEqual(Array.from(first));
    expect(Array.from(other), 'a different text gives a different vector').not.toEqual(Array.from(first));
    const [later] = await client.embed(['BTC rallies on ETF news']);
    expect(Array.from(later), 'deterministic across calls too').toEqual(Array.from(first));
  });
});

describe('NodeLlamaCppClient with llama-2-tiny-random (random weights under a JSON-schema grammar)', () => {
  let client: NodeLlamaCppClient;
  beforeAll(() => {
    client = new NodeLlamaCppClient({ modelPath: TINY_RANDOM, maxThreads: 1, contextSize: 512 });
  });
  afterAll(() => client.dispose());

  it('resolves the general chat template (its metadata names no known template)', async () => {
    expect(await client.chatWrapperName(), 'the fallback template').toBe('General');
  });

  it('generates JSON that parses and matches the schema although the model knows nothing', async () => {
    const answer = await client.complete({
      system: 'Answer with a JSON object.',
      prompt: 'Drawdown is 7%. What should the policy do?',
      jsonSchema: SIGNAL_SCHEMA,
      maxTokens: 60,
      temperature: 0,
    });
    const json = answer.json as Record<string, unknown>;
    expect(JSON.parse(answer.text), 'json is the parsed text').toEqual(json);
    expect(Object.keys(json).sort(), 'exactly the schema’s keys').toEqual(['action', 'symbol', 'urgent']);
    expect(SIGNAL_SCHEMA.properties.action.enum, 'action is one of the enum').toContain(json.action);
    expect(SIGNAL_SCHEMA.properties.symbol.enum, 'symbol is one of the enum').toContain(json.symbol);
    expect(typeof json.urgent, 'urgent is a boolean').toBe('boolean');
  });

  it('generates one of the alternatives of an anyOf (node-llama-cpp only knows oneOf), never null', async () => {
    const change = (kind: string, extra: Record<string, unknown>) => ({
      type: 'object',
      properties: { kind: { const: kind }, ...extra },
      required: ['kind', ...Object.keys(extra)],
      additionalProperties: false,
    });
    const schema = {
      type: 'object',
      properties: {
        changes: {
          type: 'array',
          maxItems: 2,
          items: {
            anyOf: [
              change('pause_strategy', { strategy_id: { type: 'string', enum: ['ma_cross', 'scalper'] } }),
              change('hold', { urgent: { type: 'boolean' } }),
            ],
          },
        },
      },
      required: ['changes'],
      additionalProperties: false,
    };
    const texts: string[] = [];
    for (const prompt of ['Drawdown 7%.', 'Slippage doubled.']) {
      const answer = await client.complete({
        system: 'JSON only.',
        prompt,
        jsonSchema: schema,
        maxTokens: 80,
        temperature: 0,
      });
      texts.push(answer.text);
      const changes = (answer.json as { changes: unknown[] }).changes;
      expect(Array.isArray(changes), `a list of changes: ${answer.text}`).toBe(true);
      for (const item of changes) {
        expect(item, `every change is an object, not null: ${answer.text}`).toBeTypeOf('object');
        expect(item, `every change is an object, not null: ${answer.text}`).not.toBeNull();
        expect(['pause_strategy', 'hold'], `a known kind: ${answer.text}`).toContain((item as { kind: string }).kind);
      }
    }
    expect(texts.join(''), 'at least one change was generated, so the objects were checked').toContain('"kind"');
  });

  it('reports an answer cut off by maxTokens as invalid_output with the raw text kept', async () => {
    const error = await languageModelFailure(
      client.complete({ system: 'JSON only.', prompt: 'Go', jsonSchema: SIGNAL_SCHEMA, maxTokens: 3 }),
    );
    expect(error.kind, error.message).toBe('invalid_output');
    expect(error.retryable, 'the same call would be cut off again').toBe(false);
    expect(error.rawText?.startsWith('{'), `the partial answer is kept for the audit: ${error.rawText}`).toBe(true);
  });

  it('embeds into the model’s 8 dimensions', async () => {
    const [vector] = await client.embed(['hello']);
    expect(vector.length, 'llama-2-tiny-random has embedding width 8').toBe(8);
  });
});

describe('NodeLlamaCppClient lifecycle', () => {
  it('refuses calls after dispose', async () => {
    const client = new NodeLlamaCppClient({ modelPath: STORIES, maxThreads: 1 });
    await client.dispose();
    await expect(client.complete({ system: 's', prompt: 'p' }), 'a disposed client is unusable').rejects.toThrow(
      /disposed/,
    );
  });

  it('fails with a permanent model_missing error', async () => {
    const client = new NodeLlamaCppClient({ modelPath: fixture('no-such-model.gguf'), maxThreads: 1 });
    const error = await languageModelFailure(client.complete({ system: 's', prompt: 'p', maxTokens: 4 }));
    expect(error.kind, error.message).toBe('model_missing');
    expect(error.retryable, 'retrying cannot create the file').toBe(false);
    await client.dispose();
  });
});
