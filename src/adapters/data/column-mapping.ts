import { DataFileError } from './data-file-error.ts';

/**
 * Which columns hold a bar's fields: header names (matched exactly, then case-insensitively), or
 * 0-based column indexes written as strings for headerless files. `date` + `time` name split date
 * and time-of-day columns, used instead of `timestamp`.
 */
export interface ColumnMapping {
  timestamp: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume?: string;
  date?: string;
  time?: string;
}

/** 0-based column indexes of a file's bar fields; -1 where the file has no such column. */
export interface ColumnIndexes {
  readonly timestamp: number;
  readonly date: number;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly adjClose: number;
}

/** Inputs of {@link resolveColumns}. */
export interface ResolveColumnsOptions {
  readonly file: string;
  /** Header cells, or `undefined` for a headerless file. */
  readonly header: readonly string[] | undefined;
  /** Number of columns (of the header, or of the first row when headerless). */
  readonly columnCount: number;
  readonly mapping: Partial<ColumnMapping> | undefined;
  /** Also find an adjusted-close column (required). */
  readonly adjClose: boolean;
  /** Line of the header, for error messages (undefined for non-text files). */
  readonly line: number | undefined;
}

const DEFAULT_NAMES = {
  timestamp: ['timestamp', 'datetime', 'date', 'time', 'open_time', 'open time', ''],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
  adjClose: ['adj close', 'adj_close', 'adjclose', 'adjusted close', 'adjusted_close'],
} as const;

type Field = keyof typeof DEFAULT_NAMES | 'date' | 'time';

/** A header with `Date` and `Time` columns (and no combined one) splits the timestamp in two. */
function hasSplitDateTime(folded: readonly string[]): boolean {
  return (
    folded.includes('date') && folded.includes('time') && !folded.includes('timestamp') && !folded.includes('datetime')
  );
}

/** Resolves a mapping (or the default names) to column indexes, or throws a DataFileError naming the columns. */
export function resolveColumns(options: ResolveColumnsOptions): ColumnIndexes {
  const { file, header, columnCount, mapping = {}, line } = options;
  const folded = header?.map((cell) => cell.trim().toLowerCase());
  const describe = (): string =>
    header === undefined
      ? `the file has no header; name columns by 0-based index 0..${columnCount - 1}`
      : `the header's columns are: ${header.map((cell) => `'${cell}'`).join(', ')}`;

  const lookup = (field: Field, name: string): number => {
    if (header !== undefined) {
      const exact = header.indexOf(name);
      if (exact >= 0) return exact;
      const index = folded!.indexOf(name.trim().toLowerCase());
      if (index >= 0) return index;
    }
    if (/^\d+$/.test(name) && Number(name) < columnCount) return Number(name);
    throw new DataFileError(file, { line, field: field }, `column '${name}' not found; ${describe()}`);
  };
  const byDefault = (field: keyof typeof DEFAULT_NAMES, required: boolean, fallbackIndex: number): number => {
    if (folded === undefined) return fallbackIndex;
    for (const name of DEFAULT_NAMES[field]) {
      const index = folded.indexOf(name);
      if (index >= 0) return index;
    }
    if (!required) return -1;
    throw new DataFileError(
      file,
      { line, field },
      `no column found for '${field}'; ${describe()}; name it in options.columns.${field}`,
    );
  };
  const pick = (field: 'open' | 'high' | 'low' | 'close', fallbackIndex: number): number => {
    const name = mapping[field];
    return name !== undefined ? lookup(field, name) : byDefault(field, true, fallbackIndex);
  };

  if (header === undefined && columnCount < 5 && Object.keys(mapping).length === 0) {
    throw new DataFileError(file, { line }, `a headerless row needs at least 5 columns, got ${columnCount}`);
  }
  let timestamp = -1;
  let date = -1;
  let time = -1;
  if (mapping.date !== undefined || mapping.time !== undefined) {
    if (mapping.date === undefined || mapping.time === undefined || mapping.timestamp !== undefined) {
      throw new DataFileError(file, { line }, 'columns: give either timestamp, or both date and time');
    }
    date = lookup('date', mapping.date);
    time = lookup('time', mapping.time);
  } else if (mapping.timestamp !== undefined) {
    timestamp = lookup('timestamp', mapping.timestamp);
  } else if (folded !== undefined && hasSplitDateTime(folded)) {
    date = folded.indexOf('date');
    time = folded.indexOf('time');
  } else {
    timestamp = byDefault('timestamp', true, 0);
  }
  return {
    timestamp,
    date,
    time,
    open: pick('open', 1),
    high: pick('high', 2),
    low: pick('low', 3),
    close: pick('close', 4),
    volume:
      mapping.volume !== undefined
        ? lookup('volume', mapping.volume)
        : byDefault('volume', false, columnCount > 5 ? 5 : -1),
    adjClose: options.adjClose ? byDefault('adjClose', true, -1) : -1,
  };
}
