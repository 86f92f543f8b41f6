import pino from 'pino';

/** What a redacted secret is written as (the runtime's config printout uses the same mark). */
export const REDACTED = '***';

/**
 * Field names whose values never reach a log line, at any of the first {@link REDACT_DEPTH} levels
 * of nesting: credentials of venues, stores, LLM servers and HTTP requests, in the snake_case and
 * camelCase spellings the code base uses.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'api_key',
  'apiKey',
  'secret',
  'api_secret',
  'apiSecret',
  'passphrase',
  'password',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'authorization',
  'cookie',
  'private_key',
  'privateKey',
  'database_url',
  'databaseUrl',
  'DATABASE_URL',
];

/** Levels of nesting below the top at which a redacted key is still found (`a.b.c.d.password`). */
export const REDACT_DEPTH = 4;

/** A key pino's path syntax can name with a dot (anything else is written in brackets). */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * pino `redact.paths` that name each key at the top and under up to {@link REDACT_DEPTH} wildcard
 * levels (`password`, `*.password`, `*.*.password`, ...). pino redacts by path, not by name, so the
 * name is spelled out once per depth; arrays count as a level (`orders.*.token`).
 */
export function redactPaths(keys: readonly string[]): string[] {
  const paths: string[] = [];
  for (const key of new Set(keys)) {
    const leaf = PLAIN_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
    for (let depth = 0; depth <= REDACT_DEPTH; depth++) {
      const prefix = '*.'.repeat(depth);
      paths.push(leaf.startsWith('[') && depth > 0 ? `${prefix.slice(0, -1)}${leaf}` : `${prefix}${leaf}`);
    }
  }
  return paths;
}

/** The user-info part of a URL (`postgres://user:pass@`, `https://token@`): what {@link scrubCredentials} hides. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** A string with the credentials of every URL in it replaced by `***` (`postgres://***@db:5432/x`). */
export function scrubUrlCredentials(text: string): string {
  return text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text;
}

/**
 * A log field value with no credentials left in its text: `Error`s become plain objects (pino's
 * `err` shape: type, message, stack, cause...) and every string, at any depth, loses the user-info
 * of the URLs it contains, so a connection URL in an error message or a config dump cannot leak.
 * Returns the input itself when nothing had to change (no copy on the common path); never mutates it.
 * Key-name redaction is pino's `redact` option ({@link redactPaths}), applied afterwards.
 */
export function scrubCredentials(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubUrlCredentials(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return value; // a cycle: pino's safe stringify writes it as "[Circular]"
  if (value instanceof Error) return scrubCredentials({ ...pino.stdSerializers.err(value) }, seen);
  seen.add(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const scrubbed = scrubCredentials(item, seen);
      if (scrubbed !== item) (copy ??= value.slice())[index] = scrubbed;
    });
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const scrubbed = scrubCredentials(item, seen);
    if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
  }
  return copy ?? value;
}
