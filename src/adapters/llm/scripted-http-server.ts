import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received, as the tests inspect it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** What a scripted step answers: a status, headers and a JSON body, optionally after a delay. */
export interface ScriptedResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds to wait before answering (a slow server). */
  readonly delayMs?: number;
}

/** A step of the script: a fixed answer or one computed from the request. */
export type ScriptedStep = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

/** A running {@link startScriptedHttpServer}. */
export interface ScriptedHttpServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Queues answers for the next requests, in order. */
  script(...steps: ScriptedStep[]): void;
  close(): Promise<void>;
}

/**
 * Test support: a real HTTP server on 127.0.0.1 (random port) that answers each request with
 * the next scripted step, so that provider SDKs are exercised over a real socket with the
 * protocol's real status codes and bodies. An unscripted request gets a 599 with a clear message.
 */
export async function startScriptedHttpServer(): Promise<ScriptedHttpServer> {
  const steps: ScriptedStep[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(request);
      const step = steps.shift();
      const response =
        step === undefined
          ? { status: 599, body: { error: { message: `unscripted request ${request.method} ${request.path}` } } }
          : typeof step === 'function'
            ? step(request)
            : step;
      const send = () => {
        timers.delete(timer);
        if (outgoing.destroyed) return;
        outgoing.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
        outgoing.end(JSON.stringify(response.body));
      };
      const timer = setTimeout(send, response.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...more) => {
      steps.push(...more);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What {@link chatCompletionAnswer} may vary. */
export interface ChatCompletionOptions {
  readonly model?: string;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** Milliseconds before the answer (a slow server). */
  readonly delayMs?: number;
}

/** A chat-completions answer as OpenAI-protocol servers (Ollama, llama.cpp server, vLLM) send it. */
export function chatCompletionAnswer(content: string, options: ChatCompletionOptions = {}): ScriptedResponse {
  const promptTokens = options.promptTokens ?? 42;
  const completionTokens = options.completionTokens ?? 9;
  return {
    status: 200,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_763_000_000,
      model: options.model ?? 'llama3.1:8b',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}
