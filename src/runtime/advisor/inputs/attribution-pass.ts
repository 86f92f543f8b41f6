import { roundTo, toMinor } from '../../../core/model/decimal.ts';
import { createInstrument, type Instrument } from '../../../core/model/instrument.ts';
import { Position } from '../../../core/portfolio/index.ts';
import { Book, type BookFigures } from './book.ts';
import type { FillRecord, RunSettings } from './run-record.ts';

/** The strategy id of the risk engine's own orders (flattens after a kill). */
export const RISK_BOOK = 'RISK';

export interface AttributionOptions {
  /** Every fill of the run, in time order. */
  readonly fills: readonly FillRecord[];
  readonly settings: RunSettings;
  /** Equity before the first point. */
  readonly initialEquity: number;
  /** Points after this time (Unix ms) are inside the window. */
  readonly windowStart: number;
}

/** What the pass found: the account's figures, each book's, and the fills it never reached. */
export interface Attribution {
  readonly account: BookFigures;
  /** By strategy id (and `RISK` when a flatten could not be given to the strategies it closed). */
  readonly books: ReadonlyMap<string, BookFigures>;
  /** Fills at or after the last point: not in any figure. */
  readonly unappliedFills: number;
  /** Time of the last point at or before the window's start (the base of its returns); undefined when the run began inside the window. */
  readonly baseTime: number | undefined;
  readonly firstTime: number | undefined;
}

/**
 * Replays a run's fills along its equity points (the bars of a backtest, the snapshots of a stored
 * run) into the account's book and one book per strategy, each a set of average-cost positions.
 * A fill belongs to the first point after its time (a bar's fills show in its close). A strategy's
 * value is the starting equity plus its attributed PnL, marked at every point, so its drawdown and
 * returns are those it alone would have given the account; with one book it is the account's
 * equity itself. The mark of the (single) instrument at a point is given (a snapshot's), or solved
 * from the account's equity: equity = start + realized − fees + q × mark − signed cost basis, the
 * identity of the engine's accounting, exact to the cent; with several instruments, or a flat
 * account, the last fill price. The risk engine's flattens are split between the books that held
 * the position, in proportion to their holdings, so that they close what they closed.
 */
export class AttributionPass {
  readonly account: Book;
  private readonly books = new Map<string, Book>();
  private readonly instruments = new Map<string, Instrument>();
  private readonly lastFillPrice = new Map<string, number>();
  private readonly scale: number;
  private next = 0;
  private baseTime: number | undefined;
  private firstTime: number | undefined;

  constructor(private readonly options: AttributionOptions) {
    this.scale = 10 ** options.settings.currencyPrecision;
    this.account = new Book(options.initialEquity, this.scale);
    for (const s of options.settings.strategies) this.bookOf(s.id);
  }

  private bookOf(id: string): Book {
    let book = this.books.get(id);
    if (book === undefined) this.books.set(id, (book = new Book(this.options.initialEquity, this.scale)));
    return book;
  }

  private instrumentOf(id: string): Instrument {
    let instrument = this.instruments.get(id);
    if (instrument === undefined) {
      const dot = id.lastIndexOf('.');
      const { currency, currencyPrecision, sizePrecision } = this.options.settings;
      instrument = createInstrument({
        symbol: dot > 0 ? id.slice(0, dot) : id,
        venue: dot > 0 ? id.slice(dot + 1) : 'SIM',
        kind: 'spot',
        baseCurrency: 'BASE',
        quoteCurrency: currency,
        quotePrecision: currencyPrecision,
        priceIncrement: 1e-8,
        sizeIncrement: 10 ** -sizePrecision,
      });
      this.instruments.set(id, instrument);
    }
    return instrument;
  }

  private positionOf(book: Book, instrumentId: string): Position {
    let position = book.positions.get(instrumentId);
    if (position === undefined)
      book.positions.set(instrumentId, (position = new Position(this.instrumentOf(instrumentId))));
    return position;
  }

  /** The books a fill is booked to, with the signed quantity and fee (minor units) of each part. */
  private parts(fill: FillRecord, feeMinor: number): { book: Book; signed: number; feeMinor: number }[] {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    if (fill.strategyId !== RISK_BOOK) return [{ book: this.bookOf(fill.strategyId), signed, feeMinor }];
    const holders: { book: Book; quantity: number }[] = [];
    let net = 0;
    for (const book of this.books.values()) {
      const quantity = book.positions.get(fill.instrumentId)?.quantity ?? 0;
      if (quantity !== 0) holders.push({ book, quantity });
      net += quantity;
    }
    if (holders.length === 0 || net === 0) return [{ book: this.bookOf(RISK_BOOK), signed, feeMinor }];
    const precision = this.options.settings.sizePrecision;
    // A flatten of the whole net position closes each holding exactly.
    const exact = Math.abs(signed + net) < 10 ** -(precision + 1);
    const parts = holders
      .map((h) => ({ book: h.book, signed: exact ? -h.quantity : roundTo((signed * h.quantity) / net, precision) }))
      .filter((p) => p.signed !== 0);
    const total = parts.reduce((sum, p) => sum + Math.abs(p.signed), 0);
    let left = feeMinor;
    return parts.map((p, i) => {
      const share = i === parts.length - 1 ? left : Math.round((feeMinor * Math.abs(p.signed)) / total);
      left -= share;
      return { ...p, feeMinor: share };
    });
  }

  private apply(fill: FillRecord, inWindow: boolean): void {
    const feeMinor = toMinor(fill.fee, this.options.settings.currencyPrecision);
    const slippage = realizedSlippageBps(fill);
    const model = this.options.settings.slippage;
    const modelled = model === undefined ? null : fill.liquidity === 'taker' ? model.halfSpreadBps : 0;
    const whole = { side: fill.side, quantity: fill.quantity, price: fill.price, feeMinor, time: fill.time };
    this.account.fill(this.positionOf(this.account, fill.instrumentId), whole, inWindow, slippage, modelled);
    for (const part of this.parts(fill, feeMinor)) {
      const side = part.signed > 0 ? 'buy' : 'sell';
      const booked = { ...whole, side, quantity: Math.abs(part.signed), feeMinor: part.feeMinor } as const;
      part.book.fill(this.positionOf(part.book, fill.instrumentId), booked, inWindow, slippage, modelled);
    }
    this.lastFillPrice.set(fill.instrumentId, fill.price);
  }

  /** The account's mark of its one instrument solved from the equity; undefined when it cannot be. */
  private solvedMark(equity: number): number | undefined {
    if (this.account.positions.size !== 1) return undefined;
    const p = this.account.positions.values().next().value as Position;
    if (p.quantity === 0) return undefined;
    const basis = p.costBasisMinor / this.scale;
    const signedBasis = p.quantity > 0 ? basis : -basis;
    const mark =
      (equity - this.options.initialEquity - p.realizedPnl + p.feesMinor / this.scale + signedBasis) / p.quantity;
    return Number.isFinite(mark) && mark > 0 ? mark : undefined;
  }

  /** One equity point, in time order: the fills before it are booked, the books marked and valued. */
  point(time: number, equity: number, mark?: number): void {
    const inWindow = time > this.options.windowStart;
    if (!inWindow) this.baseTime = time;
    this.firstTime ??= time;
    const fills = this.options.fills;
    while (this.next < fills.length && fills[this.next]!.time < time) this.apply(fills[this.next++]!, inWindow);
    const solved = mark ?? this.solvedMark(equity);
    const single = this.account.positions.size === 1;
    this.markBook(this.account, single, solved);
    let trading = 0;
    let only: Book | undefined;
    for (const book of this.books.values()) {
      this.markBook(book, single, solved);
      if (book.positions.size > 0) {
        trading++;
        only = book;
      }
    }
    this.account.point(time, equity, inWindow);
    for (const book of this.books.values()) {
      // One book holding every fill is the account: its value is the equity itself, not a re-derivation of it.
      const value = trading === 1 && only === book ? equity : this.options.initialEquity + book.pnl();
      book.point(time, value, inWindow);
    }
  }

  /** Marks a book's positions: at the solved mark (one instrument), else at their instrument's last fill price. */
  private markBook(book: Book, single: boolean, solved: number | undefined): void {
    for (const [id, position] of book.positions) {
      const price = single && solved !== undefined ? solved : this.lastFillPrice.get(id);
      if (price !== undefined) position.lastPrice = price;
    }
  }

  result(): Attribution {
    const ppy = this.options.settings.periodsPerYear;
    const books = new Map<string, BookFigures>();
    for (const [id, book] of this.books) books.set(id, book.figures(ppy));
    return {
      account: this.account.figures(ppy),
      books,
      unappliedFills: this.options.fills.length - this.next,
      baseTime: this.baseTime,
      firstTime: this.firstTime,
    };
  }
}

/** Slippage of a fill in bps of its reference price (the fill price less the slippage paid). */
export function realizedSlippageBps(fill: FillRecord): number | null {
  if (fill.slippage === undefined) return null;
  const reference = fill.side === 'buy' ? fill.price - fill.slippage : fill.price + fill.slippage;
  return reference > 0 ? (fill.slippage / reference) * 10_000 : null;
}
