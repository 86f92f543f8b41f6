import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Options of {@link watchJsonFile}. */
export interface WatchJsonFileOptions<T> {
  readonly path: string;
  /** Validates the parsed JSON (a zod schema's `parse` fits); its error message names the field. */
  readonly parse: (value: unknown) => T;
  /** A new valid content; never for a save that changed no byte, nor for the content at start when `initialDigest` is its digest. */
  readonly onChange: (value: T) => void;
  /** An unreadable, malformed or invalid version: the last valid content stays in force. */
  readonly onError: (error: Error) => void;
  /** Also check the file this often (ms), for file systems whose change events are unreliable. Default 1000. */
  readonly pollMs?: number;
  /** Content hash at start (from {@link readJsonFile}): an identical first read is not a change. */
  readonly initialDigest?: string;
}

/** A watch to stop. */
export interface JsonFileWatch {
  close(): void;
}

/** A JSON file's validated content and the digest of its bytes. */
export async function readJsonFile<T>(
  path: string,
  parse: (value: unknown) => T,
): Promise<{ value: T; digest: string }> {
  const bytes = await readFile(path);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { value: parse(json), digest: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Watches a JSON file and hands each new valid version to `onChange`. The parent directory is
 * watched (editors save by writing a new file and renaming it over the old one, which a watch on
 * the file itself would lose) and the file is also polled every `pollMs`. Reads are serialized and
 * compared by content digest, so a burst of events for one save gives one change and a save of the
 * same bytes gives none. A version that does not parse or validate goes to `onError` and changes
 * nothing: the previous content stays in force until a valid one arrives.
 */
export function watchJsonFile<T>(options: WatchJsonFileOptions<T>): JsonFileWatch {
  const { path, parse } = options;
  let digest = options.initialDigest;
  let failedDigest: string | undefined;
  let closed = false;
  let reading = false;
  let again = false;
  const check = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        let bytes: Buffer;
        try {
          bytes = await readFile(path);
        } catch (error) {
          // A rename in flight leaves no file for a moment; the next event or poll sees the new one.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            options.onError(new Error(`${path}: ${(error as Error).message}`));
          continue;
        }
        const next = createHash('sha256').update(bytes).digest('hex');
        if (next === digest || next === failedDigest || closed) continue;
        let value: T;
        try {
          value = parse(JSON.parse(bytes.toString('utf8')));
        } catch (error) {
          failedDigest = next;
          options.onError(new Error(`${path}: ${(error as Error).message}`));
          continue;
        }
        digest = next;
        failedDigest = undefined;
        options.onChange(value);
      } while (again && !closed);
    } finally {
      reading = false;
    }
  };
  const name = basename(path);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, file) => {
      if (file === null || file === name) void check();
    });
    watcher.on('error', (error) => options.onError(error));
  } catch (error) {
    options.onError(new Error(`${path}: cannot watch its folder (${(error as Error).message}); polling only`));
  }
  const timer = setInterval(() => void check(), options.pollMs ?? 1000);
  timer.unref();
  void check();
  return {
    close(): void {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
