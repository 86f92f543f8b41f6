import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropTornTail } from './drop-torn-tail.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tradewind-torn-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('dropTornTail', () => {
  it('leaves a missing, empty or intact file alone', () => {
    expect(dropTornTail(join(dir, 'missing.jsonl')), 'nothing to repair in a missing file').toBe(0);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    expect(dropTornTail(join(dir, 'empty.jsonl')), 'nothing to repair in an empty file').toBe(0);
    writeFileSync(join(dir, 'whole.jsonl'), '{"a":1}\n{"a":2}\n');
    expect(dropTornTail(join(dir, 'whole.jsonl')), 'a file ending in a newline is whole').toBe(0);
    expect(readFileSync(join(dir, 'whole.jsonl'), 'utf8'), 'and unchanged').toBe('{"a":1}\n{"a":2}\n');
  });

  it('truncates after the last newline, even when it lies more than one read chunk back', () => {
    const path = join(dir, 'torn.jsonl');
    const torn = `{"a":"${'x'.repeat(200_000)}`;
    writeFileSync(path, `{"a":1}\n${torn}`);
    expect(dropTornTail(path), 'the whole unterminated line is dropped').toBe(torn.length);
    expect(readFileSync(path, 'utf8'), 'the complete line is kept').toBe('{"a":1}\n');
  });

  it('empties a file that holds only a torn line', () => {
    const path = join(dir, 'only.jsonl');
    writeFileSync(path, '{"a":');
    expect(dropTornTail(path), 'five bytes dropped').toBe(5);
    expect(readFileSync(path, 'utf8'), 'nothing left').toBe('');
  });
});
