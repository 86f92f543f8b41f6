import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's ESM loader API, as a file URL a worker can import. */
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');

/**
 * Starts a worker thread running the TypeScript module at `moduleUrl`: the thread registers tsx's
 * ESM loader, then imports the module, so that nothing needs a build step (a `--import tsx` flag
 * alone does not reach a worker's entry module on Node 20). `options` are the Worker's, minus
 * `eval`, which the bootstrap needs.
 */
export function startTypeScriptWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
