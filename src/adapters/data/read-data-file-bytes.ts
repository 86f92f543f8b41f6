import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataFileError } from './data-file-error.ts';

const gunzipAsync = promisify(gunzip);

/**
 * A data file's bytes, gunzipped when they start with the gzip magic (whatever the extension).
 * Unreadable, corrupt-gzip and empty files throw a {@link DataFileError} naming the file.
 */
export async function readDataFileBytes(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new DataFileError(file, {}, `cannot read the file: ${(cause as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (cause) {
      throw new DataFileError(file, {}, `corrupt gzip data: ${(cause as Error).message}`);
    }
  }
  if (bytes.length === 0) throw new DataFileError(file, {}, 'the file is empty');
  return bytes;
}
