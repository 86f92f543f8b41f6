export { alignTable } from '../files/align-table.ts';
export {
  defaultExportDir,
  EXPORT_FORMATS,
  type ExportedFile,
  type ExportFormat,
  type ExportRunOptions,
  ExportTargetError,
  exportRun,
} from './export-run.ts';
export { type ExportColumn, type ExportColumnType, type ExportTable, exportTables } from './export-tables.ts';
export { formatRunReport, runReportJson } from './format-run-report.ts';
export { formatRunsTable, isoTime, runJson } from './format-runs-table.ts';
export {
  type OpenedStore,
  openExistingStore,
  redactDatabaseUrl,
  type StoreLocationOptions,
  StoreNotFoundError,
  withExistingStore,
} from './open-existing-store.ts';
export { LAST_EVENTS, type RunReport, readRunReport, UnknownRunError } from './run-report.ts';

import { ExportTargetError } from './export-run.ts';
import { StoreNotFoundError } from './open-existing-store.ts';
import { UnknownRunError } from './run-report.ts';

/** Whether an error is the user's input (no store there, unknown run, unusable target): exit code 2, no stack. */
export function isStoreInputError(error: unknown): error is Error {
  return error instanceof StoreNotFoundError || error instanceof UnknownRunError || error instanceof ExportTargetError;
}
