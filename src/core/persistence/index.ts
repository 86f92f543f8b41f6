export { BatchingStoreWriter, type BatchingStoreWriterOptions } from './batching-store-writer.ts';
export {
  currentEventPayload,
  eventOfRecord,
  toEventRecord,
  toStoredFill,
  toStoredOrder,
  venueOfInstrument,
} from './store-record-mapping.ts';
export {
  BarPhase,
  type ConfigVersion,
  type EventRecord,
  type LlmDecisionRecord,
  type MetricsWindowRecord,
  type PortfolioSnapshotRecord,
  type ProcessedMessage,
  type RiskEventRecord,
  RunMode,
  type RunStart,
  RunStatus,
  type StoredBar,
  type StoredEvent,
  type StoredFill,
  type StoredOrder,
  type StoredPosition,
  type StoredRun,
  type StoredSnapshot,
} from './store-records.ts';
export {
  ChangeOutcome,
  type CommitResult,
  loggedRecordCount,
  type RecoveryState,
  type Sequenced,
  type StoreBackend,
  type StoreChange,
  type TradingStore,
} from './trading-store.ts';
