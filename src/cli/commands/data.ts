import type { Command } from 'commander';
import { registerDataBackfillCommand } from './data-backfill.ts';
import { registerDataGapsCommand } from './data-gaps.ts';
import { registerDataImportCommand } from './data-import.ts';
import { registerDataListCommand } from './data-list.ts';

/** `tradewind data …`: the market-data catalog (import, list, gaps, backfill). */
export function registerDataCommand(program: Command): void {
  const data = program
    .command('data')
    .description('the market-data catalog: import files, list what it holds, report gaps, backfill from exchanges');
  registerDataImportCommand(data);
  registerDataListCommand(data);
  registerDataGapsCommand(data);
  registerDataBackfillCommand(data);
}
