import { describe, expect, it } from 'vitest';
import { LanguageModelError } from '../../core/advisor/llm-client.ts';
import { AnthropicClient } from './anthropic-client.ts';
import { createLanguageModelClient } from './create-language-model-client.ts';
import { llmProviderConfig } from './llm-provider-config.ts';
import { NodeLlamaCppClient } from './node-llama-cpp-client.ts';
import { OpenAiCompatibleClient } from './openai-compatible-client.ts';

describe('llmProviderConfig', () => {
  it('fills the defaults of each provider', () => {
    expect(llmProviderConfig.parse({ provider: 'llama_cpp', model_path: 'models/m.gguf' }), 'one thread, 60 s').toEqual(
      {
        provider: 'llama_cpp',
        model_path: 'models/m.gguf',
        threads: 1,
        timeout_ms: 60_000,
      },
    );
    expect(
      llmProviderConfig.parse({
        provider: 'openai_compatible',
        base_url: 'http://127.0.0.1:11434/v1',
        model: 'llama3',
      }),
      'key from OPENAI_API_KEY, schema-enforced JSON, no SDK retries',
    ).toEqual({
      provider: 'openai_compatible',
      base_url: 'http://127.0.0.1:11434/v1',
      model: 'llama3',
      api_key_env: 'OPENAI_API_KEY',
      json_mode: 'json_schema',
      timeout_ms: 60_000,
      max_retries: 0,
    });
    expect(llmProviderConfig.parse({ provider: 'anthropic', model: 'claude-x' }), 'key from ANTHROPIC_API_KEY').toEqual(
      {
        provider: 'anthropic',
        model: 'claude-x',
        api_key_env: 'ANTHROPIC_API_KEY',
        max_tokens: 1024,
        timeout_ms: 60_000,
        max_retries: 0,
      },
    );
    expect(llmProviderConfig.parse({ provider: 'none' }), 'no model').toEqual({ provider: 'none' });
  });

  it('refuses a key written into the config, unknown providers, bad URLs and bad numbers', () => {
    for (const bad of [
      { provider: 'anthropic', model: 'claude-x', api_key: 'sk-ant-inline' },
      { provider: 'openai_compatible', base_url: 'http://h/v1', model: 'm', api_key: 'sk-inline' },
      { provider: 'anthropic', model: 'claude-x', api_key_env: 'sk-ant-looks-like-a-key' },
      { provider: 'gpt4all' },
      { provider: 'openai_compatible', base_url: 'not a url', model: 'm' },
      { provider: 'llama_cpp', model_path: '' },
      { provider: 'llama_cpp', model_path: 'm.gguf', threads: 0 },
      { provider: 'llama_cpp', model_path: 'm.gguf', timeout_ms: -1 },
      { provider: 'openai_compatible', base_url: 'http://h/v1', model: 'm', max_retries: 50 },
    ])
      expect(llmProviderConfig.safeParse(bad).success, `${JSON.stringify(bad)} is refused`).toBe(false);
  });

  it('describes every field of every provider, since the descriptions document the config', () => {
    for (const option of llmProviderConfig.options)
      for (const [name, field] of Object.entries(option.shape))
        expect(
          field.description?.length ?? 0,
          `${option.shape.provider.value}.${name} has a description`,
        ).toBeGreaterThan(10);
  });
});

describe('createLanguageModelClient', () => {
  it('builds the client each provider names, without loading or contacting anything', () => {
    const env = { OPENAI_API_KEY: 'sk-local', ANTHROPIC_API_KEY: 'sk-ant-x' };
    const llama = createLanguageModelClient(
      llmProviderConfig.parse({
        provider: 'llama_cpp',
        model_path: 'no/such/file.gguf',
        threads: 2,
        context_size: 1024,
      }),
      env,
    );
    expect(llama, 'in process').toBeInstanceOf(NodeLlamaCppClient);
    expect(llama?.describe(), 'context size from the config until loaded').toEqual({
      provider: 'llama_cpp',
      model: 'no/such/file.gguf',
      contextLength: 1024,
      embeddings: true,
    });
    const server = createLanguageModelClient(
      llmProviderConfig.parse({ provider: 'openai_compatible', base_url: 'http://127.0.0.1:1/v1', model: 'llama3' }),
      env,
    );
    expect(server, 'an OpenAI-protocol server').toBeInstanceOf(OpenAiCompatibleClient);
    const anthropic = createLanguageModelClient(
      llmProviderConfig.parse({ provider: 'anthropic', model: 'claude-x' }),
      env,
    );
    expect(anthropic, 'Anthropic').toBeInstanceOf(AnthropicClient);
    expect(createLanguageModelClient({ provider: 'none' }, env), 'no model: the rule-based fallback').toBeUndefined();
  });

  it('needs no key for a local OpenAI-protocol server, but names the missing Anthropic variable', () => {
    const local = llmProviderConfig.parse({
      provider: 'openai_compatible',
      base_url: 'http://127.0.0.1:1/v1',
      model: 'm',
    });
    expect(createLanguageModelClient(local, {}), 'Ollama and friends take no key').toBeInstanceOf(
      OpenAiCompatibleClient,
    );
    const config = llmProviderConfig.parse({
      provider: 'anthropic',
      model: 'claude-x',
      api_key_env: 'TEAM_CLAUDE_KEY',
    });
    let caught: unknown;
    try {
      createLanguageModelClient(config, { TEAM_CLAUDE_KEY: '  ' });
    } catch (error) {
      caught = error;
    }
    expect(caught, 'a blank key is missing').toBeInstanceOf(LanguageModelError);
    expect((caught as LanguageModelError).kind, 'a permanent auth error').toBe('auth');
    expect((caught as LanguageModelError).message, 'names the variable to set').toContain('TEAM_CLAUDE_KEY');
  });
});
