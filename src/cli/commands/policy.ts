import type { Command } from 'commander';

/** `tradewind policy`: being built (issue 8); registered now so the command files can be filled independently. */
export function registerPolicyCommand(_program: Command): void {}
