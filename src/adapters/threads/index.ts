export { startTypeScriptWorker } from './typescript-worker.ts';
