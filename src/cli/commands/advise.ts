import type { Command } from 'commander';

/** `tradewind advise`: being built (issue 8); registered now so the command files can be filled independently. */
export function registerAdviseCommand(_program: Command): void {}
