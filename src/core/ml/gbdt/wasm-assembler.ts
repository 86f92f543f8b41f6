/**
 * A tiny WebAssembly assembler for the project's numeric kernels (ADR 0014): value types,
 * the opcodes the kernels use, instruction helpers and the module encoding, so that kernels are
 * written as named instructions in TypeScript and need no toolchain. Also the part of the
 * WebAssembly API the kernels use, which the project's TypeScript libraries do not declare.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

export const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Load16U: 0x2f,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Ne: 0x47,
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

/** Unsigned LEB128. */
export function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 (32-bit). */
export function signed(value: number): number[] {
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

/** Instructions with their immediates. Loads and stores take a byte offset, aligned naturally. */
export const emit = {
  get: (local: number) => [Op.localGet, ...unsigned(local)],
  set: (local: number) => [Op.localSet, ...unsigned(local)],
  tee: (local: number) => [Op.localTee, ...unsigned(local)],
  i32: (value: number) => [Op.i32Const, ...signed(value)],
  f64: (value: number) => [Op.f64Const, ...new Uint8Array(Float64Array.of(value).buffer)],
  loadI32: (offset = 0) => [Op.i32Load, 2, ...unsigned(offset)],
  loadU16: (offset = 0) => [Op.i32Load16U, 1, ...unsigned(offset)],
  loadF64: (offset = 0) => [Op.f64Load, 3, ...unsigned(offset)],
  storeF64: (offset = 0) => [Op.f64Store, 3, ...unsigned(offset)],
  /** SIMD (0xfd prefix): a 128-bit load and store, and the two-lane f64 addition. */
  loadV128: (offset = 0) => [0xfd, 0x00, 3, ...unsigned(offset)],
  storeV128: (offset = 0) => [0xfd, 0x0b, 3, ...unsigned(offset)],
  f64x2Add: () => [0xfd, ...unsigned(240)],
  loop: (...body: number[][]) => [Op.loop, Op.emptyBlock, ...body.flat(), Op.end],
  block: (...body: number[][]) => [Op.block, Op.emptyBlock, ...body.flat(), Op.end],
  /** Branch to the `depth`-th enclosing block or loop (0: the innermost) when the top is not 0. */
  brIf: (depth: number) => [Op.brIf, ...unsigned(depth)],
};

/** One exported function: its signature, extra locals (grouped by type) and instructions. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  readonly locals: readonly (readonly [count: number, type: ValueType])[];
  readonly code: readonly number[];
}

/**
 * The module's memory: defined by it and exported as "memory" (`pages` to start with), or
 * imported as env.memory, shared between threads, of exactly `pages` pages.
 */
export type WasmMemorySpec = { readonly kind: 'own'; readonly pages: number } | { readonly kind: 'shared' };

const vector = (items: readonly (readonly number[])[]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...unsigned(content.length), ...content];
const name = (text: string): number[] => vector([...text].map((character) => [character.charCodeAt(0)]));

/** Encodes a module of `functions` (each its own type, exported under its name) and a memory. */
export function assembleModule(functions: readonly WasmFunction[], memory: WasmMemorySpec): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const bodies = functions.map((f) => {
    const body = [...vector(f.locals.map(([count, type]) => [...unsigned(count), type])), ...f.code, Op.end];
    return [...unsigned(body.length), ...body];
  });
  const exports = functions.map((f, index) => [...name(f.name), 0x00, ...unsigned(index)]);
  // A shared memory's limits need a maximum; the import takes whatever size the caller made.
  const sharedLimits = [0x03, 0, ...unsigned(MAX_MEMORY_PAGES)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...(memory.kind === 'shared'
      ? section(2, vector([[...name('env'), ...name('memory'), 0x02, ...sharedLimits]]))
      : []),
    ...section(3, vector(functions.map((_, index) => unsigned(index)))),
    ...(memory.kind === 'own' ? section(5, vector([[0x00, ...unsigned(memory.pages)]])) : []),
    ...section(7, vector(memory.kind === 'own' ? [...exports, [...name('memory'), 0x02, 0]] : exports)),
    ...section(10, vector(bodies)),
  ]);
}

/** A WebAssembly.Memory, as far as the kernels use it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** A WebAssembly.Instance, as far as the kernels use it. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports?: object) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** A compiled module and the API to instantiate it. */
export interface CompiledWasm {
  /** Instantiates the module; a shared-memory module is given its memory. */
  instantiate(memory?: WasmMemory): WasmInstance;
  /** A new shared memory of exactly `pages` pages (for modules assembled with kind 'shared'). */
  sharedMemory(pages: number): WasmMemory;
}

/** Compiles `bytes`; null where WebAssembly is missing (`node --jitless`) or refuses them. */
export function compileWasm(bytes: Uint8Array): CompiledWasm | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  let module: object;
  try {
    module = new api.Module(bytes);
  } catch {
    return null;
  }
  return {
    instantiate: (memory) => new api.Instance(module, memory === undefined ? {} : { env: { memory } }),
    sharedMemory: (pages) => new api.Memory({ initial: pages, maximum: pages, shared: true }),
  };
}

/** Bytes in a WebAssembly page. */
export const PAGE_BYTES = 65_536;

/** Pages of a wasm32 memory at most (4 GiB). */
export const MAX_MEMORY_PAGES = 65_536;

/** `compileWasm(bytes())` on the first call, the same result on every later one (one module per process). */
export function compiledOnce(bytes: () => Uint8Array): () => CompiledWasm | null {
  let compiled: CompiledWasm | null | undefined;
  return () => {
    if (compiled === undefined) compiled = compileWasm(bytes());
    return compiled;
  };
}
