/**
 * JSON text with object keys sorted by UTF-16 code units (`Array.prototype.sort`) at every depth and no whitespace, so that equal
 * values give equal text whatever order their keys were written in. `undefined` members are left
 * out (as JSON.stringify does). Throws on values JSON cannot carry exactly (NaN, ±Infinity,
 * functions, bigints): text that is hashed must survive a round trip through a JSON file.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        if (record[key] === undefined) continue;
        members.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}
