export { Account, AccountType, type LedgerEntry } from './account.ts';
export { Portfolio, type PortfolioView } from './portfolio.ts';
export { Position, type PositionFillResult, type RoundTrip } from './position.ts';
export { type StrategyPnl, StrategyPnlLedger } from './strategy-pnl-ledger.ts';
