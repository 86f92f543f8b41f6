/**
 * The WebAssembly module behind `WasmTreeForest` (ADR 0014), assembled here byte by byte so that
 * no toolchain is needed. It exports its memory and three functions:
 *
 *   margins(treeEnd: i32, rowAddress: i32, rowEnd: i32, rowBytes: i32, outAddress: i32, base: f64)
 *   finiteMargins(the same), for rows without NaN: about twice as fast
 *   hasNaN(start: i32, end: i32): i32, 1 when an f64 in [start, end) is NaN
 *
 * Memory layout, written by `WasmTreeForest` (all addresses in bytes):
 * - trees at 0, 16 bytes each: node base address (i32), leaf base address (i32), depth (i32);
 *   treeEnd = 16 × tree count (≥ 1);
 * - nodes, 16 bytes each, a tree's nodes in heap order from its node base: threshold (f64),
 *   feature × 8 (i32, the feature's byte offset in a row), 1 when NaN goes right (i32);
 * - leaves (f64); a tree's leaf base is biased by −8 × (2^depth − 1) so that the heap position a
 *   walk ends on addresses its leaf;
 * - rows: row-major f64, rowBytes apart, [rowAddress, rowEnd), a multiple of ROW_GROUP rows;
 * - out: one f64 margin per row from outAddress.
 *
 * The margins functions walk ROW_GROUP rows at once through every tree (independent chains of loads for
 * the CPU to overlap). One step of row k, in the text format:
 *
 *   a  = nodeBase + (h << 4)
 *   x  = f64.load(row_k + i32.load(a + 8))
 *   h  = (h << 1) + 1 + ((x > f64.load(a)) | ((x != x) & i32.load(a + 12)))
 *
 * so a row goes right when x > threshold, or when x is NaN and the node sends NaN right — the
 * rule of `forestMargin`, with no branch on the data; `finiteMargins` drops the NaN term.
 * margin_k = base + Σ_t leaf, added in tree order as the JavaScript walk adds them, so results
 * are bit-identical.
 */

/** Rows walked together by one pass over the trees. */
export const ROW_GROUP = 8;

const I32 = 0x7f;
const F64 = 0x7c;
const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  f64Ne: 0x62,
  f64Gt: 0x64,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  f64Add: 0xa0,
  emptyBlock: 0x40,
} as const;

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

function signed(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const utf8 = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...unsigned(content.length), ...content];

/** The body of `margins` (`withNaN`) or `finiteMargins`: its locals and instructions. */
function marginsBody(withNaN: boolean): number[] {
  // Parameters 0–5, then the locals below.
  const [treeEnd, rowAddress, rowEnd, rowBytes, outAddress, base] = [0, 1, 2, 3, 4, 5];
  const treePointer = 6;
  const nodeBase = 7;
  const leafBase = 8;
  const level = 9;
  const address = 10;
  const row = (k: number) => 11 + k;
  const heap = (k: number) => 11 + ROW_GROUP + k;
  const margin = (k: number) => 11 + 2 * ROW_GROUP + k;
  const value = 11 + 3 * ROW_GROUP;
  const i32Locals = 5 + 2 * ROW_GROUP;
  const f64Locals = ROW_GROUP + 1;

  const get = (local: number) => [Op.localGet, ...unsigned(local)];
  const set = (local: number) => [Op.localSet, ...unsigned(local)];
  const tee = (local: number) => [Op.localTee, ...unsigned(local)];
  const constant = (n: number) => [Op.i32Const, ...signed(n)];
  const loadI32 = (offset: number) => [Op.i32Load, 2, ...unsigned(offset)];
  const loadF64 = (offset: number) => [Op.f64Load, 3, ...unsigned(offset)];
  const group = (each: (k: number) => number[]) => Array.from({ length: ROW_GROUP }, (_, k) => each(k)).flat();

  const step = (k: number) => [
    ...get(nodeBase),
    ...get(heap(k)),
    ...constant(4),
    Op.i32Shl,
    Op.i32Add,
    ...set(address),
    ...get(heap(k)),
    ...constant(1),
    Op.i32Shl,
    ...constant(1),
    Op.i32Add,
    ...get(row(k)),
    ...get(address),
    ...loadI32(8),
    Op.i32Add,
    ...loadF64(0),
    ...tee(value),
    ...get(address),
    ...loadF64(0),
    Op.f64Gt,
    ...(withNaN ? [...get(value), ...get(value), Op.f64Ne, ...get(address), ...loadI32(12), Op.i32And, Op.i32Or] : []),
    Op.i32Add,
    ...set(heap(k)),
  ];

  const code = [
    Op.loop,
    Op.emptyBlock, // rows
    ...get(rowAddress),
    ...set(row(0)),
    ...Array.from({ length: ROW_GROUP - 1 }, (_, i) => [
      ...get(row(i)),
      ...get(rowBytes),
      Op.i32Add,
      ...set(row(i + 1)),
    ]).flat(),
    ...group((k) => [...get(base), ...set(margin(k))]),
    ...constant(0),
    ...set(treePointer),
    Op.loop,
    Op.emptyBlock, // trees
    ...get(treePointer),
    ...loadI32(0),
    ...set(nodeBase),
    ...get(treePointer),
    ...loadI32(4),
    ...set(leafBase),
    ...get(treePointer),
    ...loadI32(8),
    ...set(level),
    ...group((k) => [...constant(0), ...set(heap(k))]),
    Op.block,
    Op.emptyBlock, // a tree of one leaf takes no step
    ...get(level),
    Op.i32Eqz,
    Op.brIf,
    0,
    Op.loop,
    Op.emptyBlock, // levels
    ...group(step),
    ...get(level),
    ...constant(1),
    Op.i32Sub,
    ...tee(level),
    Op.brIf,
    0,
    Op.end,
    Op.end,
    ...group((k) => [
      ...get(margin(k)),
      ...get(leafBase),
      ...get(heap(k)),
      ...constant(3),
      Op.i32Shl,
      Op.i32Add,
      ...loadF64(0),
      Op.f64Add,
      ...set(margin(k)),
    ]),
    ...get(treePointer),
    ...constant(16),
    Op.i32Add,
    ...tee(treePointer),
    ...get(treeEnd),
    Op.i32LtU,
    Op.brIf,
    0,
    Op.end,
    ...group((k) => [...get(outAddress), ...get(margin(k)), Op.f64Store, 3, ...unsigned(8 * k)]),
    ...get(outAddress),
    ...constant(8 * ROW_GROUP),
    Op.i32Add,
    ...set(outAddress),
    ...get(rowAddress),
    ...get(rowBytes),
    ...constant(ROW_GROUP),
    Op.i32Mul,
    Op.i32Add,
    ...tee(rowAddress),
    ...get(rowEnd),
    Op.i32LtU,
    Op.brIf,
    0,
    Op.end,
    Op.end,
  ];
  const locals = vector([
    [...unsigned(i32Locals), I32],
    [...unsigned(f64Locals), F64],
  ]);
  return [...locals, ...code];
}

/** The body of `hasNaN(start, end): i32`: 1 when an f64 in [start, end) is NaN (start < end). */
function hasNaNBody(): number[] {
  const [start, end, found, value] = [0, 1, 2, 3];
  return [
    ...vector([
      [1, I32],
      [1, F64],
    ]),
    Op.loop,
    Op.emptyBlock,
    Op.localGet,
    start,
    Op.f64Load,
    3,
    0,
    Op.localTee,
    value,
    Op.localGet,
    value,
    Op.f64Ne,
    Op.localGet,
    found,
    Op.i32Or,
    Op.localSet,
    found,
    Op.localGet,
    start,
    Op.i32Const,
    8,
    Op.i32Add,
    Op.localTee,
    start,
    Op.localGet,
    end,
    Op.i32LtU,
    Op.brIf,
    0,
    Op.end,
    Op.localGet,
    found,
    Op.end,
  ];
}

const name = (text: string): number[] => vector(utf8(text).map((c) => [c]));

/** The module's bytes (about 2 KB). */
export function forestKernelBytes(): Uint8Array {
  const functions = [marginsBody(true), marginsBody(false), hasNaNBody()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vector([
        [0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [F64]]), ...vector([])],
        [0x60, ...vector([[I32], [I32]]), ...vector([[I32]])],
      ]),
    ),
    ...section(3, vector([[0], [0], [1]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(
      7,
      vector([
        [...name('margins'), 0x00, 0],
        [...name('finiteMargins'), 0x00, 1],
        [...name('hasNaN'), 0x00, 2],
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(10, vector(functions.map((body) => [...unsigned(body.length), ...body]))),
  ]);
}
