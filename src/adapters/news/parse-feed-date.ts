const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 822 zone names (offset in minutes). Military one-letter zones other than Z are ambiguous in practice and refused. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const RFC822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun),\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4}|\d{2})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|[a-z]{1,3})$/i;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

/** UTC ms of a calendar date and time, or undefined when a field is out of range (31 February, 25:00). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  const time = Date.UTC(year, month, day, hour, minute, second, ms);
  const date = new Date(time);
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60)
    return undefined;
  return time;
}

/**
 * Unix ms of an RFC 822 / RFC 1123 date as RSS `pubDate` has it (`Sat, 21 Nov 2026 10:00:00 GMT`,
 * `… +0100`, `… EST`); two-digit years are 1950–2049. Undefined when it is not such a date.
 */
export function parseRfc822Date(text: string): number | undefined {
  const match = RFC822.exec(text.trim());
  if (match === null) return undefined;
  const month = MONTHS.indexOf(match[2]!.toLowerCase());
  if (month === -1) return undefined;
  let year = Number(match[3]);
  if (match[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  const zone = match[7]!;
  let offset: number | undefined;
  if (/^[+-]\d{4}$/.test(zone)) {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(3));
    if (minutes > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  } else offset = ZONES[zone.toLowerCase()];
  if (offset === undefined) return undefined;
  const time = utc(year, month, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0), 0);
  return time === undefined ? undefined : time - offset * 60_000;
}

/**
 * Unix ms of an RFC 3339 timestamp as Atom (and the webhook) have it (`2026-11-21T10:00:00Z`,
 * `…+01:00`, fractions of a second allowed). A time zone is required: a zone-less time would be
 * read in the machine's zone. Undefined when it is not such a timestamp.
 */
export function parseRfc3339Date(text: string): number | undefined {
  const match = RFC3339.exec(text.trim());
  if (match === null) return undefined;
  const ms = match[7] === undefined ? 0 : Math.floor(Number(`0${match[7]}`) * 1000);
  const zone = match[8]!;
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4));
    if (hours > 23 || minutes > 59) return undefined;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const time = utc(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6] ?? 0),
    ms,
  );
  return time === undefined ? undefined : time - offset * 60_000;
}
