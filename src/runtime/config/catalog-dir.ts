import { isAbsolute, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './load-backtest-config.ts';

/**
 * The catalog directory: `--catalog <dir>` when given, else the `TRADEWIND_CATALOG` environment
 * variable, else `data/catalog/` in the package.
 */
export function catalogDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.TRADEWIND_CATALOG;
  if (chosen === undefined || chosen === '') return join(PACKAGE_ROOT, 'data', 'catalog');
  return isAbsolute(chosen) ? chosen : resolve(chosen);
}
