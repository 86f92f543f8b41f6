import { type FileHandle, open } from 'node:fs/promises';
import { lowerBound } from '../../core/data/lower-bound.ts';
import { BAR_COLUMN_NAMES, type BarSeries } from '../../core/model/data.ts';
import { ThriftFormatError, ThriftReader, type ThriftStruct, type ThriftValue } from './thrift-compact.ts';

/**
 * The fast path of `ParquetCatalog.readBars` (ADR 0016): bar months as this catalog writes them —
 * PLAIN-encoded, uncompressed, no dictionary, no nulls, timestamps in µs or ms — are read without
 * DuckDB, each page's values straight from the file into the series' Float64Arrays (the
 * timestamps through a small per-page buffer, converted to ms). Anything else about a file (a
 * codec, a dictionary, a null, a data page v2, another schema, timestamps not strictly
 * increasing across the files) returns null, and the caller reads through DuckDB as before.
 */

const MAGIC = 0x31524150; // "PAR1" little-endian
const INT64 = 2;
const DOUBLE = 5;
const OPTIONAL = 1;
const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const TIMESTAMP_MILLIS = 9;
const TIMESTAMP_MICROS = 10;
/** Bytes read to parse a page header and its definition levels (re-read larger when short). */
const HEADER_PROBE = 512;

interface PlainPage {
  /** File offset of the page's first value. */
  readonly valueOffset: number;
  readonly count: number;
}

/** Where a file's bar columns are. */
interface FileLayout {
  readonly handle: FileHandle;
  /** Per bar column, its pages in row order. */
  readonly pages: PlainPage[][];
  readonly rows: number;
  readonly microseconds: boolean;
}

interface FilePlan extends FileLayout {
  /** Open times (ms) and the range [first, last) of rows inside the query. */
  timestamps: Float64Array;
  first: number;
  last: number;
}

const field = (struct: ThriftStruct, id: number): ThriftValue | undefined => struct[id];
const num = (value: ThriftValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);
const utf8 = new TextDecoder();
const text = (value: ThriftValue | undefined): string => (value instanceof Uint8Array ? utf8.decode(value) : '');

async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  return bytes.subarray(0, bytesRead);
}

/** Every definition level of an RLE/bit-packed hybrid run of bit width 1 is 1 (no null). */
function allDefined(bytes: Uint8Array, count: number): boolean {
  const reader = new ThriftReader(bytes);
  let seen = 0;
  while (seen < count) {
    const header = reader.varint();
    if (header % 2 === 0) {
      if (bytes[reader.position++] !== 1) return false; // an RLE run of one value, in one byte
      seen += header / 2;
    } else {
      const groups = (header - 1) / 2;
      for (let g = 0; g < groups; g++) {
        const ones = Math.min(8, count - seen - g * 8);
        if (ones > 0 && (bytes[reader.position + g] & ((1 << ones) - 1)) !== (1 << ones) - 1) return false;
      }
      reader.position += groups;
      seen += groups * 8;
    }
  }
  return true;
}

/** The pages of one column chunk, or null when one is not a plain, uncompressed, null-free v1 page. */
async function plainPages(handle: FileHandle, chunk: ThriftStruct, optional: boolean): Promise<PlainPage[] | null> {
  const meta = field(chunk, 3) as ThriftStruct | undefined;
  if (meta === undefined || num(field(meta, 4)) !== 0 || field(meta, 11) !== undefined) return null;
  const total = num(field(meta, 5)) ?? 0;
  let offset = num(field(meta, 9)) ?? -1;
  if (offset < 0) return null;
  const pages: PlainPage[] = [];
  for (let values = 0; values < total; ) {
    let probe = HEADER_PROBE;
    let bytes = await readAt(handle, offset, probe);
    let reader: ThriftReader;
    let header: ThriftStruct;
    for (;;) {
      try {
        reader = new ThriftReader(bytes);
        header = reader.struct();
        break;
      } catch (error) {
        if (bytes.length < probe) throw error; // the file ends inside the header
        probe *= 8;
        bytes = await readAt(handle, offset, probe);
      }
    }
    const data = field(header, 5) as ThriftStruct | undefined;
    const size = num(field(header, 3));
    if (num(field(header, 1)) !== DATA_PAGE || data === undefined || size === undefined) return null;
    if (num(field(header, 2)) !== size || num(field(data, 2)) !== PLAIN) return null;
    const count = num(field(data, 1)) ?? 0;
    let valueOffset = offset + reader.position;
    if (optional) {
      if (num(field(data, 3)) !== RLE) return null;
      const levels = await readAt(handle, valueOffset, 4);
      const length = levels.length === 4 ? new DataView(levels.buffer).getUint32(0, true) : -1;
      if (length < 0 || !allDefined(await readAt(handle, valueOffset + 4, length), count)) return null;
      valueOffset += 4 + length;
    }
    if (valueOffset + 8 * count !== offset + reader.position + size) return null;
    pages.push({ valueOffset, count });
    values += count;
    offset += reader.position + size;
  }
  return pages;
}

/** A file's plan, or null when its schema or pages are not the plain bar layout. */
async function planFile(handle: FileHandle): Promise<FileLayout | null> {
  const { size } = await handle.stat();
  if (size < 12) return null;
  const tail = await readAt(handle, size - 8, 8);
  const view = new DataView(tail.buffer);
  const footerLength = view.getUint32(0, true);
  if (view.getUint32(4, true) !== MAGIC || footerLength + 12 > size) return null;
  const footer = new ThriftReader(await readAt(handle, size - 8 - footerLength, footerLength)).struct();
  const schema = (field(footer, 2) ?? []) as ThriftStruct[];
  const leaves = schema.slice(1);
  if (leaves.length !== BAR_COLUMN_NAMES.length) return null;
  const optional: boolean[] = [];
  let microseconds = false;
  for (let c = 0; c < BAR_COLUMN_NAMES.length; c++) {
    const element = leaves[c];
    if (text(field(element, 4)) !== BAR_COLUMN_NAMES[c] || (num(field(element, 3)) ?? 0) > OPTIONAL) return null;
    optional.push(num(field(element, 3)) === OPTIONAL);
    if (c === 0) {
      const converted = num(field(element, 6));
      if (num(field(element, 1)) !== INT64 || (converted !== TIMESTAMP_MICROS && converted !== TIMESTAMP_MILLIS))
        return null;
      microseconds = converted === TIMESTAMP_MICROS;
    } else if (num(field(element, 1)) !== DOUBLE) return null;
  }
  const pages: PlainPage[][] = BAR_COLUMN_NAMES.map(() => []);
  let rows = 0;
  for (const group of (field(footer, 4) ?? []) as ThriftStruct[]) {
    const chunks = (field(group, 1) ?? []) as ThriftStruct[];
    if (chunks.length !== BAR_COLUMN_NAMES.length) return null;
    for (let c = 0; c < BAR_COLUMN_NAMES.length; c++) {
      const chunkPages = await plainPages(handle, chunks[c], optional[c]);
      if (chunkPages === null) return null;
      pages[c].push(...chunkPages);
    }
    rows += num(field(group, 3)) ?? 0;
  }
  for (const column of pages) if (column.reduce((sum, page) => sum + page.count, 0) !== rows) return null;
  return { handle, pages, rows, microseconds };
}

/** Open times in ms of a file's rows; null when one is not a whole ms or they do not increase. */
async function readTimestamps(plan: FileLayout): Promise<Float64Array | null> {
  const out = new Float64Array(plan.rows);
  let row = 0;
  for (const page of plan.pages[0]) {
    const raw = await readAt(plan.handle, page.valueOffset, 8 * page.count);
    if (raw.length !== 8 * page.count) return null;
    const words = new Int32Array(raw.buffer, raw.byteOffset, 2 * page.count);
    for (let i = 0; i < page.count; i++) {
      // int64 as high · 2^32 + low: exact for |value| < 2^53.
      const value = words[2 * i + 1] * 4_294_967_296 + (words[2 * i] >>> 0);
      const ms = plan.microseconds ? value / 1000 : value;
      if (!Number.isInteger(ms) || (row > 0 && !(ms > out[row - 1]))) return null;
      out[row++] = ms;
    }
  }
  return out;
}

/**
 * The bars of `paths` (month files in time order) with open times in [from, to), or null when a
 * file is not in the plain layout (read through DuckDB instead). `allocate` makes the series.
 */
export async function readPlainParquetBars(
  paths: readonly string[],
  from: number | undefined,
  to: number | undefined,
  allocate: (rows: number) => BarSeries,
): Promise<BarSeries | null> {
  const handles: FileHandle[] = [];
  try {
    // Every file planned at once, and later every page read at once: the reads run on libuv's
    // threads in parallel (measured faster than one after another).
    // allSettled: every file's handle is open or failed before `finally` closes them.
    const settled = await Promise.allSettled(
      paths.map(async (path) => {
        const handle = await open(path, 'r');
        handles.push(handle);
        try {
          const plan = await planFile(handle);
          const timestamps = plan === null ? null : await readTimestamps(plan);
          return plan === null || timestamps === null ? null : { ...plan, timestamps };
        } catch (error) {
          // A corrupt footer or header: DuckDB's read reports it, naming the file.
          if (error instanceof ThriftFormatError) return null;
          throw error;
        }
      }),
    );
    const planned = settled.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value;
    });
    const plans: FilePlan[] = [];
    let previous = Number.NEGATIVE_INFINITY;
    for (const plan of planned) {
      if (plan === null) return null;
      const { timestamps } = plan;
      if (timestamps.length > 0 && !(timestamps[0] > previous)) return null;
      if (timestamps.length > 0) previous = timestamps[timestamps.length - 1];
      const first = from === undefined ? 0 : lowerBound(timestamps, from);
      const last = to === undefined ? timestamps.length : lowerBound(timestamps, to);
      plans.push({ ...plan, first, last: Math.max(first, last) });
    }
    const series = allocate(plans.reduce((sum, plan) => sum + plan.last - plan.first, 0));
    const reads: Promise<boolean>[] = [];
    let offset = 0;
    for (const plan of plans) {
      series.timestamp.set(plan.timestamps.subarray(plan.first, plan.last), offset);
      // The price and volume columns (the timestamps are already read and converted).
      for (let c = 1; c < BAR_COLUMN_NAMES.length; c++) {
        const target = series[BAR_COLUMN_NAMES[c]];
        let row = 0;
        for (const page of plan.pages[c]) {
          // The page's rows [row, row + count) that fall in [first, last), read straight into place.
          const start = Math.max(row, plan.first);
          const end = Math.min(row + page.count, plan.last);
          if (start < end) {
            const at = target.byteOffset + 8 * (offset + start - plan.first);
            const bytes = new Uint8Array(target.buffer, at, 8 * (end - start));
            const position = page.valueOffset + 8 * (start - row);
            reads.push(plan.handle.read(bytes, 0, bytes.length, position).then((r) => r.bytesRead === bytes.length));
          }
          row += page.count;
        }
      }
      offset += plan.last - plan.first;
    }
    const complete = await Promise.allSettled(reads);
    for (const outcome of complete) if (outcome.status === 'rejected') throw outcome.reason;
    return complete.every((outcome) => outcome.status === 'fulfilled' && outcome.value) ? series : null;
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}
