import { describe, expect, it } from 'vitest';
import { appLogOptions, logsConfig } from './logs-config.ts';

describe('logsConfig', () => {
  it('defaults to logs/, info, 14 days and 50 MiB', () => {
    const config = logsConfig.parse({});
    expect(config, 'the issue’s defaults').toEqual({
      dir: 'logs',
      level: 'info',
      retention_days: 14,
      max_bytes: 50 * 1024 * 1024,
    });
    expect(appLogOptions(config), 'mapped to the openAppLog options').toEqual({
      dir: 'logs',
      level: 'info',
      retentionDays: 14,
      maxBytes: 50 * 1024 * 1024,
    });
  });

  it('refuses a bad level, negative or fractional retention, zero size and unknown keys', () => {
    for (const bad of [
      { level: 'trace' },
      { retention_days: -1 },
      { retention_days: 1.5 },
      { max_bytes: 0 },
      { retention: 7 },
    ])
      expect(logsConfig.safeParse(bad).success, `${JSON.stringify(bad)} is refused`).toBe(false);
    expect(logsConfig.parse({ retention_days: 0 }).retention_days, '0 (keep everything) is allowed').toBe(0);
  });

  it('describes every field, since the descriptions generate .env.example and the docs', () => {
    for (const [name, field] of Object.entries(logsConfig.shape))
      expect(field.description?.length ?? 0, `${name} has a description`).toBeGreaterThan(10);
  });
});
