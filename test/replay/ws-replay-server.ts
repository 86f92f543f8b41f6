import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A live stream's recorded messages and how far the "venue" has published them. The feed position
 * is the venue's, not the connection's: messages published while no client listens are lost to
 * it, as on a real venue.
 */
interface Feed {
  readonly messages: readonly string[];
  position: number;
  /** Messages at or after this index are not published yet (a silent venue). */
  releasedUpTo: number;
  /** Close the connection once `position` reaches `at`, then skip `skip` messages. */
  drop: { at: number; skip: number } | undefined;
  socket: WebSocket | undefined;
  pumping: boolean;
}

export interface WsReplayServerOptions {
  /** Recorded messages per Binance stream name (`btcusdt@trade`, `adabtc@kline_1m`), in order. */
  readonly streams: Readonly<Record<string, readonly unknown[]>>;
}

export interface WsReplayServer {
  /**
   * `ws://127.0.0.1:<port>/stream`: the WebSocket base to point ccxt's `urls.api.ws` at. The path
   * keeps `/stream` because ccxt's binance tells spot from futures connections by it.
   */
  readonly url: string;
  /** Connections accepted and refused so far. */
  readonly accepted: number;
  readonly refused: number;
  /** The `params` of every SUBSCRIBE received, in order. */
  readonly subscriptions: readonly (readonly string[])[];
  /** How many messages of a stream the venue has published (sent or lost). */
  position(stream: string): number;
  /** Publish a stream's messages up to index `upTo` (exclusive); until then the stream is silent. */
  release(stream: string, upTo: number): void;
  /** Drop the connection once `at` messages of `stream` were published; the next `skip` are lost. */
  dropAt(stream: string, at: number, skip: number): void;
  /** Refuse the next `count` WebSocket handshakes (HTTP 503). */
  refuse(count: number): void;
  close(): Promise<void>;
}

/**
 * A local WebSocket server on 127.0.0.1 speaking the part of Binance's public stream protocol
 * ccxt pro uses: a client connects to `<base>/ws/<n>`, sends
 * `{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}`, gets `{"result":null,"id":1}`, then
 * receives the stream's raw event messages. Messages go out one at a time (each after the
 * previous one's write completed). Faults: a dropped connection at a chosen feed position,
 * silence (stay connected, publish nothing), refused handshakes.
 */
export async function startWsReplayServer(options: WsReplayServerOptions): Promise<WsReplayServer> {
  const feeds = new Map<string, Feed>();
  for (const [name, messages] of Object.entries(options.streams))
    feeds.set(name, {
      messages: messages.map((m) => JSON.stringify(m)),
      position: 0,
      releasedUpTo: messages.length,
      drop: undefined,
      socket: undefined,
      pumping: false,
    });
  const subscriptions: string[][] = [];
  let accepted = 0;
  let refused = 0;
  let refuseNext = 0;
  const http = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });

  const pump = (feed: Feed): void => {
    const socket = feed.socket;
    if (feed.pumping || socket === undefined) return;
    if (feed.drop !== undefined && feed.position >= feed.drop.at) {
      feed.position += feed.drop.skip;
      feed.drop = undefined;
      feed.socket = undefined;
      socket.terminate();
      return;
    }
    if (feed.position >= feed.releasedUpTo || feed.position >= feed.messages.length) return;
    feed.pumping = true;
    const message = feed.messages[feed.position++];
    socket.send(message, () => {
      feed.pumping = false;
      if (feed.socket === socket) setImmediate(() => pump(feed));
    });
  };

  wss.on('connection', (socket: WebSocket) => {
    accepted++;
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { method?: string; params?: string[]; id?: unknown };
      if (request.method !== 'SUBSCRIBE' || !Array.isArray(request.params)) return;
      subscriptions.push(request.params);
      socket.send(JSON.stringify({ result: null, id: request.id }));
      for (const name of request.params) {
        const feed = feeds.get(name);
        if (feed === undefined) continue;
        feed.socket = socket;
        pump(feed);
      }
    });
    socket.on('close', () => {
      for (const feed of feeds.values()) if (feed.socket === socket) feed.socket = undefined;
    });
  });

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    if (refuseNext > 0) {
      refuseNext--;
      refused++;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const feed = (name: string): Feed => {
    const found = feeds.get(name);
    if (found === undefined) throw new Error(`ws replay server: no recorded stream '${name}'`);
    return found;
  };
  return {
    url: `ws://127.0.0.1:${port}/stream`,
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    subscriptions,
    position: (name) => feed(name).position,
    release(name, upTo) {
      const f = feed(name);
      f.releasedUpTo = upTo;
      pump(f);
    },
    dropAt(name, at, skip) {
      feed(name).drop = { at, skip };
    },
    refuse(count) {
      refuseNext = count;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
