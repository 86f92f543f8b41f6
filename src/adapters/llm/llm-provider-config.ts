import { z } from 'zod';
import { OPENAI_JSON_MODES } from './openai-compatible-client.ts';

const timeoutMs = z
  .number()
  .int()
  .positive()
  .default(60_000)
  .describe(
    'budget of one call in milliseconds (waiting for the model included); past it the call fails as a retryable timeout',
  );

const maxRetries = z
  .number()
  .int()
  .min(0)
  .max(5)
  .default(0)
  .describe(
    'retries the SDK makes itself on retryable failures (5xx, 429, connection); 0 leaves retrying to the caller',
  );

const contextLength = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('context window of the model in tokens, used to size prompts (tables are truncated to fit)');

const envName = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name in upper case')
    .default(fallback)
    .describe(
      `name of the environment variable (or .env entry) holding the API key, default ${fallback}; the key itself is never written in config files and never logged`,
    );

/** `provider: llama_cpp`: a GGUF file run in process by node-llama-cpp on the CPU. */
export const llamaCppProviderConfig = z
  .object({
    provider: z
      .literal('llama_cpp')
      .describe('run a local GGUF model in process (node-llama-cpp, CPU, nothing downloaded)'),
    model_path: z
      .string()
      .min(1)
      .describe(
        'path of the GGUF model file (relative to the working directory), e.g. models/Meta-Llama-3-8B-Instruct.Q4_K_M.gguf',
      ),
    embedding_model_path: z
      .string()
      .min(1)
      .optional()
      .describe('GGUF file for embeddings, e.g. models/nomic-embed-text-v1.5.Q8_0.gguf; default model_path'),
    threads: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'CPU threads for evaluation; keep it at or below the free cores (too many makes small models far slower)',
      ),
    context_size: z
      .number()
      .int()
      .min(64)
      .optional()
      .describe('context window in tokens to allocate; default the model’s training context, at most 4096'),
    timeout_ms: timeoutMs,
  })
  .strict();

/** `provider: openai_compatible`: any server speaking OpenAI's chat-completions protocol. */
export const openAiCompatibleProviderConfig = z
  .object({
    provider: z
      .literal('openai_compatible')
      .describe('an OpenAI-protocol server: OpenAI, Ollama, llama.cpp server, GPT4All, LM Studio, vLLM, Gemini'),
    base_url: z
      .url()
      .describe(
        'server root with its version path, e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8080/v1 (llama.cpp)',
      ),
    model: z.string().min(1).describe('model name as the server knows it, e.g. llama3.1:8b'),
    embedding_model: z
      .string()
      .min(1)
      .optional()
      .describe('model name for embeddings, e.g. nomic-embed-text; without it embeddings are unavailable'),
    api_key_env: envName('OPENAI_API_KEY'),
    json_mode: z
      .enum(OPENAI_JSON_MODES)
      .default('json_schema')
      .describe(
        'json_schema: the server enforces the answer’s schema; json_object: only asks for JSON (older servers)',
      ),
    context_length: contextLength,
    timeout_ms: timeoutMs,
    max_retries: maxRetries,
  })
  .strict();

/** `provider: anthropic`: Anthropic's Messages API. */
export const anthropicProviderConfig = z
  .object({
    provider: z.literal('anthropic').describe('Anthropic’s Messages API'),
    model: z.string().min(1).describe('model name, e.g. claude-sonnet-4-5'),
    base_url: z.url().optional().describe('API root; default https://api.anthropic.com'),
    api_key_env: envName('ANTHROPIC_API_KEY'),
    max_tokens: z
      .number()
      .int()
      .positive()
      .default(1024)
      .describe('answer length when a request sets none (the Messages API requires a limit)'),
    context_length: contextLength,
    timeout_ms: timeoutMs,
    max_retries: maxRetries,
  })
  .strict();

/** `provider: none`: no model; the rule-based advisor and the lexicon answer instead. */
export const noProviderConfig = z
  .object({
    provider: z
      .literal('none')
      .describe('no language model: the rule-based advisor and the sentiment lexicon are used'),
  })
  .strict();

/**
 * One language-model provider of a node (a tier of the advisor may each have one). API keys
 * are read only from the environment variable that `api_key_env` names.
 */
export const llmProviderConfig = z
  .discriminatedUnion('provider', [
    llamaCppProviderConfig,
    openAiCompatibleProviderConfig,
    anthropicProviderConfig,
    noProviderConfig,
  ])
  .describe(
    'which language model answers: llama_cpp (default when a model path is set), openai_compatible, anthropic or none',
  );

/** A validated {@link llmProviderConfig}. */
export type LlmProviderConfig = z.infer<typeof llmProviderConfig>;
