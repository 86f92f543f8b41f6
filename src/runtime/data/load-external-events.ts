import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { checkEventKind } from '../../core/kernel/topics.ts';
import type { ExternalEvent } from '../../core/model/events.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { UnixMillis } from '../../core/model/time.ts';
import { ConfigError, formatIssues } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';

/** One recorded event as a file holds it. */
const eventRecord = z
  .object({
    kind: z.string().min(1).describe("what happened: 'listing', 'sentiment', 'calibration', …"),
    timestamp: z.union([z.number(), z.string()]).describe('when it became known: ISO 8601 (UTC) or Unix ms'),
    source: z.string().min(1).optional().describe('who reported it; default the file name'),
    instrument: z.string().min(1).optional().describe("the instrument it concerns (id, e.g. 'BTC-PERP.FTX')"),
    payload: z.record(z.string(), z.unknown()).default({}).describe('the event data the strategy reads'),
  })
  .strict();

/** Options of {@link loadExternalEvents}. */
export interface LoadExternalEventsOptions {
  /** Keep only events at or after this instant (Unix ms). */
  readonly from?: number;
  /** Keep only events before this instant. */
  readonly to?: number;
}

/**
 * Reads recorded external events (a listing announcement, a sentiment score, …) for a backtest
 * from a JSON Lines file (one object per line; blank lines and lines starting with `#` skipped)
 * or a `.json` file holding an array. Each record is validated: an error names the file, the
 * line (or array index) and the field, and nothing is loaded. Events outside [from, to) are left
 * out, so a backtest of a period does not receive the whole file at its first bar.
 */
export async function loadExternalEvents(
  path: string,
  options: LoadExternalEventsOptions = {},
): Promise<ExternalEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`events.path: cannot read ${path}: ${(error as Error).message}`);
  }
  const records: Array<{ where: string; value: unknown }> = [];
  if (path.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${path}: not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new ConfigError(`${path}: a .json events file holds an array of events`);
    parsed.forEach((value, index) => {
      records.push({ where: `${path} [${index}]`, value });
    });
  } else {
    text.split(/\r?\n/).forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const where = `${path}:${index + 1}`;
      try {
        records.push({ where, value: JSON.parse(trimmed) });
      } catch (error) {
        throw new ConfigError(`${where}: not valid JSON: ${(error as Error).message}`);
      }
    });
  }
  const source = basename(path);
  const events: ExternalEvent[] = [];
  for (const { where, value } of records) {
    const parsed = eventRecord.safeParse(value);
    if (!parsed.success) throw new ConfigError(formatIssues(where, parsed.error));
    const record = parsed.data;
    try {
      checkEventKind(record.kind, false);
    } catch (error) {
      throw new ConfigError(`${where}: field 'kind': ${(error as Error).message}`);
    }
    const timestamp = parseInstant(`${where}: field 'timestamp'`, record.timestamp) as number;
    if (
      (options.from !== undefined && timestamp < options.from) ||
      (options.to !== undefined && timestamp >= options.to)
    )
      continue;
    events.push({
      type: 'ExternalEvent',
      kind: record.kind,
      source: record.source ?? source,
      timestamp: timestamp as UnixMillis,
      ...(record.instrument === undefined ? {} : { instrumentId: record.instrument as InstrumentId }),
      payload: record.payload,
    });
  }
  return events;
}
