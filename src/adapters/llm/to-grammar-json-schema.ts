import type { JsonSchema } from '../../core/advisor/llm-client.ts';

/**
 * The schema as node-llama-cpp's grammar builder understands it. Its JSON-schema subset knows
 * `oneOf` but not `anyOf`, and silently reads a node it does not know as "any JSON value" (so an
 * `anyOf` of objects lets the model write `null`). For generation both mean "one of these
 * alternatives", so every `anyOf` becomes a `oneOf`; nothing else changes. Servers (OpenAI's
 * strict mode among them) get the caller's schema untouched.
 */
export function toGrammarJsonSchema(schema: JsonSchema): JsonSchema {
  return translate(schema) as JsonSchema;
}

function translate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translate);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // `const` and `enum` hold data, not schemas: copied as they are.
    if (key === 'const' || key === 'enum') out[key] = value;
    else if (key === 'anyOf' && !('oneOf' in node)) out.oneOf = translate(value);
    else out[key] = translate(value);
  }
  return out;
}
