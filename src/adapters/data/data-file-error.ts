/** Where in a data file a problem sits: a 1-based text line (CSV) or a 0-based array index (JSON, Feather). */
export interface DataFileLocation {
  /** 1-based line number in the file, for text formats. */
  readonly line?: number;
  /** 0-based index of the row in the file's array (JSON) or table (Feather). */
  readonly row?: number;
  /** Bar field (`timestamp`, `open`, `high`, `low`, `close`, `volume`) or column the problem is in. */
  readonly field?: string;
  /** The offending value as written in the file (or as parsed), when there is one. */
  readonly value?: string;
}

/**
 * A data file that cannot be loaded as it is: malformed, inconsistent, unsorted or empty. The
 * message names the file, the place (`file:LINE:` for text, `file: row N:` for arrays), the field
 * and the offending value, e.g. `data/x.csv:17: field 'high': 101.5 is below low 102`.
 */
export class DataFileError extends Error {
  /** The path as given to the loader. */
  readonly file: string;
  /** 1-based line number, for text formats; `undefined` when the problem is not on one line. */
  readonly line: number | undefined;
  /** 0-based array index, for JSON and Feather; `undefined` otherwise. */
  readonly row: number | undefined;
  /** The bar field or column concerned, when there is one. */
  readonly field: string | undefined;
  /** The offending value, when known (for quarantine reports). */
  readonly value: string | undefined;
  /** The message without the file and place prefix. */
  readonly detail: string;

  constructor(file: string, location: DataFileLocation, detail: string) {
    const place =
      location.line !== undefined ? `:${location.line}` : location.row !== undefined ? `: row ${location.row}` : '';
    const field = location.field !== undefined ? ` field '${location.field}':` : '';
    super(`${file}${place}:${field} ${detail}`);
    this.name = 'DataFileError';
    this.file = file;
    this.line = location.line;
    this.row = location.row;
    this.field = location.field;
    this.value = location.value;
    this.detail = detail;
  }
}
