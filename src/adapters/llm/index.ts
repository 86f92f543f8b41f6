export { AnthropicClient, type AnthropicClientOptions } from './anthropic-client.ts';
export { type CallDeadline, raceDeadline, startCallDeadline } from './call-deadline.ts';
export { createLanguageModelClient, type LlmEnvironment } from './create-language-model-client.ts';
export {
  anthropicProviderConfig,
  type LlmProviderConfig,
  llamaCppProviderConfig,
  llmProviderConfig,
  noProviderConfig,
  openAiCompatibleProviderConfig,
} from './llm-provider-config.ts';
export { kindOfStatus } from './map-http-error.ts';
export { NodeLlamaCppClient, type NodeLlamaCppClientOptions } from './node-llama-cpp-client.ts';
export {
  OPENAI_JSON_MODES,
  OpenAiCompatibleClient,
  type OpenAiCompatibleClientOptions,
  type OpenAiJsonMode,
} from './openai-compatible-client.ts';
