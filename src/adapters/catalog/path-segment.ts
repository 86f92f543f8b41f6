/**
 * Venue and symbol names as directory names, reversibly. Letters, digits, `-` and `_` are kept;
 * every other byte of the name's UTF-8 form (`/`, `.`, `%`, spaces, `:` …) becomes `%XX` with two
 * upper-case hex digits, so `BTC/USDT` → `BTC%2FUSDT` and `ES.FUT` → `ES%2EFUT`. The result is a
 * single path segment on POSIX and Windows (never `.`/`..`, no separator, no reserved character);
 * `decodePathSegment` inverts it exactly. Names differing only in case map to different segments,
 * which a case-insensitive file system (macOS, Windows) would merge: venues are upper case by
 * convention and symbols are kept as given.
 */
const KEPT = /^[A-Za-z0-9_-]$/;

/** The directory name of a venue or symbol (see the file comment for the rule). */
export function encodePathSegment(name: string): string {
  if (name.length === 0) throw new Error('encodePathSegment: the name must be non-empty');
  let out = '';
  for (const character of name) {
    if (KEPT.test(character)) {
      out += character;
      continue;
    }
    for (const byte of new TextEncoder().encode(character))
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The name a directory segment stands for; throws on a segment `encodePathSegment` cannot produce. */
export function decodePathSegment(segment: string): string {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(segment))
    throw new Error(`decodePathSegment: '${segment}' is not an encoded catalog name`);
  const decoded = decodeURIComponent(segment);
  if (encodePathSegment(decoded) !== segment)
    throw new Error(`decodePathSegment: '${segment}' is not in canonical form`);
  return decoded;
}
