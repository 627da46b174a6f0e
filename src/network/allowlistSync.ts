/**
 * `mbs besu allowlist-sync`: Besu's account allowlist (who may even submit a transaction) made equal
 * to the KYC registry's verified investors — onboarded, unexpired, unfrozen at the latest block —
 * plus the platform's operator keys.
 *
 * Through the PERM API of each node (perm_getAccountsAllowlist, then perm_addAccountsToAllowlist and
 * perm_removeAccountsFromAllowlist for the difference only; Besu persists each change to the node's
 * own permissions file), and as a permissions file for nodes configured from files. Every node's plan
 * is computed and checked before any node is changed; additions go before removals so an operator is
 * never locked out; a re-run after a crash changes only what is still different (exactly once).
 */
import { existsSync } from "node:fs";
import { getAddress } from "ethers";

import { MbsError } from "../errors.js";
import type { InvestorStatus } from "../kyc/show.js";
import type { Operator } from "./operators.js";
import { formatPermissionsToml, readPermissionsFile, writeFileAtomically } from "./permissionsFile.js";
import { RpcError, rpcClient, type RpcClient } from "../chain/index.js";
import type { RegistrySnapshot } from "./registryInvestors.js";

/** Why an account belongs on the allowlist. */
export type AllowReason = { kind: "operator"; role: string } | { kind: "investor" };

export interface DesiredAllowlist {
  /** Lower-case address → why it is allowed. */
  allowed: Map<string, AllowReason>;
  /** Registry accounts left out, with their status (expired, frozen, revoked …). */
  excluded: { account: string; status: InvestorStatus }[];
}

export function desiredAllowlist(snapshot: RegistrySnapshot, operators: readonly Operator[]): DesiredAllowlist {
  const allowed = new Map<string, AllowReason>();
  for (const op of operators) allowed.set(op.address.toLowerCase(), { kind: "operator", role: op.role });
  const excluded: DesiredAllowlist["excluded"] = [];
  for (const investor of snapshot.investors) {
    const key = investor.account.toLowerCase();
    if (investor.status === "verified") {
      if (!allowed.has(key)) allowed.set(key, { kind: "investor" });
    } else if (!allowed.has(key)) {
      excluded.push({ account: getAddress(investor.account), status: investor.status });
    }
  }
  return { allowed, excluded };
}

export interface NodePlan {
  url: string;
  current: string[];
  toAdd: string[];
  toRemove: string[];
}

const byAddress = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planNode(url: string, current: readonly string[], desired: DesiredAllowlist): NodePlan {
  const have = new Set(current.map((a) => a.toLowerCase()));
  const toAdd = [...desired.allowed.keys()].filter((a) => !have.has(a)).sort(byAddress);
  const toRemove = [...have].filter((a) => !desired.allowed.has(a)).sort(byAddress);
  return { url, current: [...have].sort(byAddress), toAdd, toRemove };
}

/** A node that cannot take part, with what to do about it. */
export class AllowlistNodeError extends MbsError {
  constructor(url: string, reason: string) {
    super(`node ${url}: ${reason}`, { url, reason });
  }
}

function explain(url: string, error: unknown): never {
  if (error instanceof RpcError) {
    if (error.code === -32601 || error.code === -32604) {
      throw new AllowlistNodeError(url, `the PERM API is not enabled (add PERM to --rpc-http-api): ${error.rpcMessage}`);
    }
    if (/allowlist has not been enabled/i.test(error.rpcMessage)) {
      throw new AllowlistNodeError(url, `account permissioning is off (start Besu with --permissions-accounts-config-file-enabled): ${error.rpcMessage}`);
    }
    if (/out of sync/i.test(error.rpcMessage)) {
      throw new AllowlistNodeError(
        url,
        `${error.rpcMessage}. The node's permissions file was edited behind its back: fix the file, call perm_reloadPermissionsFromFile, then re-run`,
      );
    }
    throw new AllowlistNodeError(url, `${error.method} refused: ${error.rpcMessage} (JSON-RPC error ${error.code})`);
  }
  throw error;
}

async function readAllowlist(client: RpcClient): Promise<string[]> {
  let result: unknown;
  try {
    result = await client.call("perm_getAccountsAllowlist");
  } catch (error) {
    explain(client.url, error);
  }
  if (!Array.isArray(result) || !result.every((a) => typeof a === "string" && /^0x[0-9a-fA-F]{40}$/.test(a))) {
    throw new AllowlistNodeError(client.url, `perm_getAccountsAllowlist answered ${JSON.stringify(result).slice(0, 120)}, not a list of addresses`);
  }
  return (result as string[]).map((a) => a.toLowerCase());
}

async function change(client: RpcClient, method: "perm_addAccountsToAllowlist" | "perm_removeAccountsFromAllowlist", accounts: string[], batchSize: number): Promise<void> {
  for (let i = 0; i < accounts.length; i += batchSize) {
    const batch = accounts.slice(i, i + batchSize);
    let result: unknown;
    try {
      // The documented shape: one parameter, the list of addresses (hence [[…]]).
      result = await client.call(method, [batch]);
    } catch (error) {
      explain(client.url, error);
    }
    if (result !== "Success") throw new AllowlistNodeError(client.url, `${method} answered ${JSON.stringify(result)} instead of "Success"`);
  }
}

export interface AllowlistSyncOptions {
  nodes: readonly string[];
  permissionsFile?: string;
  maxRemovals: number;
  dryRun: boolean;
  batchSize?: number;
}

export interface NodeOutcome extends NodePlan {
  /** The node's list after the sync (equal to the desired list unless a dry run). */
  after: string[];
}

export interface AllowlistSyncResult {
  registry: string;
  blockNumber: number;
  desired: DesiredAllowlist;
  nodes: NodeOutcome[];
  permissionsFile?: { path: string; accounts: number; keptNodes: number | null };
  dryRun: boolean;
}

export async function syncAllowlist(snapshot: RegistrySnapshot, operators: readonly Operator[], options: AllowlistSyncOptions): Promise<AllowlistSyncResult> {
  if (options.nodes.length === 0 && options.permissionsFile === undefined) {
    throw new MbsError("nothing to update: give --nodes (Besu JSON-RPC URLs) and/or --permissions-file");
  }
  if (!Number.isInteger(options.maxRemovals) || options.maxRemovals < 0) throw new MbsError(`--max-removals ${options.maxRemovals} is not a count`);
  const desired = desiredAllowlist(snapshot, operators);
  const clients = options.nodes.map((url) => rpcClient(url));

  // Plan every node before changing any.
  const plans: NodePlan[] = [];
  for (const client of clients) plans.push(planNode(client.url, await readAllowlist(client), desired));
  for (const plan of plans) {
    if (plan.toRemove.length > options.maxRemovals) {
      throw new AllowlistNodeError(
        plan.url,
        `would remove ${plan.toRemove.length} accounts (more than --max-removals ${options.maxRemovals}); nothing was changed on any node. ` +
          "Check --registry and --from-block; if the removals are intended, raise --max-removals",
      );
    }
  }
  const existingFile = options.permissionsFile !== undefined && existsSync(options.permissionsFile) ? await readPermissionsFile(options.permissionsFile) : undefined;

  const outcomes: NodeOutcome[] = [];
  const batchSize = options.batchSize ?? 200;
  for (const [i, plan] of plans.entries()) {
    const client = clients[i]!;
    if (options.dryRun) {
      outcomes.push({ ...plan, after: plan.current });
      continue;
    }
    await change(client, "perm_addAccountsToAllowlist", plan.toAdd, batchSize);
    await change(client, "perm_removeAccountsFromAllowlist", plan.toRemove, batchSize);
    const after = (await readAllowlist(client)).sort(byAddress);
    const expected = [...desired.allowed.keys()].sort(byAddress);
    if (after.length !== expected.length || after.some((a, k) => a !== expected[k])) {
      throw new AllowlistNodeError(client.url, "after the update the node's allowlist still differs from the registry's (another writer?); re-run to converge");
    }
    outcomes.push({ ...plan, after });
  }

  let permissionsFile: AllowlistSyncResult["permissionsFile"];
  if (options.permissionsFile !== undefined) {
    const accounts = [...desired.allowed.keys()].sort(byAddress);
    if (!options.dryRun) {
      const header = [
        `Accounts allowlist = KYC registry ${snapshot.registry} verified investors at block ${snapshot.blockNumber} + operators`,
        "(written by `mbs besu allowlist-sync`; Besu rewrites this file when the PERM API changes a list).",
      ];
      const text = formatPermissionsToml({ accountsAllowlist: accounts, nodesAllowlist: existingFile?.nodesAllowlist ?? [] }, header);
      // Without an existing file there is no nodes list to keep: write the accounts list alone rather
      // than an empty nodes-allowlist that would cut a node off from its peers.
      await writeFileAtomically(options.permissionsFile, existingFile === undefined ? text.replace(/^nodes-allowlist=.*\n/m, "") : text);
    }
    permissionsFile = { path: options.permissionsFile, accounts: accounts.length, keptNodes: existingFile?.nodesAllowlist.length ?? null };
  }

  return { registry: snapshot.registry, blockNumber: snapshot.blockNumber, desired, nodes: outcomes, ...(permissionsFile ? { permissionsFile } : {}), dryRun: options.dryRun };
}

export function formatAllowlistSync(result: AllowlistSyncResult): string {
  const operators = [...result.desired.allowed.values()].filter((r) => r.kind === "operator").length;
  const investors = result.desired.allowed.size - operators;
  const verb = result.dryRun ? "would" : "did";
  const lines = [
    `${result.dryRun ? "dry run: " : ""}registry ${result.registry} at block ${result.blockNumber}: ${investors} verified investor(s) + ${operators} operator(s) = ${result.desired.allowed.size} allowed account(s)`,
  ];
  if (result.desired.excluded.length > 0) {
    lines.push(`  left out: ${result.desired.excluded.map((e) => `${e.account} (${e.status})`).join(", ")}`);
  }
  for (const node of result.nodes) {
    lines.push(`node ${node.url}: ${verb} add ${node.toAdd.length}, remove ${node.toRemove.length}, keep ${node.current.length - node.toRemove.length}`);
    for (const a of node.toAdd) lines.push(`  + ${getAddress(a)}`);
    for (const a of node.toRemove) lines.push(`  - ${getAddress(a)}`);
  }
  if (result.permissionsFile !== undefined) {
    const kept = result.permissionsFile.keptNodes === null ? "no nodes-allowlist (new file)" : `its ${result.permissionsFile.keptNodes} node(s) kept`;
    lines.push(`permissions file ${result.permissionsFile.path}: ${verb} write ${result.permissionsFile.accounts} account(s), ${kept}`);
  }
  return lines.join("\n");
}
