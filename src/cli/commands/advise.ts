import type { Command } from 'commander';
import { advise } from '../../runtime/advisor/advise.ts';
import { formatMemo, formatPolicy } from '../../runtime/advisor/format-advice.ts';
import { openRunAdvisor } from '../../runtime/advisor/run-advisor.ts';
import { memoStore, type RunFlags, reportingAdvisorErrors, runOptions } from './policy.ts';

interface AdviseFlags extends RunFlags {
  json?: boolean;
}

/** `tradewind advise --run <dir|id>`: the compact tables, one round of advice through the gate, and its sealed memo. */
export function registerAdviseCommand(program: Command): void {
  runOptions(program.command('advise'))
    .description(
      'read a run’s compact tables, ask the advisor (the tier-3 model of --llm, else the rule-based advisor) for policy changes, pass them through the policy gate and seal the memo into <run>/logs/llm_decisions/',
    )
    .option('--json', 'print {"tables", "truncation", "memo", "policy"} as JSON and nothing else')
    .action((flags: AdviseFlags) =>
      reportingAdvisorErrors(async () => {
        const advisor = await openRunAdvisor(flags.run, flags.llm, memoStore(flags), flags.logs);
        const model = advisor.decisionModel();
        try {
          const inputs = await advisor.inputs(model);
          const result = await advise({
            inputs,
            log: advisor.log,
            workspace: advisor.workspace,
            config: advisor.config,
            model,
            now: Date.now(),
          });
          if (flags.json) {
            process.stdout.write(
              `${JSON.stringify({ tables: inputs.tables, truncation: inputs.truncation, memo: result.memo, policy: advisor.workspace.view() }, null, 2)}\n`,
            );
            return;
          }
          const truncation = inputs.truncation.map((line) => `truncated: ${line}\n`).join('');
          process.stdout.write(
            `${inputs.tables}\n${truncation}\n${formatMemo(result.memo)}\n\npolicy in force:\n${formatPolicy(advisor.workspace)}\n\nmemo log: ${advisor.log.locations.at(-1)}\n`,
          );
        } finally {
          await model?.dispose();
          await advisor.close();
        }
      }),
    );
}
