import { LanguageModelError, type LanguageModelProvider } from '../../core/advisor/llm-client.ts';

/**
 * The budget of one call: one signal that fires when the caller cancels or `timeoutMs` passes,
 * and which of the two it was, so that a timeout is reported as retryable and a cancel is not.
 */
export interface CallDeadline {
  /** Aborted on timeout or on the caller's cancel; pass it to the SDK or the model. */
  readonly signal: AbortSignal;
  /** Whether the budget ran out (as opposed to the caller cancelling). */
  readonly timedOut: () => boolean;
  /** Throws the `timeout` or `aborted` error when the signal has fired; otherwise does nothing. */
  readonly throwIfStopped: () => void;
  /** The `timeout` or `aborted` error for a fired signal, or undefined while it has not fired. */
  readonly stopError: (cause?: unknown) => LanguageModelError | undefined;
  /** Stops the timer; call once the call has settled. */
  readonly clear: () => void;
}

/** Starts the budget of one call now; `timeoutMs` undefined means only the caller can stop it. */
export function startCallDeadline(options: {
  readonly provider: LanguageModelProvider;
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
}): CallDeadline {
  const { provider, timeoutMs, signal: callerSignal } = options;
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  const stopError = (cause?: unknown) => {
    if (!controller.signal.aborted) return undefined;
    return timedOut
      ? new LanguageModelError('timeout', `the ${provider} call timed out after ${timeoutMs} ms`, { provider, cause })
      : new LanguageModelError('aborted', `the ${provider} call was cancelled by the caller`, { provider, cause });
  };
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    stopError,
    throwIfStopped: () => {
      const error = stopError();
      if (error) throw error;
    },
    clear: () => {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Resolves as `work` does, or rejects with the deadline's error as soon as its signal fires. */
export function raceDeadline<T>(work: Promise<T>, deadline: CallDeadline): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.stopError());
    // Whatever `work` does after the deadline fired is observed here, never left unhandled.
    if (deadline.signal.aborted) onAbort();
    else deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
