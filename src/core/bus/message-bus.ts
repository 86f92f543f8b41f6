/**
 * A deterministic, synchronous, single-threaded message bus.
 *
 * - Publish/subscribe on string topics. A subscription pattern ending in `*` matches every topic
 *   with that prefix. Handlers run in order of priority (higher first), then of subscription.
 * - Dispatch is immediate and depth-first: a handler that publishes delivers its message before
 *   the outer publish continues, so the same input always produces the same order of effects.
 * - Point-to-point endpoints (`register` / `send`) for commands with exactly one receiver.
 *
 * Hot paths resolve a topic once (`topic(name)`) and publish on the returned handle, which
 * costs one array walk and no lookup or allocation.
 */
export type Handler<T> = (message: T) => void;

interface Subscription {
  readonly pattern: string;
  readonly handler: Handler<never>;
  readonly priority: number;
  readonly sequence: number;
}

/** A resolved topic: publish on it without a lookup. */
export class Topic<T> {
  /** Handlers in dispatch order; rebuilt when subscriptions change. */
  handlers: Handler<T>[] = [];
  constructor(readonly name: string) {}

  publish(message: T): void {
    const handlers = this.handlers;
    for (let i = 0; i < handlers.length; i++) handlers[i](message);
  }

  get hasSubscribers(): boolean {
    return this.handlers.length > 0;
  }
}

function matches(pattern: string, topic: string): boolean {
  return pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}

export class MessageBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly topics = new Map<string, Topic<unknown>>();
  private readonly endpoints = new Map<string, Handler<unknown>>();
  private sequence = 0;

  /** The handle for `name`, created on first use. */
  topic<T>(name: string): Topic<T> {
    let topic = this.topics.get(name);
    if (topic === undefined) {
      topic = new Topic<unknown>(name);
      this.topics.set(name, topic);
      this.rebuild(topic);
    }
    return topic as Topic<T>;
  }

  publish<T>(name: string, message: T): void {
    this.topic<T>(name).publish(message);
  }

  /** Subscribes `handler` to a topic or a `prefix*` pattern. Returns a function that unsubscribes. */
  subscribe<T>(pattern: string, handler: Handler<T>, priority = 0): () => void {
    const subscription: Subscription = {
      pattern,
      handler: handler as Handler<never>,
      priority,
      sequence: this.sequence++,
    };
    this.subscriptions.push(subscription);
    this.subscriptions.sort((a, b) => b.priority - a.priority || a.sequence - b.sequence);
    this.rebuildMatching(pattern);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) {
        this.subscriptions.splice(index, 1);
        this.rebuildMatching(pattern);
      }
    };
  }

  /** Registers the single receiver of an endpoint. Registering twice is a wiring error. */
  register<T>(endpoint: string, handler: Handler<T>): void {
    if (this.endpoints.has(endpoint)) throw new Error(`message bus: endpoint '${endpoint}' is already registered`);
    this.endpoints.set(endpoint, handler as Handler<unknown>);
  }

  /** Sends a message to an endpoint's receiver. An unknown endpoint is a wiring error. */
  send<T>(endpoint: string, message: T): void {
    const handler = this.endpoints.get(endpoint);
    if (handler === undefined) throw new Error(`message bus: no receiver registered at '${endpoint}'`);
    handler(message);
  }

  private rebuildMatching(pattern: string): void {
    for (const topic of this.topics.values()) if (matches(pattern, topic.name)) this.rebuild(topic);
  }

  private rebuild(topic: Topic<unknown>): void {
    topic.handlers = this.subscriptions
      .filter((s) => matches(s.pattern, topic.name))
      .map((s) => s.handler as Handler<unknown>);
  }
}
