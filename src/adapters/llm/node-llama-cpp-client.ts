import {
  getLlama,
  type Llama,
  LlamaChatSession,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaGrammar,
  LlamaLogLevel,
  type LlamaModel,
} from 'node-llama-cpp';
import {
  type Completion,
  type CompletionRequest,
  type JsonSchema,
  type LanguageModelClient,
  type LanguageModelDescription,
  LanguageModelError,
  parseJsonAnswer,
} from '../../core/advisor/llm-client.ts';
import { type CallDeadline, raceDeadline, startCallDeadline } from './call-deadline.ts';
import { SerialQueue } from './serial-queue.ts';
import { toGrammarJsonSchema } from './to-grammar-json-schema.ts';

/** Options of a {@link NodeLlamaCppClient}. */
export interface NodeLlamaCppClientOptions {
  /** Path of the GGUF file that answers prompts. */
  readonly modelPath: string;
  /** GGUF file for embeddings (e.g. nomic-embed-text); defaults to `modelPath`. */
  readonly embeddingModelPath?: string;
  /**
   * CPU threads. Default 1: on small machines llama.cpp's default (one per core and more) makes
   * tiny models about 100× slower through contention.
   */
  readonly maxThreads?: number;
  /** Context window in tokens; default the model's training context, at most 4096. */
  readonly contextSize?: number;
  /** Budget of a call whose request has no `timeoutMs`; undefined waits as long as it takes. */
  readonly defaultTimeoutMs?: number;
}

const DEFAULT_MAX_CONTEXT = 4096;
const MAX_CACHED_GRAMMARS = 16;

interface ChatModel {
  readonly llama: Llama;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
}

interface EmbeddingModel {
  readonly model: LlamaModel;
  readonly context: LlamaEmbeddingContext;
  readonly ownsModel: boolean;
}

/**
 * A GGUF model run in process by node-llama-cpp on the CPU, with nothing downloaded or built
 * (`build: 'never'`). The model loads on first use, once; calls are serialized on its one context
 * sequence, each starting from an empty history. With `jsonSchema` the answer is generated under
 * the schema's grammar, so it is syntactically valid JSON of that shape unless `maxTokens` cuts it
 * off; numeric ranges are not enforced by the grammar, and every listed property is generated
 * (node-llama-cpp makes optional properties required). `anyOf` is read as `oneOf`.
 */
export class NodeLlamaCppClient implements LanguageModelClient {
  readonly #options: NodeLlamaCppClientOptions;
  readonly #queue = new SerialQueue();
  readonly #grammars = new Map<string, LlamaGrammar>();
  #llama: Promise<Llama> | undefined;
  #chat: Promise<ChatModel> | undefined;
  #embedding: Promise<EmbeddingModel> | undefined;
  #disposed = false;
  #contextLength: number | undefined;

  constructor(options: NodeLlamaCppClientOptions) {
    this.#options = options;
  }

  describe(): LanguageModelDescription {
    return {
      provider: 'llama_cpp',
      model: this.#options.modelPath,
      contextLength: this.#contextLength ?? this.#options.contextSize,
      embeddings: true,
    };
  }

  /** The name of the chat template node-llama-cpp resolved from the model's metadata (loads the model). */
  async chatWrapperName(): Promise<string> {
    return this.#queue.run(async () => {
      const { context } = await this.#loadChat();
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      try {
        return session.chatWrapper.wrapperName;
      } finally {
        session.dispose({ disposeSequence: true });
      }
    });
  }

  /** The context window actually allocated and the embedding width (loads the model). */
  async loadedShape(): Promise<{ contextSize: number; embeddingSize: number; trainContextSize: number }> {
    const { model, context } = await this.#loadChat();
    return {
      contextSize: context.contextSize,
      embeddingSize: model.embeddingVectorSize,
      trainContextSize: model.trainContextSize,
    };
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    this.#assertOpen();
    const deadline = startCallDeadline({
      provider: 'llama_cpp',
      timeoutMs: request.timeoutMs ?? this.#options.defaultTimeoutMs,
      signal: request.signal,
    });
    // The budget includes the wait for the queue: the caller asked for an answer within timeoutMs.
    return raceDeadline(
      this.#queue.run(() => this.#complete(request, deadline)),
      deadline,
    ).finally(deadline.clear);
  }

  async #complete(request: CompletionRequest, deadline: CallDeadline): Promise<Completion> {
    deadline.throwIfStopped();
    const { llama, model, context } = await raceDeadline(this.#loadChat(), deadline);
    const grammar = request.jsonSchema ? await this.#grammarFor(llama, request.jsonSchema) : undefined;
    const sequence = context.getSequence();
    const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: request.system });
    try {
      const maxTokens = answerBudget(session, model, context.contextSize, request);
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      let text: string;
      try {
        text = await session.prompt(request.prompt, {
          grammar,
          maxTokens,
          temperature: request.temperature,
          signal: deadline.signal,
        });
      } catch (cause) {
        throw deadline.stopError(cause) ?? cause;
      }
      deadline.throwIfStopped();
      const completion: Completion = {
        text,
        promptTokens: sequence.tokenMeter.usedInputTokens - before.input,
        completionTokens: sequence.tokenMeter.usedOutputTokens - before.output,
        model: this.#options.modelPath,
        provider: 'llama_cpp',
      };
      return grammar ? { ...completion, json: parseJsonAnswer(text, 'llama_cpp') } : completion;
    } finally {
      // Each call starts from an empty history: no answer leaks into the next prompt.
      session.dispose({ disposeSequence: true });
    }
  }

  async embed(texts: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<Float32Array[]> {
    this.#assertOpen();
    const deadline = startCallDeadline({
      provider: 'llama_cpp',
      timeoutMs: this.#options.defaultTimeoutMs,
      signal: options?.signal,
    });
    const work = this.#queue.run(async () => {
      const { context } = await raceDeadline(this.#loadEmbedding(), deadline);
      const vectors: Float32Array[] = [];
      for (const text of texts) {
        deadline.throwIfStopped();
        vectors.push(Float32Array.from((await context.getEmbeddingFor(text)).vector));
      }
      return vectors;
    });
    return raceDeadline(work, deadline).finally(deadline.clear);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#queue.idle();
    const embedding = await this.#embedding?.catch(() => undefined);
    const chat = await this.#chat?.catch(() => undefined);
    await embedding?.context.dispose();
    if (embedding?.ownsModel) await embedding.model.dispose();
    await chat?.context.dispose();
    await chat?.model.dispose();
    this.#grammars.clear();
  }

  #assertOpen(): void {
    if (this.#disposed) throw new Error('NodeLlamaCppClient is disposed');
  }

  #loadLlama(): Promise<Llama> {
    this.#llama ??= sharedLlama(this.#threads());
    return this.#llama;
  }

  #threads(): number {
    return this.#options.maxThreads ?? 1;
  }

  #loadChat(): Promise<ChatModel> {
    this.#chat ??= (async () => {
      const llama = await this.#loadLlama();
      const model = await loadModel(llama, this.#options.modelPath);
      const context = await model.createContext({
        contextSize: this.#options.contextSize ?? { max: DEFAULT_MAX_CONTEXT },
        threads: this.#threads(),
      });
      this.#contextLength = context.contextSize;
      return { llama, model, context };
    })();
    // A failed load is not cached: the file may be fixed and the next call tries again.
    this.#chat.catch(() => {
      this.#chat = undefined;
    });
    return this.#chat;
  }

  #loadEmbedding(): Promise<EmbeddingModel> {
    this.#embedding ??= (async () => {
      const path = this.#options.embeddingModelPath;
      const shared = path === undefined || path === this.#options.modelPath;
      const model = shared ? (await this.#loadChat()).model : await loadModel(await this.#loadLlama(), path);
      const context = await model.createEmbeddingContext({
        contextSize: this.#options.contextSize ?? { max: DEFAULT_MAX_CONTEXT },
        threads: this.#threads(),
      });
      return { model, context, ownsModel: !shared };
    })();
    this.#embedding.catch(() => {
      this.#embedding = undefined;
    });
    return this.#embedding;
  }

  async #grammarFor(llama: Llama, schema: JsonSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    const cached = this.#grammars.get(key);
    if (cached) return cached;
    let grammar: LlamaGrammar;
    try {
      // The schema is the caller's; node-llama-cpp's typing wants a literal type it cannot know here.
      grammar = await llama.createGrammarForJsonSchema(
        toGrammarJsonSchema(schema) as Parameters<Llama['createGrammarForJsonSchema']>[0],
      );
    } catch (cause) {
      throw new LanguageModelError('bad_request', `the JSON schema cannot be turned into a grammar: ${String(cause)}`, {
        provider: 'llama_cpp',
        cause,
      });
    }
    if (this.#grammars.size >= MAX_CACHED_GRAMMARS) this.#grammars.delete(this.#grammars.keys().next().value!);
    this.#grammars.set(key, grammar);
    return grammar;
  }
}

/**
 * The answer's token budget: what the caller allows, capped by what is left of the context after
 * the rendered prompt (chat template included). A prompt that does not fit fails as bad_request:
 * left to itself node-llama-cpp would shift the context, silently dropping the prompt's beginning
 * (the system prompt first), which callers must do explicitly instead.
 */
function answerBudget(
  session: LlamaChatSession,
  model: LlamaModel,
  contextSize: number,
  request: CompletionRequest,
): number {
  const { contextText } = session.chatWrapper.generateContextState({
    chatHistory: [
      { type: 'system', text: request.system },
      { type: 'user', text: request.prompt },
      { type: 'model', response: [] },
    ],
  });
  const promptTokens = contextText.tokenize(model.tokenizer).length;
  const left = contextSize - promptTokens;
  if (left < 1)
    throw new LanguageModelError(
      'bad_request',
      `the prompt takes ${promptTokens} tokens of the ${contextSize}-token context: shorten it (truncate the tables) or raise context_size`,
      { provider: 'llama_cpp' },
    );
  return Math.min(request.maxTokens ?? left, left);
}

/**
 * One llama.cpp backend per thread count in the process: starting one takes about a second, and
 * clients of several tiers (or tests) share it. It lives as long as the process.
 */
const backends = new Map<number, Promise<Llama>>();

function sharedLlama(maxThreads: number): Promise<Llama> {
  let backend = backends.get(maxThreads);
  if (backend === undefined) {
    backend = getLlama({
      gpu: false,
      build: 'never',
      maxThreads,
      // Tokenizer warnings of small models would otherwise go to stderr on every load.
      logLevel: LlamaLogLevel.error,
    });
    backends.set(maxThreads, backend);
    backend.catch(() => backends.delete(maxThreads));
  }
  return backend;
}

async function loadModel(llama: Llama, modelPath: string): Promise<LlamaModel> {
  try {
    return await llama.loadModel({ modelPath });
  } catch (cause) {
    throw new LanguageModelError('model_missing', `cannot load the GGUF model ${modelPath}: ${String(cause)}`, {
      provider: 'llama_cpp',
      cause,
    });
  }
}
