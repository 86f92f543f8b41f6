import type { Command } from 'commander';

/** `tradewind audit`: being built (issue 8); registered now so the command files can be filled independently. */
export function registerAuditCommand(_program: Command): void {}
