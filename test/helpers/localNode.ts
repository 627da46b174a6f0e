/**
 * Starts a real local JSON-RPC node (anvil from npm, or `hardhat node`) on a free loopback port,
 * waits until it answers `eth_chainId`, and stops it by PID (process group) — never by name, so
 * parallel runs and a developer's own nodes are left alone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";

import { MbsError } from "../../src/errors.js";
import { hardhatCli } from "./hardhatCli.js";

export type NodeKind = "anvil" | "hardhat";

export interface LocalNodeOptions {
  kind?: NodeKind;
  /** anvil only: the hardfork to run, e.g. "london" (the production Besu target). */
  hardfork?: string;
  /**
   * A permissioned-chain-like node where gas is free (gas price 0, base fee 0): anvil's flags, or
   * `hardhat node --network permissioned` (hardhat.config.ts), which also leaves accounts unfunded.
   */
  zeroGas?: boolean;
  /** anvil: accounts start with a zero balance (`--balance 0`), as on a permissioned chain. */
  unfunded?: boolean;
  /** anvil only: further command-line arguments (e.g. `--chain-id`, `--balance 0`, `--gas-limit`). */
  extraArgs?: readonly string[];
  /** anvil: mine a block every this many seconds instead of one per transaction (a chain with real block times). */
  blockTime?: number;
  /** How long to wait for the node to answer, ms. */
  startTimeoutMs?: number;
}

export interface LocalNode {
  kind: NodeKind;
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function anvilBinary(): string {
  // The platform package ships the real binary; spawning it directly (rather than npm's launcher)
  // makes the PID we hold the node itself.
  const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
  return path.join(path.dirname(pkg), "bin", "anvil");
}

function commandFor(kind: NodeKind, port: number, options: LocalNodeOptions): { cmd: string; args: string[] } {
  if (kind === "anvil") {
    const args = ["--host", "127.0.0.1", "--port", String(port), "--silent"];
    if (options.hardfork !== undefined) args.push("--hardfork", options.hardfork);
    if (options.zeroGas === true) args.push("--gas-price", "0", "--base-fee", "0", "--disable-min-priority-fee");
    if (options.unfunded === true) args.push("--balance", "0");
    if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
    if (options.extraArgs !== undefined) args.push(...options.extraArgs);
    return { cmd: anvilBinary(), args };
  }
  if (options.extraArgs !== undefined) {
    throw new MbsError("hardhat node: extra arguments are anvil-only", { kind });
  }
  if (options.hardfork !== undefined || options.blockTime !== undefined || (options.unfunded === true && options.zeroGas !== true)) {
    throw new MbsError("hardhat node: the hardfork and block time are the config's (anvil-only options); unfunded accounts come with zeroGas (the permissioned network)", { kind });
  }
  const network = options.zeroGas === true ? ["--network", "permissioned"] : [];
  return {
    cmd: process.execPath,
    args: [hardhatCli(), "node", ...network, "--hostname", "127.0.0.1", "--port", String(port)],
  };
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

export async function startLocalNode(options: LocalNodeOptions = {}): Promise<LocalNode> {
  const kind = options.kind ?? "anvil";
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const { cmd, args } = commandFor(kind, port, options);
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new MbsError(`could not start ${kind}`, { cmd, args });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 3000);
    await exited(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new MbsError(`${kind} exited during start-up (code ${child.exitCode})`, { cmd, args, stderr });
    }
    if (await rpcAnswers(url)) return { kind, url, port, pid, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new MbsError(`${kind} did not answer eth_chainId at ${url} in time`, { cmd, args, stderr });
}
