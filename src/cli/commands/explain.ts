import type { Command } from 'commander';

/** `tradewind explain`: being built (issue 8); registered now so the command files can be filled independently. */
export function registerExplainCommand(_program: Command): void {}
