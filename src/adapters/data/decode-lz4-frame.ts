/**
 * LZ4 frame decoder (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), enough to read
 * Arrow IPC / Feather v2 files written by pyarrow, whose default body compression is LZ4_FRAME.
 * apache-arrow ships no codec, and Node 20's zlib has no LZ4, so we decode here. Checksums are
 * skipped (not verified); every read is bounds-checked so a corrupt frame throws instead of
 * producing garbage silently.
 */

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_SIZES: Readonly<Record<number, number>> = { 4: 65_536, 5: 262_144, 6: 1_048_576, 7: 4_194_304 };

function fail(reason: string): never {
  throw new Error(`LZ4 frame: ${reason}`);
}

function readUint32(input: Uint8Array, at: number): number {
  if (at + 4 > input.length) fail(`truncated at byte ${at}`);
  return (input[at] | (input[at + 1] << 8) | (input[at + 2] << 16) | (input[at + 3] << 24)) >>> 0;
}

/** Growable output buffer. */
class Output {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** Decodes one LZ4 block (`input[start, end)`) and appends it to `out`. */
function decodeBlock(input: Uint8Array, start: number, end: number, out: Output, blockMax: number): void {
  out.reserve(blockMax);
  const dst = out.bytes;
  const blockStart = out.length;
  let op = out.length;
  let ip = start;
  while (ip < end) {
    const token = input[ip++];
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let extra: number;
      do {
        if (ip >= end) fail('truncated literal length');
        extra = input[ip++];
        literalLength += extra;
      } while (extra === 255);
    }
    if (ip + literalLength > end) fail('literal run past the end of the block');
    if (op + literalLength > blockStart + blockMax) fail('block larger than its declared maximum size');
    dst.set(input.subarray(ip, ip + literalLength), op);
    ip += literalLength;
    op += literalLength;
    if (ip === end) break; // the last sequence has literals only
    if (ip + 2 > end) fail('truncated match offset');
    const offset = input[ip] | (input[ip + 1] << 8);
    ip += 2;
    if (offset === 0 || offset > op) fail(`invalid match offset ${offset}`);
    let matchLength = (token & 15) + 4;
    if ((token & 15) === 15) {
      let extra: number;
      do {
        if (ip >= end) fail('truncated match length');
        extra = input[ip++];
        matchLength += extra;
      } while (extra === 255);
    }
    if (op + matchLength > blockStart + blockMax) fail('block larger than its declared maximum size');
    // Byte by byte: a match may overlap its own output (offset < length repeats a pattern).
    let from = op - offset;
    const stop = op + matchLength;
    while (op < stop) dst[op++] = dst[from++];
  }
  out.length = op;
}

/**
 * Decompresses a buffer of one or more concatenated LZ4 frames (skippable frames are skipped).
 * Throws on any malformed input.
 */
export function decodeLz4Frame(input: Uint8Array): Uint8Array {
  const out = new Output(Math.max(1024, input.length * 4));
  let ip = 0;
  while (ip < input.length) {
    const magic = readUint32(input, ip);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      ip += 8 + readUint32(input, ip + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) fail(`bad magic number 0x${magic.toString(16)} at byte ${ip}`);
    ip += 4;
    if (ip + 3 > input.length) fail('truncated frame descriptor');
    const flags = input[ip];
    const blockDescriptor = input[ip + 1];
    if (flags >>> 6 !== 1) fail(`unsupported frame version ${flags >>> 6}`);
    const blockChecksum = (flags & 0x10) !== 0;
    const contentSize = (flags & 0x08) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    const dictionaryId = (flags & 0x01) !== 0;
    const blockMax = BLOCK_MAX_SIZES[(blockDescriptor >>> 4) & 7];
    if (blockMax === undefined) fail(`invalid block maximum size code ${(blockDescriptor >>> 4) & 7}`);
    if (dictionaryId) fail('frames that need a dictionary are not supported');
    ip += 2 + (contentSize ? 8 : 0) + 1; // FLG, BD, optional content size, header checksum
    for (;;) {
      const word = readUint32(input, ip);
      ip += 4;
      if (word === 0) break; // end mark
      const size = word & 0x7fffffff;
      if (ip + size > input.length) fail('block past the end of the input');
      if ((word & 0x80000000) !== 0) {
        // Stored uncompressed.
        out.reserve(size);
        out.bytes.set(input.subarray(ip, ip + size), out.length);
        out.length += size;
      } else {
        decodeBlock(input, ip, ip + size, out, blockMax);
      }
      ip += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) ip += 4;
    if (ip > input.length) fail('truncated frame checksum');
  }
  return out.bytes.subarray(0, out.length);
}
