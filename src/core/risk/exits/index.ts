export type { ExitOrder, ExitRole, ExitSnapshot } from './exit-book.ts';
export {
  Crossing,
  EXIT_TAG,
  ExitKind,
  exitKindOf,
  exitTags,
  firstCrossing,
  type PositionSign,
  stopBehind,
  targetBeyond,
  tighterStop,
} from './exit-levels.ts';
export { ExitManager, type ExitManagerOptions } from './exit-manager.ts';
export type { ExitManagerPort } from './exit-manager-port.ts';
export {
  type ExitDistance,
  ExitMode,
  type ExitRules,
  type ResolvedDistance,
  type ResolvedExitRules,
  resolveExitRules,
  type TakeProfitRule,
  type TimeStopRule,
  type TrailingStopRule,
} from './exit-rules.ts';
export { PositionLevels } from './position-levels.ts';
