/**
 * What a strategy reads of its capital allocation (`StrategyContext.allocation()`), when several
 * strategies share the account under an allocator.
 */
export interface StrategyAllocation {
  /** Its share of the account's equity now, in (0, 1]. */
  readonly weight: number;
  /** Its share when the run started. */
  readonly initialWeight: number;
  /** weight × the account's equity now, in the account currency. */
  readonly capital: number;
  /**
   * weight ÷ initialWeight: the factor the built-in strategies multiply their configured order
   * quantity by, so a strategy configured for its starting share trades in proportion to its
   * current one (1 under fixed weights).
   */
  readonly scale: number;
}
