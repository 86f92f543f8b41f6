import type { TradingKernel } from '../../core/kernel/index.ts';
import { isOpen } from '../../core/model/order.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { ReconciliationError } from './paper-journal.ts';

/** What a reconciliation compared. */
export interface ReconciliationReport {
  readonly openOrders: number;
  readonly fills: number;
  readonly positions: number;
}

const MAX_LISTED = 5;

/**
 * Compares the rebuilt node with the venue's persisted state (for the paper node: the simulated
 * venue's orders, fills and positions in the store) after the catch-up and before the node trades
 * on: the same open orders with the same status and filled quantity, the same trade ids, the same
 * net position per instrument. Any difference throws a `ReconciliationError` that lists it: a node
 * that cannot reconcile does not trade.
 */
export async function reconcileWithStore(
  store: TradingStore,
  runId: string,
  kernel: TradingKernel,
): Promise<ReconciliationReport> {
  const problems: string[] = [];
  const storedOpen = new Map((await store.openOrders(runId)).map((o) => [o.clientOrderId, o]));
  const nodeOpen = kernel.cache.orderList.filter(isOpen);
  for (const order of nodeOpen) {
    const stored = storedOpen.get(order.clientOrderId);
    if (stored === undefined)
      problems.push(`order ${order.clientOrderId} is ${order.status} in the node, not open in the store`);
    else if (stored.status !== order.status || stored.filledQuantity !== order.filledQuantity)
      problems.push(
        `order ${order.clientOrderId}: node ${order.status} filled ${order.filledQuantity}, store ${stored.status} filled ${stored.filledQuantity}`,
      );
    storedOpen.delete(order.clientOrderId);
  }
  for (const id of storedOpen.keys()) problems.push(`order ${id} is open in the store, unknown or closed in the node`);

  const storedFills = await store.fills(runId);
  const storedTradeIds = new Set(storedFills.map((f) => f.tradeId as string));
  const nodeTradeIds = new Set<string>();
  for (const order of kernel.cache.orderList) for (const tradeId of order.tradeIds) nodeTradeIds.add(tradeId);
  for (const id of storedTradeIds)
    if (!nodeTradeIds.has(id)) problems.push(`fill ${id} is in the store, not in the node`);
  for (const id of nodeTradeIds)
    if (!storedTradeIds.has(id)) problems.push(`fill ${id} is in the node, not in the store`);

  const storedNet = new Map<string, number>();
  const positions = await store.positions(runId);
  for (const p of positions) storedNet.set(p.instrumentId, (storedNet.get(p.instrumentId) ?? 0) + p.quantity);
  for (const instrument of kernel.cache.instruments()) {
    const node = kernel.portfolio.positionQuantity(instrument.id);
    const stored = storedNet.get(instrument.id) ?? 0;
    if (Math.abs(node - stored) > instrument.sizeIncrement / 2)
      problems.push(`position ${instrument.id}: node ${node}, store ${stored}`);
  }

  if (problems.length > 0)
    throw new ReconciliationError(
      `run ${runId} does not reconcile with the store (${problems.length} difference${problems.length === 1 ? '' : 's'}): ` +
        `${problems.slice(0, MAX_LISTED).join('; ')}${problems.length > MAX_LISTED ? '; …' : ''}; the node does not trade`,
    );
  return { openOrders: nodeOpen.length, fills: storedFills.length, positions: positions.length };
}
