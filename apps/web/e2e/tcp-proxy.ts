import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy owned by a test, between the browser and the app, to break the network in
 * ways `context.setOffline` cannot (it does not cut a running fetch):
 * - `cut(ms)` destroys every open connection and refuses new ones for `ms`;
 * - `stall()` keeps the open event-stream connections up but stops forwarding the server's bytes
 *   on them (a dead path no error reveals, such as a NAT entry that expired), while other and new
 *   connections work.
 */
export type TcpProxy = {
  port: number;
  origin: string;
  setTarget(port: number): void;
  /** Resolves once the proxy accepts connections again. */
  cut(ms: number): Promise<void>;
  stall(): void;
  close(): Promise<void>;
};

type Pair = { client: Socket; upstream: Socket; stalled: boolean; eventStream: boolean };

export async function startTcpProxy(): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let target = 0;
  let server: Server;

  const onConnection = (client: Socket) => {
    const upstream = connect({ host: "127.0.0.1", port: target });
    const pair: Pair = { client, upstream, stalled: false, eventStream: false };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (data) => upstream.write(data));
    upstream.on("data", (data) => {
      // Responses start with their headers: remember which connections carry a stream.
      if (data.includes("text/event-stream")) pair.eventStream = true;
      if (!pair.stalled) client.write(data);
    });
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  };

  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve(next));
    });

  server = await listen(0);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    setTarget(value) {
      target = value;
    },
    async cut(ms) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        pairs.clear();
      });
      await new Promise((resolve) => setTimeout(resolve, ms));
      server = await listen(port);
    },
    stall() {
      for (const pair of pairs) if (pair.eventStream) pair.stalled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
