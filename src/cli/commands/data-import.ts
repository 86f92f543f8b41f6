import type { Command } from 'commander';

/** `tradewind data import`: being built (issue 4); registers nothing yet. */
export function registerDataImportCommand(_data: Command): void {}
