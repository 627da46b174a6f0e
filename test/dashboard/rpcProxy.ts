/**
 * A JSON-RPC pass-through on a fixed loopback port, for restarting "the node" under a running
 * dashboard: the dashboard talks to the proxy; the test stops one node and points the proxy at a
 * fresh one, as a node restarted on its old address looks to its clients. While no node is set,
 * requests fail the way a stopped node's do (connection refused → 502 here).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface RpcProxy {
  url: string;
  /** Forwards to `url` from now on; undefined = the node is down. */
  pointAt(url: string | undefined): void;
  close(): Promise<void>;
}

export async function startRpcProxy(initial: string): Promise<RpcProxy> {
  let upstream: string | undefined = initial;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (upstream === undefined) throw new Error("no node");
        const answer = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch(() => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("node unreachable");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    pointAt: (url) => {
      upstream = url;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
