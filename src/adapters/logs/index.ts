export { dropTornTail } from './drop-torn-tail.ts';
export { jsonLines } from './json-lines.ts';
export { appLogOptions, type LogsConfig, logsConfig } from './logs-config.ts';
export {
  APP_LOG_DEFAULTS,
  type AppLog,
  type AppLogOptions,
  LOG_LEVELS,
  type LogLevel,
  openAppLog,
} from './open-app-log.ts';
export {
  type AuditLog,
  type AuditLogOptions,
  type AuditRecord,
  LLM_DECISIONS_DIR,
  LLM_DECISIONS_FILE,
  openAuditLog,
  RISK_LOG_FILE,
  type TornLine,
  TRADES_LOG_FILE,
} from './open-audit-log.ts';
export { DEFAULT_REDACT_KEYS, REDACTED, scrubCredentials, scrubUrlCredentials } from './redact-secrets.ts';
export { APP_LOG_FILE, ROTATED_APP_LOG } from './rotating-log-file.ts';
export { utcDay } from './utc-day.ts';
