import type { Command } from 'commander';

/** `tradewind sentiment`: being built (issue 8); registered now so the command files can be filled independently. */
export function registerSentimentCommand(_program: Command): void {}
