/**
 * What the peer files share: the libraries, the candidate type and two helpers.
 */
/** The peer libraries, in report order. */
export const PEER_LIBRARIES = ['technicalindicators', 'trading-signals', 'indicatorts', '@ixjb94/indicators'] as const;
export type PeerLibrary = (typeof PEER_LIBRARIES)[number];

/** A peer's input columns as plain arrays. */
export interface PeerInput {
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
}

/** One way of computing one indicator with one library. */
export interface PeerCandidate {
  readonly library: PeerLibrary;
  readonly form: 'batch' | 'streaming';
  /** The call, as a user would write it. */
  readonly api: string;
  /** How the library's result differs from ours by construction (conventions, missing outputs). */
  readonly note?: string;
  /** Computes the indicator over the whole input; returns the last value of the main output. */
  run(input: PeerInput): number;
}

const held: { instance: unknown } = { instance: undefined };

/**
 * Keeps the streaming instance a peer run creates reachable after the run, as a user's instance
 * is, so that the compiler cannot treat it as a temporary of the run; ours are long-lived
 * instances too (cases.ts).
 */
export function hold<T>(instance: T): T {
  held.instance = instance;
  return instance;
}

/** The last element, NaN for an empty result. */
export const lastOf = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values[values.length - 1];
