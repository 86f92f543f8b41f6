import Anthropic from '@anthropic-ai/sdk';
import {
  type Completion,
  type CompletionRequest,
  type LanguageModelClient,
  type LanguageModelDescription,
  LanguageModelError,
} from '../../core/advisor/llm-client.ts';
import { type CallDeadline, startCallDeadline } from './call-deadline.ts';
import { mapHttpFailure } from './map-http-error.ts';

/** Options of an {@link AnthropicClient}. */
export interface AnthropicClientOptions {
  /** The API key (from `ANTHROPIC_API_KEY`); never logged nor put into error messages. */
  readonly apiKey: string;
  /** Model name, e.g. `claude-sonnet-4-5`. */
  readonly model: string;
  /** API root; default Anthropic's. Tests point it at a local server. */
  readonly baseUrl?: string;
  /** Context window in tokens, reported by `describe()`. */
  readonly contextLength?: number;
  /** Budget of a call whose request has no `timeoutMs`. */
  readonly defaultTimeoutMs?: number;
  /** Retries the SDK makes itself on retryable failures; default 0: the caller decides. */
  readonly maxRetries?: number;
  /** Answer length when the request has no `maxTokens` (the Messages API requires one). */
  readonly defaultMaxTokens?: number;
}

const ANTHROPIC_API_URL = 'https://api.anthropic.com';

/** The one tool an answer with a JSON schema is forced through; its input is the answer. */
const ANSWER_TOOL = 'answer';

/**
 * Anthropic's Messages API through @anthropic-ai/sdk. A JSON answer is obtained by forcing a
 * single tool whose `input_schema` is the requested schema (supported by every Claude model),
 * so the parsed value is the tool call's input. No embeddings (Anthropic offers none). `temperature`
 * is not sent: this SDK's Messages API (1.x) has no sampling parameters, current models choose their own.
 */
export class AnthropicClient implements LanguageModelClient {
  readonly #options: AnthropicClientOptions;
  readonly #sdk: Anthropic;

  constructor(options: AnthropicClientOptions) {
    this.#options = options;
    this.#sdk = new Anthropic({
      apiKey: options.apiKey,
      // Explicit values: left undefined, the SDK would read ANTHROPIC_BASE_URL / ANTHROPIC_AUTH_TOKEN
      // from the environment behind the config's back.
      authToken: null,
      baseURL: options.baseUrl ?? ANTHROPIC_API_URL,
      maxRetries: options.maxRetries ?? 0,
      timeout: 10 * 60_000,
    });
  }

  describe(): LanguageModelDescription {
    return {
      provider: 'anthropic',
      model: this.#options.model,
      contextLength: this.#options.contextLength,
      embeddings: false,
    };
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const deadline = startCallDeadline({
      provider: 'anthropic',
      timeoutMs: request.timeoutMs ?? this.#options.defaultTimeoutMs,
      signal: request.signal,
    });
    try {
      const schema = request.jsonSchema;
      // A tool's input is always an object: other top-level schemas cannot be asked for this way.
      if (schema && schema.type !== 'object')
        throw new LanguageModelError(
          'bad_request',
          'anthropic: a JSON answer must be an object (schema type "object")',
          {
            provider: 'anthropic',
          },
        );
      const message = await this.#sdk.messages
        .create(
          {
            model: this.#options.model,
            max_tokens: request.maxTokens ?? this.#options.defaultMaxTokens ?? 1024,
            system: request.system,
            messages: [{ role: 'user', content: request.prompt }],
            ...(schema
              ? {
                  tools: [
                    {
                      name: ANSWER_TOOL,
                      description: 'Give the answer as this JSON object.',
                      input_schema: { ...schema, type: 'object' as const },
                    },
                  ],
                  tool_choice: { type: 'tool' as const, name: ANSWER_TOOL },
                }
              : {}),
          },
          { signal: deadline.signal },
        )
        .catch((error: unknown) => {
          throw this.#mapError(error, deadline);
        });
      const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      const completion: Completion = {
        text,
        promptTokens: message.usage.input_tokens,
        completionTokens: message.usage.output_tokens,
        model: message.model || this.#options.model,
        provider: 'anthropic',
      };
      if (!schema) return completion;
      const toolUse = message.content.find((block) => block.type === 'tool_use' && block.name === ANSWER_TOOL);
      if (toolUse?.type !== 'tool_use')
        throw new LanguageModelError('invalid_output', 'the model did not answer through the forced JSON tool', {
          provider: 'anthropic',
          rawText: JSON.stringify(message.content),
        });
      return { ...completion, text: JSON.stringify(toolUse.input), json: toolUse.input };
    } finally {
      deadline.clear();
    }
  }

  async dispose(): Promise<void> {
    // The SDK holds no open resources beyond fetch's pooled sockets.
  }

  #mapError(error: unknown, deadline: CallDeadline): unknown {
    if (!(error instanceof Anthropic.APIError)) return deadline.stopError(error) ?? error;
    return mapHttpFailure(
      {
        status: error.status,
        connection: error instanceof Anthropic.APIConnectionError,
        sdkTimeout: error instanceof Anthropic.APIConnectionTimeoutError,
        message: error.message,
      },
      { provider: 'anthropic', deadline, secrets: [this.#options.apiKey], model: this.#options.model },
    );
  }
}
