/**
 * A run the advisor cannot read: a missing file, a malformed CSV row or JSON line, a value out of
 * place. The message starts with the file (and line, when there is one), so the user can go and look.
 */
export class AdvisorInputError extends Error {
  override readonly name = 'AdvisorInputError';

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}
