#!/usr/bin/env node
// Launches the TypeScript CLI through tsx's loader, so `npx tradewind …` works from a clone with no
// build step. One child process runs the CLI; signals sent to this launcher (SIGTERM from a
// supervisor, SIGINT, SIGHUP) are passed on to it, so a paper node stops cleanly however it is
// stopped, and the launcher exits with the child's code (128 + signal number when it died of one).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const child = spawn(
  process.execPath,
  ['--import', tsxLoader, join(root, 'src/cli/main.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0)));
});
