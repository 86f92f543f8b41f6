import type {
  EventRecord,
  LlmDecisionRecord,
  MetricsWindowRecord,
  PortfolioSnapshotRecord,
  ProcessedMessage,
  RiskEventRecord,
  StoreChange,
  StoredBar,
  StoredFill,
  StoredOrder,
  StoredPosition,
} from '../../../core/persistence/index.ts';

/**
 * Every field of `T`, in a fixed order: the list does not compile while a field of the record is
 * missing from it, so a field added to a record cannot be dropped silently on the way to the thread.
 */
const fieldsOf =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(
    fields: K & (Exclude<keyof T, K[number]> extends never ? unknown : { missing: Exclude<keyof T, K[number]> }),
  ): K =>
    fields;

/** The record kinds of a change: its key, the record's fields, and whether it holds one record or a list. */
export const COMMIT_BATCH_KINDS = [
  { key: 'message', single: true, fields: fieldsOf<ProcessedMessage>()(['consumer', 'messageId', 'processedAt']) },
  {
    key: 'fill',
    single: true,
    fields: fieldsOf<StoredFill>()([
      'venue',
      'tradeId',
      'clientOrderId',
      'venueOrderId',
      'strategyId',
      'instrumentId',
      'accountId',
      'side',
      'quantity',
      'price',
      'fee',
      'feeCurrency',
      'liquiditySide',
      'timestamp',
    ]),
  },
  { key: 'events', single: false, fields: fieldsOf<EventRecord>()(['type', 'timestamp', 'payload']) },
  {
    key: 'orders',
    single: false,
    fields: fieldsOf<StoredOrder>()([
      'clientOrderId',
      'strategyId',
      'instrumentId',
      'side',
      'orderType',
      'quantity',
      'price',
      'triggerPrice',
      'status',
      'venueOrderId',
      'filledQuantity',
      'averageFillPrice',
      'createdAt',
      'updatedAt',
      'payload',
    ]),
  },
  {
    key: 'positions',
    single: false,
    fields: fieldsOf<StoredPosition>()([
      'instrumentId',
      'strategyId',
      'quantity',
      'averageEntryPrice',
      'realizedPnl',
      'updatedAt',
    ]),
  },
  {
    key: 'riskEvents',
    single: false,
    fields: fieldsOf<RiskEventRecord>()(['type', 'timestamp', 'payload', 'instrumentId', 'strategyId']),
  },
  {
    key: 'llmDecisions',
    single: false,
    fields: fieldsOf<LlmDecisionRecord>()(['type', 'timestamp', 'payload', 'decisionId', 'model', 'outcome']),
  },
  {
    key: 'metrics',
    single: false,
    fields: fieldsOf<MetricsWindowRecord>()([
      'label',
      'windowStart',
      'windowEnd',
      'sharpe',
      'sortino',
      'turnover',
      'hitRate',
      'trades',
    ]),
  },
  {
    key: 'snapshot',
    single: true,
    fields: fieldsOf<PortfolioSnapshotRecord>()([
      'timestamp',
      'cash',
      'equity',
      'grossExposure',
      'netExposure',
      'drawdown',
      'payload',
    ]),
  },
  {
    key: 'bars',
    single: false,
    fields: fieldsOf<StoredBar>()([
      'sequence',
      'phase',
      'instrumentId',
      'timeframe',
      'timestamp',
      'open',
      'high',
      'low',
      'close',
      'volume',
    ]),
  },
] as const satisfies readonly { key: keyof StoreChange; single: boolean; fields: readonly string[] }[];

// Every key of a change has its kind (a new key must be added above, or it would not reach the thread).
const _everyKind: Exclude<keyof StoreChange, (typeof COMMIT_BATCH_KINDS)[number]['key']> extends never ? true : never =
  true;

/** One column: a field's values in record order; all-number columns travel as one typed array. */
type Column = Float64Array | unknown[];

/** The records of one kind: the index of each record's change, and one column per field (in `fields` order). */
interface RecordColumns {
  readonly owner: Int32Array;
  readonly columns: readonly Column[];
}

/**
 * A batch of store changes laid out by column for the trip to the commit thread. A structured clone
 * of 100,000 small change objects writes every property name of every record and rebuilds every
 * object on the other side, which cost the node's thread and the commit thread more than SQLite's
 * own inserts (docs/adr/0017-sqlite-commit-thread.md); columns clone as a few arrays per kind.
 * An absent field and a field holding `undefined` arrive alike, as `undefined`.
 */
export interface CommitBatchColumns {
  readonly count: number;
  readonly kinds: Partial<Record<StoreChangeKey, RecordColumns>>;
}

type StoreChangeKey = (typeof COMMIT_BATCH_KINDS)[number]['key'];

/** `changes` as columns, and the buffers a `postMessage` may transfer instead of copying. */
export function encodeCommitBatch(changes: readonly StoreChange[]): {
  batch: CommitBatchColumns;
  transfer: ArrayBuffer[];
} {
  const kinds: Partial<Record<StoreChangeKey, RecordColumns>> = {};
  const transfer: ArrayBuffer[] = [];
  for (const kind of COMMIT_BATCH_KINDS) {
    const owner: number[] = [];
    const columns: unknown[][] = kind.fields.map(() => []);
    const push = (index: number, record: Readonly<Record<string, unknown>>): void => {
      owner.push(index);
      for (let f = 0; f < kind.fields.length; f++) columns[f]!.push(record[kind.fields[f]!]);
    };
    for (let index = 0; index < changes.length; index++) {
      const value = changes[index]![kind.key] as unknown;
      if (value === undefined) continue;
      if (kind.single) push(index, value as Readonly<Record<string, unknown>>);
      else for (const record of value as readonly Readonly<Record<string, unknown>>[]) push(index, record);
    }
    if (owner.length === 0) continue;
    const typed = columns.map(numbersOnly);
    const ownerArray = Int32Array.from(owner);
    transfer.push(ownerArray.buffer);
    for (const column of typed) if (column instanceof Float64Array) transfer.push(column.buffer as ArrayBuffer);
    kinds[kind.key] = { owner: ownerArray, columns: typed };
  }
  return { batch: { count: changes.length, kinds }, transfer };
}

/** The changes `encodeCommitBatch` laid out, rebuilt as objects (each kind's records in their order). */
export function decodeCommitBatch(batch: CommitBatchColumns): StoreChange[] {
  const changes: Record<string, unknown>[] = Array.from({ length: batch.count }, () => ({}));
  for (const kind of COMMIT_BATCH_KINDS) {
    const records = batch.kinds[kind.key];
    if (records === undefined) continue;
    const { owner, columns } = records;
    for (let r = 0; r < owner.length; r++) {
      const record: Record<string, unknown> = {};
      for (let f = 0; f < kind.fields.length; f++) record[kind.fields[f]!] = columns[f]![r];
      const change = changes[owner[r]!]!;
      if (kind.single) change[kind.key] = record;
      else {
        const list = change[kind.key] as unknown[] | undefined;
        if (list === undefined) change[kind.key] = [record];
        else list.push(record);
      }
    }
  }
  return changes as StoreChange[];
}

function numbersOnly(column: unknown[]): Column {
  for (const value of column) if (typeof value !== 'number') return column;
  return Float64Array.from(column as number[]);
}
