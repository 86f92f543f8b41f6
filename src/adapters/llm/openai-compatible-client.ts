import OpenAI from 'openai';
import {
  type Completion,
  type CompletionRequest,
  type LanguageModelClient,
  type LanguageModelDescription,
  LanguageModelError,
  parseJsonAnswer,
} from '../../core/advisor/llm-client.ts';
import { type CallDeadline, startCallDeadline } from './call-deadline.ts';
import { mapHttpFailure } from './map-http-error.ts';

/** How JSON is asked for: a schema the server enforces, or only "some JSON object". */
export const OPENAI_JSON_MODES = ['json_schema', 'json_object'] as const;
/** One of {@link OPENAI_JSON_MODES}. */
export type OpenAiJsonMode = (typeof OPENAI_JSON_MODES)[number];

/** Options of an {@link OpenAiCompatibleClient}. */
export interface OpenAiCompatibleClientOptions {
  /** Server root including the version path, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  readonly baseUrl: string;
  /** Model name as the server knows it (`llama3.1:8b`, `gpt-4o-mini`, ...). */
  readonly model: string;
  /** Model for {@link OpenAiCompatibleClient.embed}; without it the client has no embeddings. */
  readonly embeddingModel?: string;
  /** Bearer key; local servers ignore it. Never logged nor put into error messages. */
  readonly apiKey?: string;
  /**
   * `json_schema` (OpenAI, vLLM, llama.cpp server, Ollama ≥ 0.5, LM Studio, Gemini) lets the server
   * enforce the schema (sent with `strict: true`, so for OpenAI itself every property must be
   * required and `additionalProperties: false`; local servers compile it to a grammar);
   * `json_object` only asks for JSON (older servers): the schema is then the prompt's business.
   */
  readonly jsonMode?: OpenAiJsonMode;
  /** Context window in tokens, when known; reported by `describe()` to size prompts. */
  readonly contextLength?: number;
  /** Budget of a call whose request has no `timeoutMs`. */
  readonly defaultTimeoutMs?: number;
  /** Retries the SDK makes itself (with backoff) on retryable failures; default 0: the caller decides. */
  readonly maxRetries?: number;
}

const PLACEHOLDER_KEY = 'not-needed';

/**
 * Any server that speaks OpenAI's chat-completions protocol, through the openai SDK: OpenAI,
 * Ollama, llama.cpp's server, GPT4All, LM Studio, vLLM, Gemini's compatible endpoint.
 */
export class OpenAiCompatibleClient implements LanguageModelClient {
  readonly #options: OpenAiCompatibleClientOptions;
  readonly #sdk: OpenAI;
  readonly #secrets: readonly string[];

  constructor(options: OpenAiCompatibleClientOptions) {
    this.#options = options;
    this.#secrets = options.apiKey ? [options.apiKey] : [];
    this.#sdk = new OpenAI({
      baseURL: options.baseUrl,
      apiKey: options.apiKey || PLACEHOLDER_KEY,
      // Explicit nulls: left undefined, the SDK would add OPENAI_ORG_ID / OPENAI_PROJECT_ID headers.
      organization: null,
      project: null,
      maxRetries: options.maxRetries ?? 0,
      // The deadline aborts the request; the SDK's own 10-minute default is only a backstop.
      timeout: 10 * 60_000,
    });
  }

  describe(): LanguageModelDescription {
    return {
      provider: 'openai_compatible',
      model: this.#options.model,
      contextLength: this.#options.contextLength,
      embeddings: this.#options.embeddingModel !== undefined,
    };
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const deadline = startCallDeadline({
      provider: 'openai_compatible',
      timeoutMs: request.timeoutMs ?? this.#options.defaultTimeoutMs,
      signal: request.signal,
    });
    try {
      const response = await this.#sdk.chat.completions
        .create(
          {
            model: this.#options.model,
            messages: [
              { role: 'system', content: request.system },
              { role: 'user', content: request.prompt },
            ],
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            response_format: request.jsonSchema ? this.#responseFormat(request.jsonSchema) : undefined,
          },
          { signal: deadline.signal },
        )
        .catch((error: unknown) => {
          throw this.#mapError(error, deadline);
        });
      const message = response.choices[0]?.message;
      if (message?.refusal)
        throw new LanguageModelError('invalid_output', 'the model refused to answer', {
          provider: 'openai_compatible',
          rawText: message.refusal,
        });
      const text = message?.content ?? '';
      const completion: Completion = {
        text,
        promptTokens: response.usage?.prompt_tokens ?? 0,
        completionTokens: response.usage?.completion_tokens ?? 0,
        model: response.model || this.#options.model,
        provider: 'openai_compatible',
      };
      return request.jsonSchema ? { ...completion, json: parseJsonAnswer(text, 'openai_compatible') } : completion;
    } finally {
      deadline.clear();
    }
  }

  async embed(texts: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Float32Array[]> {
    const model = this.#options.embeddingModel;
    if (model === undefined)
      throw new LanguageModelError('unsupported', 'no embedding model is configured for this server', {
        provider: 'openai_compatible',
      });
    const deadline = startCallDeadline({
      provider: 'openai_compatible',
      timeoutMs: this.#options.defaultTimeoutMs,
      signal: options?.signal,
    });
    try {
      const response = await this.#sdk.embeddings
        .create({ model, input: [...texts], encoding_format: 'float' }, { signal: deadline.signal })
        .catch((error: unknown) => {
          throw this.#mapError(error, deadline);
        });
      // Servers may answer out of order; `index` says which input each vector belongs to.
      const vectors = new Array<Float32Array>(texts.length);
      for (const item of response.data) vectors[item.index] = Float32Array.from(item.embedding);
      return vectors;
    } finally {
      deadline.clear();
    }
  }

  async dispose(): Promise<void> {
    // The SDK holds no open resources beyond fetch's pooled sockets.
  }

  #responseFormat(schema: Record<string, unknown>): OpenAI.ChatCompletionCreateParams['response_format'] {
    if ((this.#options.jsonMode ?? 'json_schema') === 'json_object') return { type: 'json_object' };
    return { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } };
  }

  #mapError(error: unknown, deadline: CallDeadline): unknown {
    if (!(error instanceof OpenAI.APIError)) return deadline.stopError(error) ?? error;
    return mapHttpFailure(
      {
        status: error.status,
        connection: error instanceof OpenAI.APIConnectionError,
        sdkTimeout: error instanceof OpenAI.APIConnectionTimeoutError,
        message: error.message,
      },
      { provider: 'openai_compatible', deadline, secrets: this.#secrets, model: this.#options.model },
    );
  }
}
