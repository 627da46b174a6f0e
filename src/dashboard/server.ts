/**
 * The dashboard's local server (node:http, no framework): the page and its assets (Chart.js from
 * node_modules, so the page works on a closed network), the pool's snapshot as JSON, an investor's
 * view, and a server-sent event stream that pushes each new snapshot as soon as a block carrying
 * one of the pool's events has been read. The chain is polled every `pollMs`; a node that stops
 * answering is retried (the page shows "reconnecting") and, when it answers again — restarted or
 * not — the pool is read afresh from its events.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { isAddress, type Provider } from "ethers";

import { InvalidInputError, MbsError } from "../errors.js";
import { chainLoanHistory } from "../remit/commands.js";
import type { Manifest } from "../tokenize/manifest.js";
import { PoolFeed, type Snapshot } from "./feed.js";
import { resolveTarget, type Target, type TargetOptions } from "./target.js";

const require = createRequire(import.meta.url);
const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");

export interface DashboardOptions extends TargetOptions {
  provider: Provider;
  port?: number;
  host?: string;
  /** How often the chain is asked for a new block, ms (default 250). */
  pollMs?: number;
  /**
   * For the loan lookup: the pool's `mbs tokenize` manifest and its servicer files (a folder or
   * comma-separated files). Each loan line is rebuilt from the files and its proof checked against
   * the period's loan root on chain (src/remit's loan history).
   */
  loans?: { manifest: Manifest; files: string };
  /** Called with each problem talking to the node (default: silent; the page shows the status). */
  onNodeError?: (error: unknown) => void;
}

export interface Dashboard {
  url: string;
  target: Target;
  server: Server;
  /** The latest snapshot built. */
  current(): Snapshot | undefined;
  /** Time spent reading new logs and rebuilding the snapshot on the last update, ms (for the benchmark). */
  timings(): { pollMs: number; rebuildMs: number };
  close(): Promise<void>;
}

const ASSETS: Record<string, { file: () => string; type: string }> = {
  "/": { file: () => path.join(PUBLIC, "index.html"), type: "text/html; charset=utf-8" },
  "/app.js": { file: () => path.join(PUBLIC, "app.js"), type: "text/javascript; charset=utf-8" },
  "/style.css": { file: () => path.join(PUBLIC, "style.css"), type: "text/css; charset=utf-8" },
  "/vendor/chart.umd.js": { file: () => path.join(path.dirname(require.resolve("chart.js")), "chart.umd.js"), type: "text/javascript; charset=utf-8" },
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { provider } = options;
  const target = await resolveTarget(provider, options);
  const feed = new PoolFeed(provider, target, options.maxBlockRange !== undefined ? { maxBlockRange: options.maxBlockRange } : {});
  const clients = new Set<ServerResponse>();
  let status: "live" | "reconnecting" = "live";
  let lastError = "";

  const broadcast = (event: string, data: unknown) => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of clients) client.write(text);
  };

  await feed.poll();
  await feed.rebuild();

  let timings = { pollMs: 0, rebuildMs: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const started = performance.now();
      if (await feed.poll()) {
        const polled = performance.now();
        const snapshot = await feed.rebuild();
        broadcast("snapshot", snapshot);
        timings = { pollMs: polled - started, rebuildMs: performance.now() - polled };
      }
      if (status !== "live") {
        status = "live";
        broadcast("status", { status, error: "" });
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      options.onNodeError?.(error);
      if (status !== "reconnecting") {
        status = "reconnecting";
        broadcast("status", { status, error: lastError });
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), status === "live" ? options.pollMs ?? 250 : 1000);
  };
  timer = setTimeout(() => void tick(), options.pollMs ?? 250);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const asset = ASSETS[url.pathname];
      if (asset !== undefined) {
        const file = asset.file();
        const info = await stat(file);
        res.writeHead(200, { "content-type": asset.type, "content-length": info.size, "cache-control": "no-cache" });
        createReadStream(file).pipe(res);
        return;
      }
      if (url.pathname === "/favicon.ico") {
        res.writeHead(204);
        res.end();
        return;
      }
      if (url.pathname === "/api/snapshot") return json(res, 200, { status, error: lastError, snapshot: feed.current() });
      if (url.pathname === "/api/investor") {
        const address = url.searchParams.get("address") ?? "";
        if (!isAddress(address)) return json(res, 400, { error: `"${address}" is not an address (0x followed by 40 hex digits)` });
        try {
          return json(res, 200, await feed.investor(address));
        } catch (error) {
          return json(res, 503, { error: `the node did not answer: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` });
        }
      }
      if (url.pathname === "/api/loan") {
        const loans = options.loans;
        if (loans === undefined) return json(res, 404, { error: "loan lookup needs the pool's manifest and servicer files: start the dashboard with --manifest FILE --servicer-files FOLDER" });
        try {
          const id = (url.searchParams.get("id") ?? "").trim();
          const lines = await chainLoanHistory(loans.manifest, provider, { waterfall: target.waterfall, loan: id === "" ? undefined : id, files: loans.files, fromBlock: target.fromBlock });
          return json(res, 200, {
            loan: id,
            lines: lines.map(({ proof, chainRoot, verified }) => ({
              period: proof.period, reportingMonth: proof.reportingMonth, status: proof.line.status, delinquentMonths: proof.line.delinquentMonths,
              beginningUpbCents: proof.line.beginningUpbCents, endingUpbCents: proof.line.endingUpbCents,
              principalCents: proof.line.scheduledPrincipalCents + proof.line.curtailmentCents + proof.line.payoffCents,
              interestCents: proof.line.interestCents, realizedLossCents: proof.line.realizedLossCents,
              proofLength: proof.proof.length, root: proof.root, chainRoot: chainRoot ?? null, verified,
            })),
          });
        } catch (error) {
          return json(res, error instanceof MbsError ? 400 : 503, { error: error instanceof Error ? error.message.split("\n")[0] : String(error) });
        }
      }
      if (url.pathname === "/api/analytics") {
        try {
          const rate = (name: string) => {
            const text = url.searchParams.get(name);
            if (text === null || text === "") return undefined;
            const value = Number(text);
            if (!Number.isFinite(value) || value < 0 || value > 100) throw new InvalidInputError(name, `expected a percentage from 0 to 100, got "${text}"`);
            return value / 100;
          };
          const prices: Record<string, number> = {};
          for (const [key, text] of url.searchParams) {
            if (!key.startsWith("price.")) continue;
            const value = Number(text);
            if (!Number.isFinite(value) || value <= 0 || value > 1000) throw new InvalidInputError(key, `expected a price per 100 above 0, got "${text}"`);
            prices[key.slice("price.".length)] = value;
          }
          const cpr = rate("cpr");
          const psaText = url.searchParams.get("psa");
          let psa: number | undefined;
          if (psaText !== null && psaText !== "") {
            psa = Number(psaText);
            if (!Number.isFinite(psa) || psa < 0 || psa > 5000) throw new InvalidInputError("psa", `expected a PSA speed from 0 to 5,000 (100 = the standard curve), got "${psaText}"`);
          }
          if (cpr !== undefined && psa !== undefined) throw new InvalidInputError("speed", "give a CPR or a PSA speed, not both");
          const cdr = rate("cdr");
          const severity = rate("severity");
          const speed = cpr !== undefined ? { kind: "cpr" as const, cpr } : psa !== undefined ? { kind: "psa" as const, psa } : undefined;
          return json(res, 200, await feed.analytics({ ...(speed !== undefined ? { speed } : {}), ...(cdr !== undefined ? { cdr } : {}), ...(severity !== undefined ? { severity } : {}), prices }));
        } catch (error) {
          return json(res, error instanceof MbsError ? 400 : 503, { error: error instanceof Error ? error.message.split("\n")[0] : String(error) });
        }
      }
      if (url.pathname === "/api/events") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
        res.write(`retry: 1000\nevent: status\ndata: ${JSON.stringify({ status, error: lastError })}\n\n`);
        const snapshot = feed.current();
        if (snapshot !== undefined) res.write(`event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`);
        clients.add(res);
        req.on("close", () => clients.delete(res));
        return;
      }
      json(res, 404, { error: `no such page: ${url.pathname}` });
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  const port = options.port ?? 0;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address !== null ? address.port : port}/`;
  return {
    url,
    target,
    server,
    current: () => feed.current(),
    timings: () => timings,
    close: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
