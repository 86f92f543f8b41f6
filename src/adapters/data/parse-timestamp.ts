/**
 * How timestamps are written in a file. `auto` looks at the first value: an integer (optionally
 * with a fraction) is epoch seconds, milliseconds, microseconds or nanoseconds by its number of
 * integer digits (≤ 11, 12–14, 15–17, ≥ 18); anything else is ISO 8601.
 */
/** Every way a timestamp may be written (`auto` detects it), for validating user input. */
export const TIMESTAMP_FORMATS = [
  'auto',
  'epoch-s',
  'epoch-ms',
  'epoch-us',
  'epoch-ns',
  'iso8601',
  'date',
  'mdy',
  'dmy',
] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

/** A timestamp format with `auto` decided. */
export type ConcreteTimestampFormat = Exclude<TimestampFormat, 'auto'>;

const MS_PER_DAY = 86_400_000;
/** Power of ten that turns one unit into milliseconds. */
const EPOCH_EXPONENT = { 'epoch-s': 3, 'epoch-ms': 0, 'epoch-us': -3, 'epoch-ns': -6 } as const;

const FORMAT_HINTS: Readonly<Record<ConcreteTimestampFormat, string>> = {
  'epoch-s': 'seconds since 1970-01-01 UTC, at most millisecond precision',
  'epoch-ms': 'integer milliseconds since 1970-01-01 UTC',
  'epoch-us': 'microseconds since 1970-01-01 UTC, a whole number of milliseconds',
  'epoch-ns': 'nanoseconds since 1970-01-01 UTC, a whole number of milliseconds',
  iso8601: 'YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM], UTC when no zone, whole milliseconds',
  date: 'YYYY-MM-DD',
  mdy: 'MM/DD/YYYY or MM/DD/YY [HH:MM[:SS[.fff]]], UTC (US order)',
  dmy: 'DD/MM/YYYY or DD/MM/YY [HH:MM[:SS[.fff]]], UTC (European order)',
};

/** Human description of what a format accepts (for error messages). */
export function describeTimestampFormat(format: ConcreteTimestampFormat): string {
  return `${format}: ${FORMAT_HINTS[format]}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Index where the integer part of an optionally signed decimal ends, or -1 if `text` is not one. */
function integerPartEnd(text: string): number {
  let i = text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43 ? 1 : 0;
  const start = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === start) return -1;
  if (i < text.length && text.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    if (j !== text.length) return -1;
  } else if (i !== text.length) return -1;
  return i;
}

/** Decides `auto` from a sample value (the file's first timestamp). */
export function resolveTimestampFormat(format: TimestampFormat, sample: string): ConcreteTimestampFormat {
  if (format !== 'auto') return format;
  const end = integerPartEnd(sample);
  if (end < 0) return 'iso8601';
  const digits = end - (sample.charCodeAt(0) === 45 || sample.charCodeAt(0) === 43 ? 1 : 0);
  if (digits <= 11) return 'epoch-s';
  if (digits <= 14) return 'epoch-ms';
  if (digits <= 17) return 'epoch-us';
  return 'epoch-ns';
}

/** Epoch number in `text` scaled by 10^exponent to whole milliseconds; NaN if not whole or not a number. */
function parseEpoch(text: string, exponent: number): number {
  const end = integerPartEnd(text);
  if (end < 0) return Number.NaN;
  const negative = text.charCodeAt(0) === 45;
  const signLength = negative || text.charCodeAt(0) === 43 ? 1 : 0;
  const fraction = end < text.length ? text.slice(end + 1) : '';
  const digits = text.slice(signLength, end) + fraction;
  const shift = exponent - fraction.length;
  let magnitude: number;
  if (shift >= 0) {
    magnitude = Number(digits) * 10 ** shift;
  } else {
    const keep = digits.length + shift;
    for (let i = Math.max(keep, 0); i < digits.length; i++) {
      if (digits.charCodeAt(i) !== 48) return Number.NaN; // sub-millisecond part
    }
    magnitude = keep > 0 ? Number(digits.slice(0, keep)) : 0;
  }
  if (!Number.isSafeInteger(magnitude)) return Number.NaN;
  return negative ? -magnitude : magnitude;
}

/** Non-negative integer from `count` digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO 8601 date or date-time to Unix ms; NaN when malformed or out of range. */
function parseIso(text: string, dateOnly: boolean): number {
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
    return Number.NaN;
  }
  if (day > daysInMonth(year, month)) return Number.NaN;
  const date = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (text.length === 10) return date;
  const separator = text.charCodeAt(10);
  if (dateOnly || (separator !== 84 && separator !== 32)) return Number.NaN; // 'T' or ' '
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.charCodeAt(13) !== 58) return Number.NaN;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(at) === 58) {
    second = digitsAt(text, at + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    at += 3;
    const mark = text.charCodeAt(at);
    if (mark === 46 || mark === 44) {
      at++;
      const start = at;
      while (at < text.length && isDigit(text.charCodeAt(at))) {
        const digit = text.charCodeAt(at) - 48;
        const place = at - start;
        if (place < 3) millis += digit * 10 ** (2 - place);
        else if (digit !== 0) return Number.NaN; // sub-millisecond precision
        at++;
      }
      if (at === start) return Number.NaN;
    }
  }
  let offsetMinutes = 0;
  if (at < text.length) {
    const zone = text.charCodeAt(at);
    if (zone === 90 || zone === 122) {
      at++; // 'Z'
    } else if (zone === 43 || zone === 45) {
      const offsetHours = digitsAt(text, at + 1, 2);
      at += 3;
      const colon = text.charCodeAt(at) === 58;
      if (colon) at++;
      const offsetMins = colon || at < text.length ? digitsAt(text, at, 2) : 0;
      if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return Number.NaN;
      if (at < text.length) at += 2;
      offsetMinutes = (zone === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
    } else {
      return Number.NaN;
    }
    if (at !== text.length) return Number.NaN;
  }
  return date + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMinutes * 60_000;
}

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T](.*))?$/;

/** `MM/DD/YYYY` (month first) or `DD/MM/YYYY` with an optional time, rewritten as ISO and parsed; two-digit years are 19xx from 70, else 20xx. */
function parseSlashDate(text: string, monthFirst: boolean): number {
  const match = SLASH_DATE.exec(text);
  if (match === null) return Number.NaN;
  const [, first, second, yearText, time] = match;
  const year = yearText.length === 2 ? (Number(yearText) >= 70 ? 1900 : 2000) + Number(yearText) : Number(yearText);
  const month = (monthFirst ? first : second).padStart(2, '0');
  const day = (monthFirst ? second : first).padStart(2, '0');
  const date = `${String(year).padStart(4, '0')}-${month}-${day}`;
  if (time === undefined) return parseIso(date, false);
  return parseIso(`${date} ${/^\d:/.test(time) ? `0${time}` : time}`, false);
}

/**
 * Parses one timestamp to integer Unix milliseconds (UTC). Returns NaN when the text does not
 * match the format, or carries a non-zero sub-millisecond part (never rounded away silently).
 */
export function parseTimestamp(text: string, format: ConcreteTimestampFormat): number {
  switch (format) {
    case 'iso8601':
      return parseIso(text, false);
    case 'date':
      return text.length === 10 ? parseIso(text, true) : Number.NaN;
    case 'mdy':
    case 'dmy':
      return parseSlashDate(text, format === 'mdy');
    default:
      return parseEpoch(text, EPOCH_EXPONENT[format]);
  }
}
