/**
 * `mbs besu new-network`: everything a fresh QBFT network needs, in one folder —
 *
 *   genesis.json                 QBFT, milestones at the build's EVM target, zeroBaseFee, validators' extraData
 *   network.json                 what was generated (addresses, enodes, ports; no private key)
 *   validator-N/ rpc-N/          per node: config.toml, key (0600), key.pub, address, permissions_config.toml
 *
 * The same result as `besu operator generate-blockchain-config` plus the per-node files that tool
 * does not write. The folder is built beside the target and renamed into place at the end, so a
 * failure leaves nothing half-written, and an existing folder is never overwritten (it holds keys).
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse, stringify } from "smol-toml";

import { InvalidInputError, MbsError } from "../errors.js";
import { buildQbftGenesis, type EvmTarget, type GenesisJson } from "./genesis.js";
import { enodeUrl, generateNodeKey, keyFileContents, type NodeKey } from "./nodeKeys.js";
import type { Operator } from "./operators.js";
import { formatPermissionsToml } from "./permissionsFile.js";
import { faultTolerance, sortValidators } from "./qbft.js";

export interface NewNetworkOptions {
  outDir: string;
  /** Folder holding genesis.template.json, validator.config.toml and rpc.config.toml (networks/besu). */
  templateDir: string;
  validators: number;
  rpcNodes: number;
  /** One host per node (validators first); omitted: every node on 127.0.0.1 with its own ports. */
  hosts?: readonly string[];
  chainId: number;
  evmTarget: EvmTarget;
  blockPeriodSeconds?: number;
  operators: readonly Operator[];
}

export interface GeneratedNode {
  name: string;
  role: "validator" | "rpc";
  address: string;
  publicKey: string;
  enode: string;
  host: string;
  p2pPort: number;
  rpcPort: number;
  metricsPort: number;
  /** The node's JSON-RPC endpoint as seen from its own host. */
  rpcUrl: string;
}

export interface NewNetworkResult {
  outDir: string;
  chainId: number;
  evmTarget: EvmTarget;
  validators: string[];
  faultTolerance: number;
  extraData: string;
  nodes: GeneratedNode[];
}

const BASE_P2P = 30_303;
const BASE_RPC = 8_545;
const BASE_METRICS = 9_545;

async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
}

function checkCounts(options: NewNetworkOptions): void {
  if (!Number.isInteger(options.validators) || options.validators < 4) {
    throw new InvalidInputError("--validators", `${options.validators}: QBFT needs at least 4 validators to tolerate one faulty validator (n ≥ 3f + 1)`);
  }
  if (options.validators > 64) throw new InvalidInputError("--validators", `${options.validators}: more than 64 validators is not a network this kit plans for`);
  if (!Number.isInteger(options.rpcNodes) || options.rpcNodes < 0) throw new InvalidInputError("--rpc-nodes", `${options.rpcNodes} is not a count`);
  const total = options.validators + options.rpcNodes;
  if (options.hosts !== undefined && options.hosts.length !== total) {
    throw new InvalidInputError("--hosts", `names ${options.hosts.length} host(s) for ${total} nodes (${options.validators} validators + ${options.rpcNodes} RPC nodes, validators first)`);
  }
  if (options.operators.length === 0) throw new InvalidInputError("--operators", "names no operator: nobody could send the first transaction");
}

async function loadTemplates(dir: string): Promise<{ genesis: unknown; validator: Record<string, unknown>; rpc: Record<string, unknown> }> {
  const read = async (name: string) => {
    const file = path.join(dir, name);
    try {
      return { file, text: await readFile(file, "utf8") };
    } catch {
      throw new MbsError(`missing template ${file} (the networks/besu folder of the project)`);
    }
  };
  const genesis = await read("genesis.template.json");
  const validator = await read("validator.config.toml");
  const rpc = await read("rpc.config.toml");
  try {
    return {
      genesis: JSON.parse(genesis.text),
      validator: parse(validator.text) as Record<string, unknown>,
      rpc: parse(rpc.text) as Record<string, unknown>,
    };
  } catch (error) {
    throw new MbsError(`a template in ${dir} does not parse: ${(error as Error).message}`);
  }
}

/** Places nodes: distinct ports per node on one host, the default ports on a host of its own. */
function placeNodes(options: NewNetworkOptions, keys: NodeKey[]): GeneratedNode[] {
  const perHost = new Map<string, number>();
  return keys.map((key, i) => {
    const role = i < options.validators ? "validator" : "rpc";
    const name = role === "validator" ? `validator-${i + 1}` : `rpc-${i - options.validators + 1}`;
    const host = options.hosts?.[i] ?? "127.0.0.1";
    const slot = perHost.get(host) ?? 0;
    perHost.set(host, slot + 1);
    const p2pPort = BASE_P2P + slot;
    const rpcPort = BASE_RPC + slot;
    return {
      name,
      role,
      address: key.address,
      publicKey: key.publicKey,
      enode: enodeUrl(key.publicKey, host, p2pPort),
      host,
      p2pPort,
      rpcPort,
      metricsPort: BASE_METRICS + slot,
      rpcUrl: `http://127.0.0.1:${rpcPort}`,
    };
  });
}

function nodeConfig(template: Record<string, unknown>, node: GeneratedNode, nodes: GeneratedNode[]): string {
  const config: Record<string, unknown> = {
    ...template,
    "node-private-key-file": "key",
    "p2p-host": node.host,
    "p2p-port": node.p2pPort,
    // Every node boots from the validators (not from itself); the nodes allowlist must contain them.
    bootnodes: nodes.filter((n) => n.role === "validator" && n.name !== node.name).map((n) => n.enode),
    "rpc-http-port": node.rpcPort,
    "metrics-port": node.metricsPort,
  };
  const header = [
    `# Besu configuration of ${node.name} (${node.role}), generated by \`mbs besu new-network\`.`,
    `# Node address ${node.address}; enode ${node.enode}`,
    "# Start from this folder: besu --config-file=config.toml   (docs/besu-runbook.md)",
    "",
  ];
  return header.join("\n") + stringify(config) + "\n";
}

export async function createNewNetwork(options: NewNetworkOptions): Promise<NewNetworkResult> {
  checkCounts(options);
  const outDir = path.resolve(options.outDir);
  if (!(await isMissingOrEmpty(outDir))) {
    throw new InvalidInputError("--out", `${outDir} already exists and is not empty: it may hold a network's keys, so it is never overwritten`);
  }
  const templates = await loadTemplates(options.templateDir);

  const keys = Array.from({ length: options.validators + options.rpcNodes }, () => generateNodeKey());
  const nodes = placeNodes(options, keys);
  const validators = sortValidators(nodes.filter((n) => n.role === "validator").map((n) => n.address));
  const genesis: GenesisJson = buildQbftGenesis(templates.genesis, {
    chainId: options.chainId,
    evmTarget: options.evmTarget,
    validators,
    ...(options.blockPeriodSeconds !== undefined ? { blockPeriodSeconds: options.blockPeriodSeconds } : {}),
  });
  const permissions = formatPermissionsToml(
    { accountsAllowlist: options.operators.map((o) => o.address), nodesAllowlist: nodes.map((n) => n.enode) },
    [
      "Local permissions of this node (Besu rewrites this file when the PERM API changes a list).",
      `accounts-allowlist: the operators (${options.operators.map((o) => o.role).join(", ")}); \`mbs besu allowlist-sync\` adds the KYC-verified investors.`,
      "nodes-allowlist: every node of the network.",
    ],
  );

  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, "genesis.json"), `${JSON.stringify(genesis, null, 2)}\n`);
    for (const [i, node] of nodes.entries()) {
      const dir = path.join(staging, node.name);
      await mkdir(path.join(dir, "data"), { recursive: true });
      await writeFile(path.join(dir, "key"), keyFileContents(keys[i]!), { mode: 0o600 });
      await writeFile(path.join(dir, "key.pub"), node.publicKey);
      await writeFile(path.join(dir, "address"), node.address.toLowerCase());
      await writeFile(path.join(dir, "config.toml"), nodeConfig(node.role === "validator" ? templates.validator : templates.rpc, node, nodes));
      await writeFile(path.join(dir, "permissions_config.toml"), permissions);
    }
    const result: NewNetworkResult = {
      outDir,
      chainId: options.chainId,
      evmTarget: options.evmTarget,
      validators,
      faultTolerance: faultTolerance(options.validators),
      extraData: String(genesis.extraData),
      nodes,
    };
    await writeFile(
      path.join(staging, "network.json"),
      `${JSON.stringify({ ...result, outDir: undefined, operators: options.operators }, null, 2)}\n`,
    );
    // Private keys inside: keep the folder out of version control wherever it is created.
    await writeFile(path.join(staging, ".gitignore"), "*\n");
    await rm(outDir, { recursive: true, force: true }); // only an empty folder can be here (checked above)
    await mkdir(path.dirname(outDir), { recursive: true });
    await rename(staging, outDir);
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export function formatNewNetwork(result: NewNetworkResult): string {
  const lines = [
    `QBFT network for chain ${result.chainId} (EVM ${result.evmTarget}) written to ${result.outDir}`,
    `validators (${result.validators.length}, tolerates ${result.faultTolerance} faulty): ${result.validators.join(", ")}`,
    `extraData ${result.extraData}`,
    ...result.nodes.map((n) => `  ${n.name.padEnd(12)} ${n.address}  p2p ${n.host}:${n.p2pPort}  rpc :${n.rpcPort}  metrics :${n.metricsPort}`),
    "next: copy each node folder and genesis.json to its host, then `besu --config-file=config.toml` in the node folder (docs/besu-runbook.md)",
  ];
  return lines.join("\n");
}
