import type { CancelOrder, ModifyOrder, SubmitOrder } from '../model/commands.ts';
import type { OrderEvent } from '../model/events.ts';
import type { Venue } from '../model/ids.ts';

/** Receives the events a venue reports about orders (accepted, filled, canceled, ...). */
export type ExecutionEventSink = (event: OrderEvent) => void;

/**
 * The port to a venue's order entry. The simulated exchange implements it in backtest and paper
 * trading; ccxt-based clients implement it live. Commands are fire-and-forget: outcomes come back
 * as events through the sink, never as return values, because a live venue answers later.
 */
export interface ExecutionClient {
  readonly venue: Venue;
  /** Wires the sink that receives this client's order events. Called once by the ExecutionEngine. */
  connect(sink: ExecutionEventSink): void;
  submitOrder(command: SubmitOrder): void;
  cancelOrder(command: CancelOrder): void;
  /**
   * Amends a working order (quantity, limit price, trigger price). Reports `OrderUpdated` when the
   * venue applied it, `OrderModifyRejected` when it refused (the order keeps working unchanged), in
   * order with the other commands of the instrument.
   */
  modifyOrder(command: ModifyOrder): void;
}
