import { expect } from 'vitest';
import { LanguageModelError } from '../../core/advisor/llm-client.ts';

/** Test support: awaits a call that must fail and returns its `LanguageModelError` (a test fails otherwise). */
export async function languageModelFailure(promise: Promise<unknown>): Promise<LanguageModelError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the call fails with a LanguageModelError').toBeInstanceOf(LanguageModelError);
  return error as LanguageModelError;
}
