import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { languageModelFailure } from './language-model-failure.ts';
import { OpenAiCompatibleClient } from './openai-compatible-client.ts';
import { chatCompletionAnswer, type ScriptedHttpServer, startScriptedHttpServer } from './scripted-http-server.ts';

const API_KEY = 'sk-test-0123456789-do-not-leak';
const SCHEMA = {
  type: 'object',
  properties: { action: { type: 'string', enum: ['hold', 'reduce_risk'] }, fraction: { type: 'number' } },
  required: ['action', 'fraction'],
  additionalProperties: false,
} as const;

const chatCompletion = (content: string, model?: string) => chatCompletionAnswer(content, { model });

const openAiError = (status: number, message: string, type: string) => ({
  status,
  body: { error: { message, type, code: null } },
});

describe('OpenAiCompatibleClient against a local OpenAI-protocol server', () => {
  let server: ScriptedHttpServer;
  let client: OpenAiCompatibleClient;
  const ask = { system: 'You advise on risk policy.', prompt: 'Drawdown 7%.', jsonSchema: SCHEMA, maxTokens: 64 };

  beforeAll(async () => {
    server = await startScriptedHttpServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    client = new OpenAiCompatibleClient({
      baseUrl: `${server.url}/v1`,
      model: 'llama3.1:8b',
      embeddingModel: 'nomic-embed-text',
      apiKey: API_KEY,
    });
  });

  it('asks for JSON under the schema and returns the parsed answer with token counts', async () => {
    server.script(chatCompletion('{"action":"reduce_risk","fraction":0.25}'));
    const answer = await client.complete({ ...ask, temperature: 0 });
    expect(answer, 'text, parsed JSON, usage, model and provider').toEqual({
      text: '{"action":"reduce_risk","fraction":0.25}',
      json: { action: 'reduce_risk', fraction: 0.25 },
      promptTokens: 42,
      completionTokens: 9,
      model: 'llama3.1:8b',
      provider: 'openai_compatible',
    });
    const [request] = server.requests;
    expect(request.path, 'the chat-completions route under the base URL').toBe('/v1/chat/completions');
    expect(request.headers.authorization, 'the key goes as a bearer token').toBe(`Bearer ${API_KEY}`);
    expect(request.body, 'system and user turns, limits and the json_schema response format').toMatchObject({
      model: 'llama3.1:8b',
      messages: [
        { role: 'system', content: ask.system },
        { role: 'user', content: ask.prompt },
      ],
      max_tokens: 64,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: SCHEMA, strict: true } },
    });
  });

  it('uses json_object mode for servers without schema support, and no response format without a schema', async () => {
    const plain = new OpenAiCompatibleClient({ baseUrl: `${server.url}/v1`, model: 'm', jsonMode: 'json_object' });
    server.script(chatCompletion('{"action":"hold","fraction":0}'), chatCompletion('Markets were calm.'));
    expect((await plain.complete(ask)).json, 'parsed').toEqual({ action: 'hold', fraction: 0 });
    const prose = await plain.complete({ system: 's', prompt: 'Summarize the day.' });
    expect(prose.json, 'no schema, no parsing').toBeUndefined();
    expect((server.requests[0].body as Record<string, unknown>).response_format, 'json_object').toEqual({
      type: 'json_object',
    });
    expect(server.requests[1].body, 'no response_format without a schema').not.toHaveProperty('response_format');
  });

  it('accepts JSON inside one Markdown fence, as small models often write it', async () => {
    server.script(chatCompletion('```json\n{"action":"hold","fraction":0}\n```'));
    expect((await client.complete(ask)).json, 'the fence is stripped').toEqual({ action: 'hold', fraction: 0 });
  });

  it('reports a 500 as retryable, and the next call succeeds', async () => {
    server.script(openAiError(500, 'model crashed', 'server_error'), chatCompletion('{"action":"hold","fraction":0}'));
    const error = await languageModelFailure(client.complete(ask));
    expect([error.kind, error.status, error.retryable], error.message).toEqual(['server_error', 500, true]);
    expect((await client.complete(ask)).json, 'the caller’s retry gets the answer').toEqual({
      action: 'hold',
      fraction: 0,
    });
  });

  it('retries by itself when max_retries allows it', async () => {
    const retrying = new OpenAiCompatibleClient({ baseUrl: `${server.url}/v1`, model: 'm', maxRetries: 1 });
    server.script(
      { ...openAiError(503, 'loading model', 'server_error'), headers: { 'retry-after-ms': '10' } },
      chatCompletion('{"action":"hold","fraction":0}'),
    );
    expect((await retrying.complete(ask)).json, 'one call, two requests').toEqual({ action: 'hold', fraction: 0 });
    expect(server.requests.length, 'the SDK retried once').toBe(2);
  });

  it('reports 401 as permanent auth without the key in the message, even when the server echoes it', async () => {
    server.script(openAiError(401, `Incorrect API key provided: ${API_KEY}`, 'invalid_request_error'));
    const error = await languageModelFailure(client.complete(ask));
    expect([error.kind, error.status, error.retryable], error.message).toEqual(['auth', 401, false]);
    expect(error.message, 'the key is redacted').not.toContain(API_KEY);
    expect(error.message, 'the redaction is visible').toContain('[REDACTED]');
    expect(JSON.stringify(error), 'nor in any serialized field').not.toContain(API_KEY);
  });

  it('maps 429 to rate_limited, 404 to model_missing and 400 to bad_request', async () => {
    server.script(
      openAiError(429, 'slow down', 'rate_limit_error'),
      openAiError(404, 'model "llama3.1:8b" not found, try pulling it first', 'not_found_error'),
      openAiError(400, 'context length exceeded', 'invalid_request_error'),
    );
    const kinds = [];
    for (let i = 0; i < 3; i++) {
      const error = await languageModelFailure(client.complete(ask));
      kinds.push([error.kind, error.retryable]);
    }
    expect(kinds, 'retryable rate limit, permanent missing model and bad request').toEqual([
      ['rate_limited', true],
      ['model_missing', false],
      ['bad_request', false],
    ]);
  });

  it('times out a slow server as retryable, well before the server answers', async () => {
    server.script({ ...chatCompletion('{"action":"hold","fraction":0}'), delayMs: 3000 });
    const started = performance.now();
    const error = await languageModelFailure(client.complete({ ...ask, timeoutMs: 200 }));
    const elapsed = performance.now() - started;
    expect([error.kind, error.retryable], error.message).toEqual(['timeout', true]);
    expect(elapsed, 'stopped at the budget, not at the 3 s answer').toBeLessThan(1500);
    expect(elapsed, 'not before the budget').toBeGreaterThanOrEqual(190);
  });

  it('reports malformed JSON in a JSON-mode answer as invalid_output, keeping the raw text', async () => {
    const raw = '{"action": "reduce_risk", "fraction": 0.5 — I think that is wise';
    server.script(chatCompletion(raw));
    const error = await languageModelFailure(client.complete(ask));
    expect([error.kind, error.retryable], error.message).toEqual(['invalid_output', false]);
    expect(error.rawText, 'the raw answer is kept for the audit').toBe(raw);
  });

  it('reports a refusal as invalid_output with its text kept', async () => {
    const refusal = chatCompletion('');
    (refusal.body as { choices: { message: unknown }[] }).choices[0]!.message = {
      role: 'assistant',
      content: null,
      refusal: 'I cannot help with that.',
    } as never;
    server.script(refusal);
    const error = await languageModelFailure(client.complete(ask));
    expect([error.kind, error.rawText], error.message).toEqual(['invalid_output', 'I cannot help with that.']);
  });

  it('reports a caller cancel as aborted, without sending anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await languageModelFailure(client.complete({ ...ask, signal: controller.signal }));
    expect([error.kind, error.retryable], error.message).toEqual(['aborted', false]);
    expect(server.requests.length, 'nothing reached the server').toBe(0);
  });

  it('reports a refused connection as a retryable network error', async () => {
    const closed = await startScriptedHttpServer();
    await closed.close();
    const unreachable = new OpenAiCompatibleClient({ baseUrl: `${closed.url}/v1`, model: 'm', apiKey: API_KEY });
    const error = await languageModelFailure(unreachable.complete(ask));
    expect([error.kind, error.retryable], error.message).toEqual(['network', true]);
    expect(error.message, 'no key in the message').not.toContain(API_KEY);
  });

  it('embeds texts through the embeddings route, in input order', async () => {
    server.script({
      status: 200,
      body: {
        object: 'list',
        model: 'nomic-embed-text',
        data: [
          { object: 'embedding', index: 1, embedding: [0, 1, 0] },
          { object: 'embedding', index: 0, embedding: [1, 0.5, 0] },
        ],
        usage: { prompt_tokens: 4, total_tokens: 4 },
      },
    });
    const vectors = await client.embed(['first', 'second']);
    expect(
      vectors.map((vector) => Array.from(vector)),
      'ordered by index',
    ).toEqual([
      [1, 0.5, 0],
      [0, 1, 0],
    ]);
    expect(server.requests[0].body, 'the embedding model and inputs').toMatchObject({
      model: 'nomic-embed-text',
      input: ['first', 'second'],
    });
    const without = new OpenAiCompatibleClient({ baseUrl: `${server.url}/v1`, model: 'm' });
    expect(without.describe().embeddings, 'no embedding model, no embeddings').toBe(false);
    expect((await languageModelFailure(without.embed(['x']))).kind, 'unsupported').toBe('unsupported');
  });
});
