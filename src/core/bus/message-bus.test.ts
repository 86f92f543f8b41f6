import { describe, expect, it } from 'vitest';
import { MessageBus } from './message-bus.ts';

describe('MessageBus', () => {
  it('delivers to handlers by priority (higher first), then in subscription order', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('t', () => seen.push('a:0'));
    bus.subscribe('t', () => seen.push('b:5'), 5);
    bus.subscribe('t', () => seen.push('c:0'));
    bus.subscribe('t', () => seen.push('d:-1'), -1);
    bus.subscribe('t', () => seen.push('e:5'), 5);
    bus.publish('t', 1);
    expect(seen).toEqual(['b:5', 'e:5', 'a:0', 'c:0', 'd:-1']);
  });

  it('keeps the order for a topic handle resolved before the subscriptions', () => {
    const bus = new MessageBus();
    const topic = bus.topic<number>('t');
    expect(topic.hasSubscribers).toBe(false);
    const seen: number[] = [];
    bus.subscribe<number>('t', (m) => seen.push(m * 10), 1);
    bus.subscribe<number>('t', (m) => seen.push(m * 100), 2);
    topic.publish(3);
    expect(seen, 'a handle sees later subscriptions, in priority order').toEqual([300, 30]);
    expect(topic.hasSubscribers).toBe(true);
  });

  it('matches a prefix* pattern against every topic with that prefix, and only those', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe<string>('events.order.*', (m) => seen.push(`orders:${m}`));
    bus.subscribe<string>('*', (m) => seen.push(`all:${m}`));
    bus.subscribe<string>('events.order.S1', (m) => seen.push(`s1:${m}`));
    bus.publish('events.order.S1', 'x');
    bus.publish('events.order.S2', 'y');
    bus.publish('events.position.S1', 'z');
    expect(seen).toEqual(['orders:x', 'all:x', 's1:x', 'orders:y', 'all:y', 'all:z']);
  });

  it('a wildcard subscribed after a topic handle was resolved still reaches it', () => {
    const bus = new MessageBus();
    const topic = bus.topic<string>('data.bars.X.1m');
    const seen: string[] = [];
    bus.subscribe<string>('data.bars.X.*', (m) => seen.push(m));
    topic.publish('bar');
    expect(seen).toEqual(['bar']);
  });

  it('unsubscribes; unsubscribing twice is harmless', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    const off = bus.subscribe<string>('t', (m) => seen.push(`a:${m}`));
    bus.subscribe<string>('t', (m) => seen.push(`b:${m}`));
    const offWildcard = bus.subscribe<string>('t*', (m) => seen.push(`w:${m}`));
    bus.publish('t', '1');
    off();
    off();
    offWildcard();
    bus.publish('t', '2');
    expect(seen).toEqual(['a:1', 'b:1', 'w:1', 'b:2']);
  });

  it('dispatches depth-first: a message published by a handler is delivered before the outer publish continues', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('outer', () => {
      seen.push('outer:1');
      bus.publish('inner', 0);
      seen.push('outer:1 done');
    });
    bus.subscribe('outer', () => seen.push('outer:2'));
    bus.subscribe('inner', () => seen.push('inner'));
    bus.publish('outer', 0);
    expect(seen).toEqual(['outer:1', 'inner', 'outer:1 done', 'outer:2']);
  });

  it('a handler subscribed during a publish does not receive that same message', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe<string>('t', (m) => {
      seen.push(`first:${m}`);
      if (m === '1') bus.subscribe<string>('t', (n) => seen.push(`late:${n}`));
    });
    bus.publish('t', '1');
    bus.publish('t', '2');
    expect(seen).toEqual(['first:1', 'first:2', 'late:2']);
  });

  it('sends to a registered endpoint; an unregistered endpoint or a second registration throws', () => {
    const bus = new MessageBus();
    const received: number[] = [];
    bus.register<number>('risk.check', (m) => received.push(m));
    bus.send('risk.check', 42);
    expect(received).toEqual([42]);
    expect(() => bus.send('nobody.home', 1), 'a send with no receiver is a wiring error').toThrow(/no receiver/);
    expect(() => bus.register('risk.check', () => {}), 'one receiver per endpoint').toThrow(/already registered/);
  });

  it('publishing to a topic nobody listens to is a no-op', () => {
    const bus = new MessageBus();
    expect(() => bus.publish('nobody', 1)).not.toThrow();
  });
});
