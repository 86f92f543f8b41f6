/**
 * Strict decimal parse of a text field: digits with optional sign, point and exponent (and
 * surrounding blanks). Returns NaN for anything else, including '', 'NaN', 'Infinity', 'null',
 * hexadecimal and other forms `Number()` would accept or turn into 0.
 */
export function parseDecimal(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code !== 46 && code !== 43 && code !== 45 && code !== 101 && code !== 69 && code !== 32 && code !== 9) {
      return Number.NaN;
    }
  }
  return digits === 0 ? Number.NaN : Number(text);
}
