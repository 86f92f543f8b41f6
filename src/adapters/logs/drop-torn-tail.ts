import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';

/** Bytes read per step while looking back for the last complete line. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Makes a line file end on a whole line again after a crash: when the file does not end in a
 * newline, its last, unterminated line was cut off mid-write; it is truncated away (it was never a
 * complete record) and the number of bytes dropped is returned, so the caller can say so in its
 * log. Returns 0 for a missing, empty or intact file. Part of the crash-only open path: the next
 * line appended starts on a fresh line and every line of the file still parses.
 */
export function dropTornTail(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const read = readSync(fd, buffer, 0, end - start, start);
      const newline = buffer.subarray(0, read).lastIndexOf(0x0a);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    // No newline at all: the whole file is one torn line.
    if (size > 0) ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}
