import { describe, expect, it } from 'vitest';
import { decodeLz4Frame } from './decode-lz4-frame.ts';

const MAGIC = [0x04, 0x22, 0x4d, 0x18];
const HEADER = [...MAGIC, 0x60, 0x40, 0x82]; // version 1, independent blocks, 64 KB blocks, header checksum
const END_MARK = [0, 0, 0, 0];
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const ascii = (value: string): number[] => [...Buffer.from(value, 'latin1')];

describe('decodeLz4Frame', () => {
  it('expands literals and overlapping matches, and copies stored blocks', () => {
    // 'abc', then a 9-byte match at offset 3 (overlapping its own output), then the final literal 'X'.
    const compressed = [0x35, ...ascii('abc'), 3, 0, 0x10, ...ascii('X')];
    const stored = ascii('xyz');
    const frame = Uint8Array.from([
      ...HEADER,
      compressed.length,
      0,
      0,
      0,
      ...compressed,
      stored.length,
      0,
      0,
      0x80,
      ...stored,
      ...END_MARK,
    ]);
    expect(text(decodeLz4Frame(frame))).toBe('abcabcabcabcXxyz');
  });

  it('reads extended literal and match lengths (nibble 15 plus extra bytes)', () => {
    const literals = 'ABCDEFGHIJKLMNOPQRST'; // 20 = 15 + 5
    // 20 literals, then a match at offset 1 of 4 + 15 + 2 = 21 bytes ('T' repeated), then literal 'Z'.
    const block = [0xff, 5, ...ascii(literals), 1, 0, 2, 0x10, ...ascii('Z')];
    const frame = Uint8Array.from([...HEADER, block.length, 0, 0, 0, ...block, ...END_MARK]);
    expect(text(decodeLz4Frame(frame))).toBe(`${literals}${'T'.repeat(21)}Z`);
  });

  it('throws on a bad magic number, a bad offset or a truncated frame', () => {
    expect(() => decodeLz4Frame(Uint8Array.from([1, 2, 3, 4, 0x60, 0x40, 0]))).toThrow(/bad magic number/);
    const badOffset = [0x10, ...ascii('a'), 9, 0, 0x10, ...ascii('b')];
    expect(() =>
      decodeLz4Frame(Uint8Array.from([...HEADER, badOffset.length, 0, 0, 0, ...badOffset, ...END_MARK])),
    ).toThrow(/invalid match offset 9/);
    expect(() => decodeLz4Frame(Uint8Array.from([...HEADER, 50, 0, 0, 0, 1, 2]))).toThrow(/past the end/);
  });
});
