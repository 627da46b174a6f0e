/**
 * Deterministic fault injection for the crash-and-resume tests: with `MBS_FAULT=<when>:<step>` in
 * the environment, the process kills itself (SIGKILL, no clean-up, as a power cut would) at the
 * named Ignition step, instead of a test guessing the moment from the outside:
 *
 * - `before-send:<step>` — the step's nonce is reserved in the journal, nothing reached the node;
 * - `after-send:<step>` — the node accepted the step's transaction, the journal lacks its hash.
 *
 * `<step>` is an Ignition future id, with or without its module prefix (`Tranche1_mint0` or
 * `Pool_X#Tranche1_mint0`). Without MBS_FAULT nothing is installed. Production runs never set it.
 */
import { readFileSync } from "node:fs";
import type { NetworkConnection } from "hardhat/types/network";

import { ChainError } from "../errors.js";

export interface FaultPlan {
  when: "before-send" | "after-send";
  step: string;
}

export function parseFault(value: string | undefined): FaultPlan | undefined {
  if (value === undefined || value === "") return undefined;
  const match = /^(before-send|after-send):(.+)$/.exec(value);
  if (match === null) throw new ChainError(`MBS_FAULT="${value}" is not before-send:<step> or after-send:<step>`);
  return { when: match[1] as FaultPlan["when"], step: match[2]! };
}

/** The future whose journal line reserved `nonce` (the deployment sends from one account), if any. */
export function stepForNonce(journalText: string, nonce: number): string | undefined {
  let found: string | undefined;
  for (const line of journalText.split("\n")) {
    if (!line.includes("TRANSACTION_PREPARE_SEND")) continue;
    const message = JSON.parse(line) as { futureId?: string; nonce?: number };
    if (message.nonce === nonce && typeof message.futureId === "string") found = message.futureId;
  }
  return found;
}

function matches(futureId: string, step: string): boolean {
  return futureId === step || futureId.endsWith(`#${step}`);
}

/** Wraps the connection's provider so the planned fault fires at its step (only when MBS_FAULT is set). */
export function installFaultInjection(connection: NetworkConnection, journal: string): void {
  const plan = parseFault(process.env.MBS_FAULT);
  if (plan === undefined) return;
  const provider = connection.provider as { request: (args: { method: string; params?: unknown[] }) => Promise<unknown> };
  const original = provider.request.bind(provider);
  provider.request = async (args) => {
    if (args.method !== "eth_sendTransaction" && args.method !== "eth_sendRawTransaction") return original(args);
    const tx = (args.params?.[0] ?? {}) as { nonce?: string };
    let step: string | undefined;
    try {
      step = tx.nonce === undefined ? undefined : stepForNonce(readFileSync(journal, "utf8"), Number(BigInt(tx.nonce)));
    } catch {
      step = undefined;
    }
    const hit = step !== undefined && matches(step, plan.step);
    if (hit && plan.when === "before-send") process.kill(process.pid, "SIGKILL");
    const result = await original(args);
    if (hit && plan.when === "after-send") process.kill(process.pid, "SIGKILL");
    return result;
  };
}
