/**
 * The JSONL text of records: each record as one line of JSON (`JSON.stringify`, so keys keep the
 * caller's order and newlines inside strings are escaped, never splitting a line), each line
 * ending in a newline; the empty string for no records. Throws before returning anything when a
 * record cannot be written as a JSON object (a BigInt, a cycle, not an object), so a batch is
 * written whole or not at all. The one line format of Tradewind's audit mirrors.
 */
export function jsonLines(records: readonly object[]): string {
  let text = '';
  for (const record of records) {
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new TypeError(`an audit record must be a plain object, got ${JSON.stringify(record)}`);
    text += `${JSON.stringify(record)}\n`;
  }
  return text;
}
