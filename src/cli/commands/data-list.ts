import type { Command } from 'commander';

/** `tradewind data list`: being built (issue 4); registers nothing yet. */
export function registerDataListCommand(_data: Command): void {}
