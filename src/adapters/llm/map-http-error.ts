import {
  LanguageModelError,
  type LanguageModelErrorKind,
  type LanguageModelProvider,
} from '../../core/advisor/llm-client.ts';
import type { CallDeadline } from './call-deadline.ts';

/** What an HTTP SDK error (openai, @anthropic-ai/sdk: both Stainless-generated) says about a failure. */
export interface HttpFailure {
  /** The response status, when a response arrived. */
  readonly status?: number;
  /** No response: refused, reset, DNS, or the SDK's own timeout. */
  readonly connection: boolean;
  /** The SDK's own request timeout fired. */
  readonly sdkTimeout: boolean;
  readonly message: string;
}

/** The error kind of an HTTP status: 429 rate limit, 5xx (and 529 overloaded) and 408/409 retryable. */
export function kindOfStatus(status: number): LanguageModelErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'model_missing';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status === 409 || status >= 500) return 'server_error';
  return 'bad_request';
}

/** Replaces each secret in `text` so that error messages never carry a key. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= 4) redacted = redacted.split(secret).join('[REDACTED]');
  return redacted;
}

/**
 * Translates an SDK failure into a {@link LanguageModelError}: the deadline decides between
 * timeout and cancel first (the SDK reports both as a user abort), then status, then connection.
 * The SDK error is not kept as `cause`: it carries request and response headers (the key among
 * them); its message is kept with every secret redacted.
 */
export function mapHttpFailure(
  failure: HttpFailure,
  options: {
    readonly provider: LanguageModelProvider;
    readonly deadline: CallDeadline;
    readonly secrets: readonly string[];
    readonly model: string;
  },
): LanguageModelError {
  const { provider, deadline, secrets, model } = options;
  const stopped = deadline.stopError();
  if (stopped) return stopped;
  const message = redactSecrets(failure.message, secrets);
  if (failure.sdkTimeout) return new LanguageModelError('timeout', `${provider}: ${message}`, { provider });
  if (failure.status !== undefined) {
    const kind = kindOfStatus(failure.status);
    const hint = kind === 'model_missing' ? ` (is model "${model}" served at this base URL?)` : '';
    return new LanguageModelError(kind, `${provider} answered HTTP ${failure.status}: ${message}${hint}`, {
      provider,
      status: failure.status,
    });
  }
  if (failure.connection) return new LanguageModelError('network', `${provider}: ${message}`, { provider });
  return new LanguageModelError('bad_request', `${provider}: ${message}`, { provider });
}
