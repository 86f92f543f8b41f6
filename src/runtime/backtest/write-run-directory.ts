import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes files into `dir` atomically: everything goes to a temporary sibling directory first,
 * which is renamed into place only when complete. An existing `dir` is replaced the same way
 * (moved aside, then removed), so a reader sees the old run or the new one, never half of one.
 */
export async function writeRunDirectory(
  dir: string,
  files: Record<string, string>,
  uniqueSuffix: string,
): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const temporary = join(parent, `.tradewind-tmp-${basename(dir)}-${uniqueSuffix}`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(temporary, name), content);
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (exists) {
      const old = join(parent, `.tradewind-old-${basename(dir)}-${uniqueSuffix}`);
      await rename(dir, old);
      await rename(temporary, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, dir);
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
