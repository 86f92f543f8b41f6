import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/**
 * Temp folders for a test file, named `<prefix>…` in the OS temp folder and removed after each
 * test (`after: 'each'`) or after the file's tests (`'all'`, for folders a `beforeAll` makes).
 * Call at a test file's top level; returns the function that makes one.
 */
export function tempFolders(prefix: string, after: 'each' | 'all' = 'each'): () => string {
  const folders: string[] = [];
  (after === 'each' ? afterEach : afterAll)(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
}
