import { assembleModule, emit, I32, Op, V128, type WasmFunction } from './wasm-assembler.ts';

/**
 * The WebAssembly histogram kernel (ADR 0014) over a shared memory (env.memory) that holds one
 * training's row-major global bin indices (u16), row partition (u32), gathered gradients and
 * hessians (f64 pairs) and histograms. One function:
 *
 *   build(histogram, bins, rowBytes, rowPointer, rowEnd, gradientHessian, featureOffsets, featureEnd)
 *
 * For each row index r = u32 at rowPointer..rowEnd (4 bytes apart), with its gradient g and
 * hessian h at gradientHessian, +16 per row, and for each feature byte offset o (u32) in
 * [featureOffsets, featureEnd): slot s = histogram + 24 × u16(bins + r × rowBytes + o) gets
 * [s] += g, [s + 8] += h (one two-lane SIMD addition, each lane an ordinary f64 addition) and
 * [s + 16] += 1. Rows in order, so each slot sums its rows in row order, as `buildHistogram`
 * does: the same bits. All arguments are byte addresses or byte counts.
 */
function buildFunction(): WasmFunction {
  const [histogram, bins, rowBytes, rowPointer, rowEnd, gradientHessian, featureOffsets, featureEnd] = [
    0, 1, 2, 3, 4, 5, 6, 7,
  ];
  const rowBase = 8;
  const feature = 9;
  const slot = 10;
  const pair = 11;
  const { get, set, tee, i32, loadI32, loadU16, loadF64, storeF64 } = emit;
  const count = [...get(slot), ...get(slot), ...loadF64(16), ...emit.f64(1), Op.f64Add, ...storeF64(16)];
  return {
    name: 'build',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [
      [3, I32],
      [1, V128],
    ],
    code: emit.block(
      // Nothing to do for an empty row range or feature list.
      [...get(rowPointer), ...get(rowEnd), Op.i32LtU, Op.i32Eqz, ...emit.brIf(0)],
      [...get(featureOffsets), ...get(featureEnd), Op.i32LtU, Op.i32Eqz, ...emit.brIf(0)],
      emit.loop(
        [...get(bins), ...get(rowPointer), ...loadI32(), ...get(rowBytes), Op.i32Mul, Op.i32Add, ...set(rowBase)],
        [...get(gradientHessian), ...emit.loadV128(0), ...set(pair)],
        [...get(featureOffsets), ...set(feature)],
        emit.loop(
          [...get(histogram), ...get(rowBase), ...get(feature), ...loadI32(), Op.i32Add, ...loadU16(), ...i32(24)],
          [Op.i32Mul, Op.i32Add, ...set(slot)],
          [...get(slot), ...get(slot), ...emit.loadV128(0), ...get(pair), ...emit.f64x2Add(), ...emit.storeV128(0)],
          count,
          [...get(feature), ...i32(4), Op.i32Add, ...tee(feature), ...get(featureEnd), Op.i32LtU, ...emit.brIf(0)],
        ),
        [...get(gradientHessian), ...i32(16), Op.i32Add, ...set(gradientHessian)],
        [...get(rowPointer), ...i32(4), Op.i32Add, ...tee(rowPointer), ...get(rowEnd), Op.i32LtU, ...emit.brIf(0)],
      ),
    ),
  };
}

/** The module's bytes: `build` over an imported shared memory. */
export function histogramKernelBytes(): Uint8Array {
  return assembleModule([buildFunction()], { kind: 'shared' });
}
