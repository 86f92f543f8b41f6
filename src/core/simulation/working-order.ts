import type { VenueOrderId } from '../model/ids.ts';
import type { Instrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import type { FeeAccrual } from './fee-model.ts';

/** An order as a simulated venue holds it while it works. */
export interface WorkingOrder extends FeeAccrual {
  /** The order as it now stands: replaced (not mutated) by an amendment. */
  order: OrderRequest;
  readonly instrument: Instrument;
  readonly venueOrderId: VenueOrderId;
  /**
   * Time priority: among orders that become executable at the same point of a bar's path, the
   * lower sequence fills first. The sequence of the command that placed it; an amendment that
   * loses priority takes the sequence of the modify command.
   */
  sequence: number;
  /** Base units filled so far. */
  filled: number;
  triggered: boolean;
  /** Bars matched since acceptance (limit-with-timeout); an amendment does not reset it. */
  barsWorked: number;
  /** True while in its first matching pass (IOC / FOK and a marketable arrival decide there). */
  fresh: boolean;
}
