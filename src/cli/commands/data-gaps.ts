import type { Command } from 'commander';

/** `tradewind data gaps`: being built (issue 4); registers nothing yet. */
export function registerDataGapsCommand(_data: Command): void {}
