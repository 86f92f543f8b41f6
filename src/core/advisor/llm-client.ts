/**
 * The language-model port: what the advisor, the sentiment classifier and the explainer need
 * from a model, whichever provider runs it (in-process GGUF, an OpenAI-compatible server,
 * Anthropic). Adapters in `src/adapters/llm` implement it; the core never sees a provider SDK.
 *
 * A model's output is untrusted input: even with `jsonSchema` the caller validates the parsed
 * value (ranges, allowed keys) before acting on it.
 */

/** A JSON Schema object (draft 2020-12 subset) that a model's output must match. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One completion request: a system prompt, a user prompt and the limits of the answer. */
export interface CompletionRequest {
  /** Instructions the model follows (role, output format, rules). */
  readonly system: string;
  /** The user turn: the tables, the headline, the question. */
  readonly prompt: string;
  /**
   * When given, the answer must be one JSON value matching this schema: local models generate
   * under a grammar, servers get JSON mode; the adapter parses it into `json`.
   */
  readonly jsonSchema?: JsonSchema;
  /** Upper bound on generated tokens. */
  readonly maxTokens?: number;
  /** Sampling temperature; 0 asks for the most likely tokens. */
  readonly temperature?: number;
  /** Wall-clock budget of the whole call in milliseconds; past it the call fails with kind `timeout`. */
  readonly timeoutMs?: number;
  /** Cancels the call; it then fails with kind `aborted`. */
  readonly signal?: AbortSignal;
}

/** A model's answer with the token counts that budgets are charged with. */
export interface Completion {
  /** The raw generated text, kept verbatim for the audit log. */
  readonly text: string;
  /** The parsed JSON value when the request had a `jsonSchema` (not yet validated by the caller). */
  readonly json?: unknown;
  /** Tokens of the prompt as the provider counted them (system + user turn + chat template). */
  readonly promptTokens: number;
  /** Tokens generated. */
  readonly completionTokens: number;
  /** The model that answered, as the provider names it. */
  readonly model: string;
  /** The provider that answered. */
  readonly provider: LanguageModelProvider;
}

/** The providers Tradewind can talk to. */
export const LANGUAGE_MODEL_PROVIDERS = ['llama_cpp', 'openai_compatible', 'anthropic'] as const;
/** One of {@link LANGUAGE_MODEL_PROVIDERS}. */
export type LanguageModelProvider = (typeof LANGUAGE_MODEL_PROVIDERS)[number];

/** What a client runs on: shown in `diagnose`, recorded with each memo, used to size prompts. */
export interface LanguageModelDescription {
  readonly provider: LanguageModelProvider;
  /** Model name or file path. */
  readonly model: string;
  /** Context window in tokens when known (prompt and answer together must fit). */
  readonly contextLength?: number;
  /** Whether {@link LanguageModelClient.embed} is available. */
  readonly embeddings: boolean;
}

/**
 * A language model behind one interface. Implementations serialize or pool calls as they need;
 * callers may call concurrently. Every failure is a {@link LanguageModelError}.
 */
export interface LanguageModelClient {
  /** Generates one answer to `request`. */
  complete(request: CompletionRequest): Promise<Completion>;
  /**
   * Embeds each text into one vector of the model's dimension (same text, same vector).
   * Absent when the provider has no embeddings.
   */
  embed?(texts: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Float32Array[]>;
  /** The provider, model and context length. */
  describe(): LanguageModelDescription;
  /** Releases the model, sockets and native memory; the client is unusable afterwards. */
  dispose(): Promise<void>;
}

/**
 * Why a call failed. Retryable kinds may succeed when the same call is made again later;
 * permanent ones will not until configuration or input changes.
 */
export const LANGUAGE_MODEL_ERROR_KINDS = {
  /** Connection refused, reset or DNS failure. */
  network: { retryable: true },
  /** HTTP 429: the provider asks to slow down. */
  rate_limited: { retryable: true },
  /** The call exceeded its `timeoutMs`. */
  timeout: { retryable: true },
  /** HTTP 5xx or 529 (overloaded). */
  server_error: { retryable: true },
  /** HTTP 401 / 403: the key is missing, wrong or lacks permission. */
  auth: { retryable: false },
  /** HTTP 400 / 422 / 413: the request itself is wrong (too long, bad schema, bad parameter). */
  bad_request: { retryable: false },
  /** The model file, or the named model on the server, does not exist or cannot be loaded. */
  model_missing: { retryable: false },
  /** The answer was not valid JSON although JSON was required; the raw text is kept. */
  invalid_output: { retryable: false },
  /** The provider lacks the capability asked for. */
  unsupported: { retryable: false },
  /** The caller's signal cancelled the call. */
  aborted: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

/** One of the keys of {@link LANGUAGE_MODEL_ERROR_KINDS}. */
export type LanguageModelErrorKind = keyof typeof LANGUAGE_MODEL_ERROR_KINDS;

/** Options of a {@link LanguageModelError}. */
export interface LanguageModelErrorOptions {
  readonly provider: LanguageModelProvider;
  /** HTTP status when the provider answered with one. */
  readonly status?: number;
  /** The model's raw answer when it could not be used (kind `invalid_output`), for the audit log. */
  readonly rawText?: string;
  readonly cause?: unknown;
}

/**
 * A failed language-model call as data: `kind` says what happened, `retryable` whether the
 * caller may try again. Messages never contain credentials.
 */
export class LanguageModelError extends Error {
  override readonly name = 'LanguageModelError';
  readonly kind: LanguageModelErrorKind;
  readonly retryable: boolean;
  readonly provider: LanguageModelProvider;
  readonly status: number | undefined;
  readonly rawText: string | undefined;

  constructor(kind: LanguageModelErrorKind, message: string, options: LanguageModelErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.retryable = LANGUAGE_MODEL_ERROR_KINDS[kind].retryable;
    this.provider = options.provider;
    this.status = options.status;
    this.rawText = options.rawText;
  }
}

/** True when `error` is a {@link LanguageModelError} that may succeed on a later attempt. */
export function isRetryableLanguageModelError(error: unknown): boolean {
  return error instanceof LanguageModelError && error.retryable;
}

/**
 * Parses a JSON answer or fails with kind `invalid_output`, keeping the raw text. Models often
 * wrap JSON in a Markdown fence; one surrounding fence is accepted, nothing else is repaired.
 */
export function parseJsonAnswer(text: string, provider: LanguageModelProvider): unknown {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  const body = fenced ? fenced[1] : text;
  try {
    return JSON.parse(body);
  } catch (cause) {
    const preview = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new LanguageModelError('invalid_output', `the model's answer is not valid JSON: ${JSON.stringify(preview)}`, {
      provider,
      rawText: text,
      cause,
    });
  }
}
