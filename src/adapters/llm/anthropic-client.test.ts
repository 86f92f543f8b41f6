import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnthropicClient } from './anthropic-client.ts';
import { languageModelFailure } from './language-model-failure.ts';
import { type ScriptedHttpServer, startScriptedHttpServer } from './scripted-http-server.ts';

const API_KEY = 'sk-ant-test-0123456789-do-not-leak';
const SCHEMA = {
  type: 'object',
  properties: { action: { type: 'string', enum: ['hold', 'pause_strategy'] }, strategy: { type: 'string' } },
  required: ['action', 'strategy'],
} as const;

/** A Messages API answer as Anthropic sends it. */
function message(content: unknown[], stopReason = 'end_turn') {
  return {
    status: 200,
    body: {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-test-model',
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 120, output_tokens: 17 },
    },
  };
}

const anthropicError = (status: number, type: string, text: string) => ({
  status,
  body: { type: 'error', error: { type, message: text } },
});

describe('AnthropicClient against a local Messages API server', () => {
  let server: ScriptedHttpServer;
  let client: AnthropicClient;

  beforeAll(async () => {
    server = await startScriptedHttpServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    client = new AnthropicClient({ apiKey: API_KEY, model: 'claude-test-model', baseUrl: server.url });
  });

  it('sends a plain prompt with the key header and returns the text and usage', async () => {
    server.script(message([{ type: 'text', text: 'BTC drifted lower on thin volume.' }]));
    const answer = await client.complete({ system: 'You summarize.', prompt: 'Summarize the day.', maxTokens: 200 });
    expect(answer, 'text, usage, model and provider').toEqual({
      text: 'BTC drifted lower on thin volume.',
      promptTokens: 120,
      completionTokens: 17,
      model: 'claude-test-model',
      provider: 'anthropic',
    });
    const [request] = server.requests;
    expect(request.path, 'the Messages route').toBe('/v1/messages');
    // @anthropic-ai/sdk 1.x sends the API key as a bearer token (older versions used x-api-key).
    expect(request.headers.authorization, 'the key goes as a bearer token').toBe(`Bearer ${API_KEY}`);
    expect(request.headers['anthropic-version'], 'the protocol version header is sent').toBeTruthy();
    expect(request.body, 'model, limit, system and one user turn; no tools without a schema').toEqual({
      model: 'claude-test-model',
      max_tokens: 200,
      system: 'You summarize.',
      messages: [{ role: 'user', content: 'Summarize the day.' }],
    });
  });

  it('gets JSON through one forced tool whose input schema is the requested schema', async () => {
    server.script(
      message(
        [
          {
            type: 'tool_use',
            id: 'toolu_01',
            name: 'answer',
            input: { action: 'pause_strategy', strategy: 'scalper' },
          },
        ],
        'tool_use',
      ),
    );
    const answer = await client.complete({ system: 's', prompt: 'Slippage doubled.', jsonSchema: SCHEMA });
    expect(answer.json, 'the tool input is the answer').toEqual({ action: 'pause_strategy', strategy: 'scalper' });
    expect(JSON.parse(answer.text), 'the text is the same JSON, for the audit').toEqual(answer.json);
    expect(server.requests[0].body, 'the schema as the forced tool, the default answer length').toMatchObject({
      max_tokens: 1024,
      tools: [{ name: 'answer', input_schema: SCHEMA }],
      tool_choice: { type: 'tool', name: 'answer' },
    });
  });

  it('reports an answer without the forced tool as invalid_output with the raw content kept', async () => {
    server.script(message([{ type: 'text', text: 'I would rather not.' }]));
    const error = await languageModelFailure(client.complete({ system: 's', prompt: 'p', jsonSchema: SCHEMA }));
    expect([error.kind, error.retryable], error.message).toEqual(['invalid_output', false]);
    expect(error.rawText, 'the raw content is kept for the audit').toContain('I would rather not.');
  });

  it('refuses a non-object schema before sending, since a tool input is an object', async () => {
    const error = await languageModelFailure(
      client.complete({ system: 's', prompt: 'p', jsonSchema: { type: 'array', items: { type: 'string' } } }),
    );
    expect([error.kind, error.retryable], error.message).toEqual(['bad_request', false]);
    expect(server.requests.length, 'nothing was sent').toBe(0);
  });

  it('reports 529 overloaded as retryable, and the next call succeeds', async () => {
    server.script(anthropicError(529, 'overloaded_error', 'Overloaded'), message([{ type: 'text', text: 'ok' }]));
    const error = await languageModelFailure(client.complete({ system: 's', prompt: 'p' }));
    expect([error.kind, error.status, error.retryable], error.message).toEqual(['server_error', 529, true]);
    expect((await client.complete({ system: 's', prompt: 'p' })).text, 'the caller’s retry gets the answer').toBe('ok');
  });

  it('reports 400 as permanent bad_request, and 401 as auth without the key in the message', async () => {
    server.script(
      anthropicError(400, 'invalid_request_error', 'max_tokens: must be at most 64000'),
      anthropicError(401, 'authentication_error', `invalid x-api-key ${API_KEY}`),
    );
    const bad = await languageModelFailure(client.complete({ system: 's', prompt: 'p', maxTokens: 10_000_000 }));
    expect([bad.kind, bad.status, bad.retryable], bad.message).toEqual(['bad_request', 400, false]);
    expect(bad.message, 'the server’s reason is kept').toContain('max_tokens');
    const auth = await languageModelFailure(client.complete({ system: 's', prompt: 'p' }));
    expect([auth.kind, auth.retryable], auth.message).toEqual(['auth', false]);
    expect(auth.message, 'the key is redacted').not.toContain(API_KEY);
  });

  it('times out a slow server as retryable', async () => {
    server.script({ ...message([{ type: 'text', text: 'late' }]), delayMs: 3000 });
    const started = performance.now();
    const error = await languageModelFailure(client.complete({ system: 's', prompt: 'p', timeoutMs: 150 }));
    expect([error.kind, error.retryable], error.message).toEqual(['timeout', true]);
    expect(performance.now() - started, 'stopped at the budget').toBeLessThan(1500);
  });

  it('has no embeddings', () => {
    expect(client.describe(), 'described without embeddings').toEqual({
      provider: 'anthropic',
      model: 'claude-test-model',
      contextLength: undefined,
      embeddings: false,
    });
    expect('embed' in client, 'no embed method').toBe(false);
  });
});
