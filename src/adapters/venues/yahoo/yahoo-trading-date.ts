const formatters = new Map<string, Intl.DateTimeFormat>();

/** `en-CA` formats dates as `YYYY-MM-DD`; one formatter per zone, kept (they are costly to build). */
function dateFormatter(zone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      return undefined;
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The exchange-local trading date of a Yahoo daily-bar timestamp (Unix s, the session's open
 * instant), as `YYYY-MM-DD` and as Unix ms of that date's midnight UTC (our daily open time).
 * The date is read in the exchange's IANA zone (`meta.exchangeTimezoneName`), which knows the
 * daylight-saving rules of every year; only when Yahoo names no zone (or one this runtime does not
 * know) is `meta.gmtoffset` (s, the offset in force now) used, which is exact for a timestamp at
 * an open far from midnight.
 */
export function yahooTradingDate(
  timestampSeconds: number,
  zone: string | undefined,
  gmtoffsetSeconds: number,
): { date: string; millis: number } {
  const instant = timestampSeconds * 1000;
  const formatter = zone === undefined ? undefined : dateFormatter(zone);
  const date =
    formatter === undefined
      ? new Date(instant + gmtoffsetSeconds * 1000).toISOString().slice(0, 10)
      : formatter.format(instant);
  return { date, millis: Date.parse(`${date}T00:00:00Z`) };
}
