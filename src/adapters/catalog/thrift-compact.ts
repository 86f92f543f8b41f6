/**
 * A reader of Thrift's compact protocol, as much of it as Parquet's footer and page headers use:
 * a struct becomes an object keyed by field id, a list an array, integers numbers (exact up to
 * 2^53, which file offsets and sizes stay below), binary a Uint8Array. Unknown fields are read
 * like any other, so a newer writer's extra fields do no harm. Malformed input throws.
 */

/** Bytes that are not valid compact-protocol data (truncated or corrupt). */
export class ThriftFormatError extends Error {}

/** A decoded struct: field id → value. */
export type ThriftStruct = { readonly [field: number]: ThriftValue };
export type ThriftValue = number | boolean | Uint8Array | ThriftStruct | readonly ThriftValue[];

const Type = {
  True: 1,
  False: 2,
  Byte: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  Double: 7,
  Binary: 8,
  List: 9,
  Set: 10,
  Map: 11,
  Struct: 12,
} as const;

/** Reads compact-protocol values from `bytes`, advancing `position`. */
export class ThriftReader {
  position: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.position = start;
  }

  private byte(): number {
    if (this.position >= this.bytes.length) throw new ThriftFormatError('thrift: unexpected end of data');
    return this.bytes[this.position++];
  }

  /** Unsigned varint, ULEB128 (up to 2^53 exactly): also the run headers of Parquet's RLE levels. */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < 64; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ThriftFormatError('thrift: varint longer than 64 bits');
  }

  private zigzag(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case Type.True:
        return true;
      case Type.False:
        return false;
      case Type.Byte: {
        const b = this.byte();
        return b > 127 ? b - 256 : b;
      }
      case Type.I16:
      case Type.I32:
      case Type.I64:
        return this.zigzag();
      case Type.Double: {
        if (this.position + 8 > this.bytes.length) throw new ThriftFormatError('thrift: unexpected end of data');
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, 8);
        this.position += 8;
        return view.getFloat64(0, true);
      }
      case Type.Binary: {
        const length = this.varint();
        if (this.position + length > this.bytes.length) throw new ThriftFormatError('thrift: unexpected end of data');
        const value = this.bytes.subarray(this.position, this.position + length);
        this.position += length;
        return value;
      }
      case Type.List:
      case Type.Set: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const elementType = header & 0x0f;
        const items: ThriftValue[] = [];
        for (let i = 0; i < size; i++) {
          // Booleans in a collection are one byte each (1 true).
          items.push(
            elementType === Type.True || elementType === Type.False ? this.byte() === 1 : this.value(elementType),
          );
        }
        return items;
      }
      case Type.Map: {
        const size = this.varint();
        if (size === 0) return [];
        const types = this.byte();
        const entries: ThriftValue[] = [];
        for (let i = 0; i < size; i++) entries.push([this.value(types >> 4), this.value(types & 0x0f)]);
        return entries;
      }
      case Type.Struct:
        return this.struct();
      default:
        throw new ThriftFormatError(`thrift: unknown type ${type} at byte ${this.position - 1}`);
    }
  }

  /** One struct, up to its stop byte. */
  struct(): ThriftStruct {
    const fields: Record<number, ThriftValue> = {};
    let last = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const delta = header >> 4;
      const id = delta === 0 ? this.zigzag() : last + delta;
      fields[id] = this.value(header & 0x0f);
      last = id;
    }
  }
}
