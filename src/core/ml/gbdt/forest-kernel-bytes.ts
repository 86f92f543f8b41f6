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

import { assembleModule, emit, F64, I32, Op, type WasmFunction } from './wasm-assembler.ts';

/** Rows walked together by one pass over the trees. */
export const ROW_GROUP = 8;

const { get, set, tee, i32: constant, loadI32, loadF64 } = emit;

/** `margins` (`withNaN`) or `finiteMargins`. */
function marginsFunction(withNaN: boolean): WasmFunction {
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
    ...group((k) => [...get(outAddress), ...get(margin(k)), ...emit.storeF64(8 * k)]),
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
  ];
  return {
    name: withNaN ? 'margins' : 'finiteMargins',
    params: [I32, I32, I32, I32, I32, F64],
    results: [],
    locals: [
      [i32Locals, I32],
      [f64Locals, F64],
    ],
    code,
  };
}

/** `hasNaN(start, end): i32`: 1 when an f64 in [start, end) is NaN (start < end). */
function hasNaNFunction(): WasmFunction {
  const [start, end, found, value] = [0, 1, 2, 3];
  return {
    name: 'hasNaN',
    params: [I32, I32],
    results: [I32],
    locals: [
      [1, I32],
      [1, F64],
    ],
    code: [
      ...emit.loop(
        [...get(start), ...loadF64(), ...tee(value), ...get(value), Op.f64Ne, ...get(found), Op.i32Or, ...set(found)],
        [...get(start), ...constant(8), Op.i32Add, ...tee(start), ...get(end), Op.i32LtU, ...emit.brIf(0)],
      ),
      ...get(found),
    ],
  };
}

/** The module's bytes (about 2 KB): its own memory of one page to start with. */
export function forestKernelBytes(): Uint8Array {
  return assembleModule([marginsFunction(true), marginsFunction(false), hasNaNFunction()], { kind: 'own', pages: 1 });
}
