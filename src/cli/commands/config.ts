import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { assertLiveAllowed, noLiveVenueAdapter, type VenueProbe } from '../../runtime/config/assert-live-allowed.ts';
import { generateEnvExample } from '../../runtime/config/env-example.ts';
import { loadNodeConfig } from '../../runtime/config/load-node-config.ts';
import { formatNodeConfig, nodeConfigJson } from '../../runtime/config/redact-node-config.ts';

/** What the config commands use from the outside world; tests inject a reachable venue and capture output. */
export interface ConfigCommandIo {
  /** Checks the live venue (default: none reachable until the live venue adapter exists). */
  readonly probeVenue?: VenueProbe;
  /** Where results go (default: standard output). */
  readonly write?: (text: string) => void;
  /** The process environment (default: `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

interface LoadFlags {
  dir: string;
  mode?: string;
}

/** `tradewind config example | show | check`: the layered node configuration and the go-live guard. */
export function registerConfigCommand(program: Command, io: ConfigCommandIo = {}): void {
  const write = io.write ?? ((text: string) => void process.stdout.write(text));
  const config = program
    .command('config')
    .description('layered node configuration (base.yaml + broker.<mode>.yaml + ... + .env): example, show, check');

  config
    .command('example')
    .description('print the .env.example generated from the config schemas (every variable, its field and default)')
    .option('--out <file>', 'write it to this file instead (e.g. .env.example)')
    .action(async (flags: { out?: string }) => {
      const text = generateEnvExample();
      if (flags.out === undefined) write(text);
      else await writeFile(flags.out, text);
    });

  config
    .command('show')
    .description('print the resolved, validated configuration with the layer that set each field; secrets as ***')
    .requiredOption('--dir <dir>', 'config directory (base.yaml, broker.<mode>.yaml, strategy.*.yaml, risk.yaml, ...)')
    .option('--mode <mode>', 'SIM, PAPER or LIVE (default: TRADEWIND_MODE, else base.yaml, else SIM)')
    .option('--json', 'print JSON: mode, dir, layers, config, provenance, period_ms')
    .action(async (flags: LoadFlags & { json?: boolean }) => {
      const loaded = await loadNodeConfig({ dir: flags.dir, mode: flags.mode, env: io.env });
      write(flags.json ? `${JSON.stringify(nodeConfigJson(loaded), null, 2)}\n` : formatNodeConfig(loaded));
    });

  config
    .command('check')
    .description('validate the configuration and, in LIVE mode, run the go-live guard (consent, risk caps, venue)')
    .requiredOption('--dir <dir>', 'config directory')
    .option('--mode <mode>', 'SIM, PAPER or LIVE (default: TRADEWIND_MODE, else base.yaml, else SIM)')
    .option('--i-understand-live-trading', 'consent to LIVE trading with real money')
    .action(async (flags: LoadFlags & { iUnderstandLiveTrading?: boolean }) => {
      const loaded = await loadNodeConfig({ dir: flags.dir, mode: flags.mode, env: io.env });
      await assertLiveAllowed(loaded, flags, io.probeVenue ?? noLiveVenueAdapter);
      write(
        `ok: ${loaded.mode} configuration in ${loaded.dir} is valid (${loaded.layers.join(' → ')})${loaded.mode === 'LIVE' ? '; LIVE allowed' : ''}\n`,
      );
    });
}
