import type {
  StoredEvent,
  StoredPosition,
  StoredRun,
  StoredSnapshot,
  TradingStore,
} from '../../core/persistence/index.ts';

/** How many of the newest events `runs show` lists. */
export const LAST_EVENTS = 10;

/** What `tradewind runs show` tells about one run, read from the operational store. */
export interface RunReport {
  readonly run: StoredRun;
  /** Order count per status, statuses in alphabetical order. */
  readonly ordersByStatus: Readonly<Record<string, number>>;
  readonly orders: number;
  readonly fills: number;
  /** Events in the run's log (its last sequence: sequences are gap-free from 1). */
  readonly events: number;
  readonly riskEvents: number;
  readonly llmDecisions: number;
  /** Positions whose quantity is not zero, by instrument then strategy. */
  readonly openPositions: readonly StoredPosition[];
  readonly latestSnapshot: StoredSnapshot | undefined;
  /** The newest events (at most {@link LAST_EVENTS}), oldest first. */
  readonly lastEvents: readonly StoredEvent[];
}

/** A run id the store does not hold: bad input (exit code 2), with the way to list the runs. */
export class UnknownRunError extends Error {
  override readonly name = 'UnknownRunError';
  constructor(
    readonly runId: string,
    where: string,
  ) {
    super(`no run '${runId}' in ${where} (tradewind runs list shows the runs there)`);
  }
}

/**
 * Reads one run's report. `where` names the store in the error for an unknown id. The counts come
 * from separate reads: against a store a node is writing they may differ by the last commit.
 */
export async function readRunReport(store: TradingStore, runId: string, where: string): Promise<RunReport> {
  const run = await store.run(runId);
  if (run === undefined) throw new UnknownRunError(runId, where);
  const [orders, fills, positions, riskEvents, llmDecisions, latestSnapshot] = await Promise.all([
    store.orders(runId),
    store.fills(runId),
    store.positions(runId),
    store.riskEvents(runId),
    store.llmDecisions(runId),
    store.latestSnapshot(runId),
  ]);
  const counts = new Map<string, number>();
  for (const order of orders) counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
  const ordersByStatus = Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const lastEvents = await store.events(runId, Math.max(0, run.lastSequence - LAST_EVENTS), LAST_EVENTS);
  return {
    run,
    ordersByStatus,
    orders: orders.length,
    fills: fills.length,
    events: run.lastSequence,
    riskEvents: riskEvents.length,
    llmDecisions: llmDecisions.length,
    openPositions: positions.filter((position) => position.quantity !== 0),
    latestSnapshot,
    lastEvents,
  };
}
