import { describe, expect, it } from 'vitest';
import { currency } from '../model/currency.ts';
import type { OrderFilled } from '../model/events.ts';
import { accountId, strategyId } from '../model/ids.ts';
import { Account } from '../portfolio/account.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import { OrderFactory } from '../strategy/order-factory.ts';
import { testInstrument } from '../testing/fixtures.ts';
import { AgentPortfolio } from './agent-portfolio.ts';

const I = testInstrument({ symbol: 'AAA', sizeIncrement: 0.01 });

function setup() {
  const account = new Portfolio(new Account(accountId('T'), 'margin', currency('USD'), 1));
  const index = account.register(I);
  const agents = new AgentPortfolio(account, () => I);
  agents.track('A');
  const fill = (strategy: string, side: 'buy' | 'sell', quantity: number, price: number) =>
    agents.onFill({
      strategyId: strategy,
      instrumentId: I.id,
      side,
      lastQuantity: quantity,
      lastPrice: price,
      timestamp: 0,
    } as unknown as OrderFilled);
  const orders = new OrderFactory(
    strategyId('A'),
    () => 0,
    () => I,
  );
  return { account, index, agents, fill, orders };
}

describe('AgentPortfolio', () => {
  it("books only tracked strategies' fills; the view marks its own position at the account's last price", () => {
    const { account, index, agents, fill } = setup();
    fill('A', 'buy', 3, 100);
    fill('B', 'sell', 5, 100);
    fill('A', 'sell', 1, 110);
    expect(agents.quantity('A', I.id)).toBe(2);
    expect(agents.tracks('B')).toBe(false);
    account.mark(index, 120);
    const view = agents.viewOf('A');
    expect(view.positionQuantity(I.id)).toBe(2);
    expect(view.position(I.id)!.lastPrice).toBe(120);
    expect(view.grossExposure()).toBe(240);
    expect(view.netExposure()).toBe(240);
    expect(view.equity(), "equity is the account's").toBe(account.equity());
    expect(() => agents.viewOf('B')).toThrow(/not an allocated agent/);
  });

  it('a reduce-only market order loses the flag only when it reduces the own position by no more than held', () => {
    const { agents, fill, orders } = setup();
    fill('A', 'buy', 2, 100);
    const sell = (quantity: number) => orders.market({ instrumentId: I.id, side: 'sell', quantity, reduceOnly: true });
    expect(agents.ownReduceOnly(sell(2)).reduceOnly).toBe(false);
    expect(agents.ownReduceOnly(sell(3)).reduceOnly, 'more than held: the venue judges it').toBe(true);
    const buy = orders.market({ instrumentId: I.id, side: 'buy', quantity: 1, reduceOnly: true });
    expect(agents.ownReduceOnly(buy).reduceOnly, 'grows the own long').toBe(true);
    const limit = orders.limit({ instrumentId: I.id, side: 'sell', quantity: 1, price: 101, reduceOnly: true });
    expect(agents.ownReduceOnly(limit), 'resting orders keep the flag').toBe(limit);
    const plain = orders.market({ instrumentId: I.id, side: 'sell', quantity: 1 });
    expect(agents.ownReduceOnly(plain)).toBe(plain);
  });
});
