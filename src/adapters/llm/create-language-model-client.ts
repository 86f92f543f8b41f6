import { type LanguageModelClient, LanguageModelError } from '../../core/advisor/llm-client.ts';
import { AnthropicClient } from './anthropic-client.ts';
import type { LlmProviderConfig } from './llm-provider-config.ts';
import { NodeLlamaCppClient } from './node-llama-cpp-client.ts';
import { OpenAiCompatibleClient } from './openai-compatible-client.ts';

/** The environment the API keys are read from (`process.env`, or the parsed .env merged over it). */
export type LlmEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The client a validated provider config asks for, or undefined for `provider: none`. Nothing
 * is loaded or contacted yet: a GGUF model loads on its first call. Anthropic without its key
 * fails at once with a permanent `auth` error naming the variable (never a value).
 */
export function createLanguageModelClient(
  config: LlmProviderConfig,
  env: LlmEnvironment,
): LanguageModelClient | undefined {
  switch (config.provider) {
    case 'none':
      return undefined;
    case 'llama_cpp':
      return new NodeLlamaCppClient({
        modelPath: config.model_path,
        embeddingModelPath: config.embedding_model_path,
        maxThreads: config.threads,
        contextSize: config.context_size,
        defaultTimeoutMs: config.timeout_ms,
      });
    case 'openai_compatible':
      return new OpenAiCompatibleClient({
        baseUrl: config.base_url,
        model: config.model,
        embeddingModel: config.embedding_model,
        // Local servers need no key; an unset variable is fine here.
        apiKey: nonEmpty(env[config.api_key_env]),
        jsonMode: config.json_mode,
        contextLength: config.context_length,
        defaultTimeoutMs: config.timeout_ms,
        maxRetries: config.max_retries,
      });
    case 'anthropic': {
      const apiKey = nonEmpty(env[config.api_key_env]);
      if (apiKey === undefined)
        throw new LanguageModelError('auth', `provider anthropic needs its API key in ${config.api_key_env}`, {
          provider: 'anthropic',
        });
      return new AnthropicClient({
        apiKey,
        model: config.model,
        baseUrl: config.base_url,
        defaultMaxTokens: config.max_tokens,
        contextLength: config.context_length,
        defaultTimeoutMs: config.timeout_ms,
        maxRetries: config.max_retries,
      });
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
