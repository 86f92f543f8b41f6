import { DataFileError } from './data-file-error.ts';
import type { Quarantine } from './quarantine.ts';

/**
 * A file's records as named columns, whatever the container (CSV text, JSON arrays or objects,
 * Arrow or Parquet columns), so that one reader per data kind (trades, quotes, bars) serves every
 * format. Cells are raw: strings, numbers, bigints, booleans, Dates, null or undefined (missing).
 */
export interface RecordTable {
  /** Path, for error messages. */
  readonly file: string;
  readonly names: readonly string[];
  readonly length: number;
  /** Whether {@link location} gives 1-based text lines or 0-based array/table indexes. */
  readonly locationKind: 'line' | 'row';
  location(index: number): number;
  cell(index: number, column: number): unknown;
  /** The record as written, for quarantine reports (text files only). */
  raw(index: number): string | undefined;
}

/** A table over parallel column arrays (Arrow, DuckDB, pandas `orient=columns` JSON). */
export function columnarTable(file: string, columns: Record<string, ArrayLike<unknown>>): RecordTable {
  const names = Object.keys(columns);
  const arrays = names.map((name) => columns[name]);
  const length = arrays.length === 0 ? 0 : arrays[0].length;
  return {
    file,
    names,
    length,
    locationKind: 'row',
    location: (index) => index,
    cell: (index, column) => arrays[column][index],
    raw: () => undefined,
  };
}

/** A table over JSON rows that are arrays, with positional `names`; a short or non-array row reads as missing cells. */
export function arrayRowsTable(file: string, names: readonly string[], rows: readonly unknown[]): RecordTable {
  return {
    file,
    names,
    length: rows.length,
    locationKind: 'row',
    location: (index) => index,
    cell: (index, column) => {
      const row = rows[index];
      return Array.isArray(row) ? row[column] : undefined;
    },
    raw: (index) => JSON.stringify(rows[index]),
  };
}

/** A table over JSON rows that are objects; the names are the keys of the first row. */
export function objectRowsTable(file: string, rows: readonly unknown[]): RecordTable {
  const first = rows[0];
  const names = typeof first === 'object' && first !== null ? Object.keys(first) : [];
  return {
    file,
    names,
    length: rows.length,
    locationKind: 'row',
    location: (index) => index,
    cell: (index, column) => {
      const row = rows[index];
      return typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[names[column]] : undefined;
    },
    raw: (index) => JSON.stringify(rows[index]),
  };
}

/** Splits one CSV line: RFC 4180 quoting when the line has a quote, a plain split otherwise. */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char !== '"') cell += char;
      else if (line[i + 1] === '"') cell += line[++i];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

/** Options of {@link csvTable}. */
export interface CsvTableOptions {
  /** Column names of a headerless file; absent: the first line is the header. */
  readonly names?: readonly string[];
  /** Receives lines with the wrong number of fields, blank lines and unterminated quotes. */
  readonly quarantine: Quarantine;
}

/**
 * A table over CSV text. Lines whose field count differs from the header's, blank lines between
 * rows and unterminated quotes are rejected through the quarantine (with their line number) and
 * left out of the table; trailing blank lines are ignored.
 */
export function csvTable(file: string, text: string, options: CsvTableOptions): RecordTable {
  const lines = text.split('\n');
  if (lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  if (end === 0) throw new DataFileError(file, {}, 'the file is empty');
  const strip = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
  let names = options.names;
  let start = 0;
  if (names === undefined) {
    const header = splitCsvLine(strip(lines[0]));
    if (header === undefined) throw new DataFileError(file, { line: 1 }, 'malformed header: unterminated quote');
    names = header.map((name) => name.trim());
    start = 1;
  }
  const rows: string[][] = [];
  const lineNumbers: number[] = [];
  const texts: string[] = [];
  for (let i = start; i < end; i++) {
    const line = strip(lines[i]);
    const cells = line === '' ? undefined : splitCsvLine(line);
    try {
      if (line === '') throw new DataFileError(file, { line: i + 1 }, 'malformed row: blank line');
      if (cells === undefined) {
        throw new DataFileError(file, { line: i + 1, value: line }, 'malformed row: unterminated quoted field');
      }
      if (cells.length !== names.length) {
        throw new DataFileError(
          file,
          { line: i + 1, value: line },
          `malformed row: expected ${names.length} fields, got ${cells.length}`,
        );
      }
    } catch (error) {
      options.quarantine.reject(error, line);
      continue;
    }
    rows.push(cells as string[]);
    lineNumbers.push(i + 1);
    texts.push(line);
  }
  return {
    file,
    names,
    length: rows.length,
    locationKind: 'line',
    location: (index) => lineNumbers[index],
    cell: (index, column) => rows[index][column],
    raw: (index) => texts[index],
  };
}

/** Index of the first column whose trimmed, lower-cased name is one of `candidates` (in candidate order), or -1. */
export function findColumn(table: RecordTable, candidates: readonly string[]): number {
  const folded = table.names.map((name) => name.trim().toLowerCase());
  for (const candidate of candidates) {
    const index = folded.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/** Index of the first column named exactly one of `candidates` (case-sensitive, for one-letter exchange keys), or -1. */
export function findExactColumn(table: RecordTable, candidates: readonly string[]): number {
  for (const candidate of candidates) {
    const index = table.names.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}
