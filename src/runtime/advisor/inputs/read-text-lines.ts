import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { splitCsvLine } from '../../../adapters/data/record-table.ts';
import { AdvisorInputError } from './advisor-input-error.ts';

/** One CSV record: its cells, and the line it starts on (1-based; the header is line 1). */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** The lines of a text file, streamed (a run's equity.csv may hold millions), with their 1-based numbers. */
async function* numberedLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  for await (const text of lines) yield { line: ++line, text };
}

/**
 * The records of a CSV file after its header, checked: each has the header's number of fields
 * (RFC 4180 quoting, a quoted field may span lines); blank lines are skipped. `file` names the file
 * in errors. The header must hold every column of `required`; returns their indices with the rows,
 * and those of the `optional` columns the header has.
 */
export async function* csvRecords(
  path: string,
  file: string,
  required: readonly string[],
  optional: readonly string[] = [],
): AsyncGenerator<CsvRecord & { readonly columns: Readonly<Record<string, number>> }> {
  let header: string[] | undefined;
  let columns: Record<string, number> = {};
  let pending: string | undefined;
  let start = 0;
  for await (const { line, text } of numberedLines(path)) {
    if (pending === undefined) start = line;
    const joined = pending === undefined ? text : `${pending}\n${text}`;
    const cells = splitCsvLine(joined);
    if (cells === undefined) {
      pending = joined;
      continue;
    }
    pending = undefined;
    if (joined.trim() === '') continue;
    if (header === undefined) {
      header = cells.map((cell) => cell.trim());
      columns = {};
      for (const name of required) {
        const index = header.indexOf(name);
        if (index < 0)
          throw new AdvisorInputError(file, start, `the header has no '${name}' column (found: ${header.join(', ')})`);
        columns[name] = index;
      }
      for (const name of optional) if (header.includes(name)) columns[name] = header.indexOf(name);
      continue;
    }
    if (cells.length !== header.length)
      throw new AdvisorInputError(
        file,
        start,
        `expected ${header.length} fields as the header has, found ${cells.length}`,
      );
    yield { line: start, cells, columns };
  }
  if (pending !== undefined) throw new AdvisorInputError(file, start, 'a quoted field is never closed');
  if (header === undefined) throw new AdvisorInputError(file, undefined, 'the file is empty (no header line)');
}

/** The JSON objects of a JSON Lines file, one per non-blank line, with their line numbers. */
export async function* jsonLineRecords(
  path: string,
  file: string,
): AsyncGenerator<{ readonly line: number; readonly value: Record<string, unknown> }> {
  for await (const { line, text } of numberedLines(path)) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AdvisorInputError(file, line, `not a JSON line: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new AdvisorInputError(file, line, 'a line must be a JSON object');
    yield { line, value: value as Record<string, unknown> };
  }
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A cell as an ISO-8601 UTC time (Unix ms); an AdvisorInputError naming the file, line and column otherwise. */
export function timeCell(record: CsvRecord, index: number, file: string, column: string): number {
  const text = record.cells[index]!.trim();
  const time = ISO_UTC.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(time))
    throw new AdvisorInputError(file, record.line, `${column} '${clip(text)}' is not an ISO-8601 UTC time`);
  return time;
}

/** A cell as a finite number; empty is allowed only when `optional` (then undefined). */
export function numberCell(
  record: CsvRecord,
  index: number,
  file: string,
  column: string,
  optional: true,
): number | undefined;
export function numberCell(record: CsvRecord, index: number, file: string, column: string): number;
export function numberCell(
  record: CsvRecord,
  index: number,
  file: string,
  column: string,
  optional = false,
): number | undefined {
  const text = record.cells[index]!.trim();
  if (text === '' && optional) return undefined;
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value))
    throw new AdvisorInputError(file, record.line, `${column} '${clip(text)}' is not a number`);
  return value;
}

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
