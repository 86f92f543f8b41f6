import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` (a string, or chunks written one after another so a large file is never one
 * string) to a temporary sibling of `path`, flushes it to disk and renames it into place: a reader
 * sees the old file or the whole new one, never half. On failure the temporary file is removed.
 */
export async function writeFileAtomically(path: string, content: string | Iterable<string>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    for (const chunk of typeof content === 'string' ? [content] : content) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
