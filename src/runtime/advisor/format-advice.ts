import type { PendingChange, PolicyCommand, PolicyMemo } from '../../core/advisor/index.ts';
import { RISK_LIMIT_NAMES } from '../../core/risk/index.ts';
import type { PolicyWorkspace } from './policy-workspace.ts';

const iso = (time: number): string => new Date(time).toISOString().replace('.000Z', 'Z');

/** What a command does, in one line. */
export function describeCommand(command: PolicyCommand): string {
  switch (command.type) {
    case 'ChangeRiskLimits': {
      const scope = command.change.strategyId === undefined ? 'account' : `agent ${command.change.strategyId}`;
      const limits = Object.entries(command.change.limits ?? {})
        .map(([name, value]) => `${name} → ${typeof value === 'number' ? +value.toPrecision(6) : value}`)
        .join(', ');
      return `${scope} limits: ${limits}`;
    }
    case 'PauseStrategy':
      return `pause ${command.strategyId}`;
    case 'ResumeStrategy':
      return `resume ${command.strategyId}`;
    case 'SwitchPreset':
      return `${command.strategyId} preset ${command.from ?? '(none)'} → ${command.to}`;
    case 'SetParameter':
      return `${command.strategyId}.${command.name} ${command.from} → ${command.to}`;
  }
}

/** A memo for people: who, when, the outcome, then one line per decision with its rationale or reason. */
export function formatMemo(memo: PolicyMemo): string {
  const who = memo.model === null ? memo.advisor : `${memo.advisor} (${memo.provider} ${memo.model})`;
  const lines = [
    `memo ${memo.id} · ${memo.kind} · ${iso(memo.time)} · ${memo.mode} · by ${who}`,
    `outcome: ${memo.outcome}`,
  ];
  if (memo.error !== null) lines.push(`error: ${memo.error}`);
  if (memo.decisions.length === 0) lines.push('no change proposed');
  for (const decision of memo.decisions) {
    const change = memo.changes[decision.index] ?? null;
    const head = `  ${decision.index + 1}. ${decision.status.padEnd(16)} ${decision.kind ?? '(unreadable)'}`;
    const what = decision.command === null ? '' : `: ${describeCommand(decision.command)}`;
    lines.push(`${head}${what}`);
    if (change !== null && memo.kind === 'advice') lines.push(`     why: ${change.rationale} [${change.confidence}]`);
    if (decision.reason !== null) lines.push(`     refused: ${decision.reason}`);
    if (decision.status === 'pending_approval')
      lines.push(`     approve: tradewind policy approve ${decision.pendingId} …`);
  }
  lines.push(`sealed #${memo.sequence} ${memo.hash}`);
  return lines.join('\n');
}

/** The policy in force: version, the limits that differ from version 1, paused strategies, parameters. */
export function formatPolicy(workspace: PolicyWorkspace): string {
  const initial = workspace.baseline.riskPolicy().limits;
  const now = workspace.riskPolicy.limits;
  const lines = [`risk policy version ${workspace.riskPolicy.version}`];
  for (const name of RISK_LIMIT_NAMES)
    if (initial[name] !== now[name]) lines.push(`  ${name}: ${format(initial[name])} → ${format(now[name])}`);
  for (const [id, strategy] of workspace.strategies) {
    const state = strategy.pausedBy === undefined ? 'running' : `paused by ${strategy.pausedBy}`;
    const preset = strategy.preset === undefined ? '' : `, preset ${strategy.preset}`;
    const params = Object.entries(strategy.parameters)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    lines.push(`  strategy ${id}: ${state}${preset}${params === '' ? '' : ` · ${params}`}`);
  }
  return lines.join('\n');
}

/** Pending changes, oldest first, with their expiry; `now` marks those that can no longer be approved. */
export function formatPending(pending: readonly PendingChange[], now: number): string {
  if (pending.length === 0) return 'no change waits for approval';
  return pending
    .map((p) => {
      const expired = now > p.expiresAt ? ' (expired: approval will refuse it)' : '';
      const target = 'strategy_id' in p.change && p.change.strategy_id !== undefined ? ` ${p.change.strategy_id}` : '';
      return `${p.pendingId}  ${p.change.kind}${target} by ${p.by} at ${iso(p.proposedAt)}, until ${iso(p.expiresAt)}${expired}\n    why: ${p.change.rationale}`;
    })
    .join('\n');
}

function format(value: number | boolean): string {
  return typeof value === 'number' ? (Number.isFinite(value) ? String(+value.toPrecision(6)) : 'none') : String(value);
}
