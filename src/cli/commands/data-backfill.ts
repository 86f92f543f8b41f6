import type { Command } from 'commander';

/** `tradewind data backfill`: being built (issue 4); registers nothing yet. */
export function registerDataBackfillCommand(_data: Command): void {}
