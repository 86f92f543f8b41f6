/**
 * Where along a price path a resting order is first touched.
 *
 * A bar is walked as four points: open, then the nearer of high and low (high when equally near),
 * then the other, then close; straight lines in between. A quote or trade tick is a path of one
 * point. Positions along the path are numbers: point k sits at position k, and a touch inside
 * segment k → k+1 lies strictly between. Orders touched earlier on the path fill first.
 */
export interface Touch {
  /** Position along the path where the condition first holds. */
  position: number;
  /** Price there: the level itself inside a segment, or the path price when it already held (a gap). */
  price: number;
}

/** Writes the intrabar path of a bar into `out` (length ≥ 4) and returns the point count. */
export function barPath(open: number, high: number, low: number, close: number, out: Float64Array): number {
  out[0] = open;
  if (open - low < high - open) {
    out[1] = low;
    out[2] = high;
  } else {
    out[1] = high;
    out[2] = low;
  }
  out[3] = close;
  return 4;
}

/** Price on the path at a position. */
export function priceAt(path: Float64Array, count: number, position: number): number {
  const k = Math.floor(position);
  if (k >= count - 1) return path[count - 1];
  const f = position - k;
  return f === 0 ? path[k] : path[k] + (path[k + 1] - path[k]) * f;
}

/**
 * First touch at or after `from` of the condition `price ≤ level` (`below` = true: buy limits,
 * sell stops) or `price ≥ level` (`below` = false: sell limits, buy stops). Writes into `out` and
 * returns true, or returns false when the path never touches.
 */
export function firstTouch(
  path: Float64Array,
  count: number,
  level: number,
  below: boolean,
  from: number,
  out: Touch,
): boolean {
  const start = priceAt(path, count, from);
  if (below ? start <= level : start >= level) {
    out.position = from;
    out.price = start;
    return true;
  }
  for (let k = Math.floor(from); k < count - 1; k++) {
    const segmentStart = Math.max(k, from);
    const a = segmentStart === k ? path[k] : start;
    const b = path[k + 1];
    if (below ? b <= level : b >= level) {
      const share = a === b ? 0 : (a - level) / (a - b);
      out.position = segmentStart + share * (k + 1 - segmentStart);
      out.price = level;
      return true;
    }
  }
  return false;
}
