/**
 * `mbs preflight`: what must hold before anything is deployed to a network, each a pass/fail line —
 *
 * - chain id: the one the deployment is meant for;
 * - EVM fork: the chain runs exactly the fork the bytecode is compiled for, found by executing one
 *   opcode per fork (BASEFEE London, PUSH0 Shanghai, MCOPY/TSTORE Cancun) in eth_call. Later is a
 *   failure too: a test chain ahead of the production genesis hides opcodes production lacks;
 * - gas price and base fee: zero (a node with a higher minimum silently drops zero-price transactions);
 * - deployer: can send a zero-price transaction, and is on the node's account allowlist if it has one;
 * - roles: on an existing registry, the admin and compliance accounts hold their roles;
 * - code sizes: every deployable artifact within EIP-170's 24,576 bytes (and EIP-3860's initcode cap
 *   from Shanghai on);
 * - block gas limit: room for the largest deployment.
 */
import { Interface, ZeroAddress, ZeroHash, getAddress, isAddress } from "ethers";

import { MbsError } from "../errors.js";
import { CODE_SIZE_LIMIT } from "./constants.js";
import { RpcError, quantity, type RpcClient } from "../chain/index.js";

export type CheckStatus = "pass" | "fail";

export interface PreflightCheck {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface DeployableArtifact {
  name: string;
  /** Creation code (0x…). */
  bytecode: string;
  /** Runtime code (0x…). */
  deployedBytecode: string;
}

export interface PreflightOptions {
  expectedChainId: number;
  /** solc evmVersion of the build (hardhat.config.ts EVM_VERSION). */
  evmTarget: string;
  artifacts: readonly DeployableArtifact[];
  /** The account deployments send from; undefined when the network gives none. */
  deployer: string | undefined;
  registry?: string;
  admin?: string;
  compliance?: string;
}

export interface PreflightReport {
  checks: PreflightCheck[];
  ok: boolean;
}

/** Probe levels, oldest first, each with the init code that only runs from that fork on. */
const FORK_PROBES = [
  { fork: "istanbul", opcode: "CHAINID", code: "0x4600" },
  { fork: "london", opcode: "BASEFEE", code: "0x4800" },
  { fork: "shanghai", opcode: "PUSH0", code: "0x5f00" },
  { fork: "cancun", opcode: "MCOPY", code: "0x6000600060005e00" },
  { fork: "cancun", opcode: "TSTORE", code: "0x600160005d00" },
] as const;

type ProbeFork = (typeof FORK_PROBES)[number]["fork"];
const PROBE_LEVELS: ProbeFork[] = ["istanbul", "london", "shanghai", "cancun"];

/** The probe level a solc evmVersion needs (forks that add no probed opcode share their predecessor's). */
export function probeLevelOf(evmTarget: string): ProbeFork {
  switch (evmTarget) {
    case "istanbul":
    case "berlin":
      return "istanbul";
    case "london":
    case "paris":
      return "london";
    case "shanghai":
      return "shanghai";
    case "cancun":
    case "prague":
    case "osaka":
      return "cancun";
    default:
      throw new MbsError(`the build targets EVM "${evmTarget}", which preflight has no opcode probe for (istanbul … prague)`);
  }
}

async function probe(client: RpcClient, code: string): Promise<{ ok: boolean; message: string }> {
  try {
    await client.call("eth_call", [{ data: code, gas: "0x186a0" }, "latest"]);
    return { ok: true, message: "runs" };
  } catch (error) {
    if (error instanceof RpcError) return { ok: false, message: error.rpcMessage };
    throw error;
  }
}

async function checkChainId(client: RpcClient, expected: number): Promise<PreflightCheck> {
  const chainId = quantity(await client.call("eth_chainId"), "eth_chainId");
  return chainId === BigInt(expected)
    ? { name: "chain id", status: "pass", detail: `${chainId}` }
    : { name: "chain id", status: "fail", detail: `the node is chain ${chainId}, the deployment is meant for ${expected} (--chain-id)` };
}

async function checkFork(client: RpcClient, evmTarget: string): Promise<PreflightCheck> {
  const wanted = probeLevelOf(evmTarget);
  const results = [];
  for (const p of FORK_PROBES) results.push({ ...p, ...(await probe(client, p.code)) });
  // The chain's level: the latest fork all of whose probes run, with every earlier level running too.
  let level: ProbeFork | "pre-istanbul" = "pre-istanbul";
  for (const fork of PROBE_LEVELS) {
    const ofFork = results.filter((r) => r.fork === fork);
    if (ofFork.every((r) => r.ok)) level = fork;
    else break;
  }
  if (results.every((r) => !r.ok)) {
    return {
      name: "EVM fork",
      status: "fail",
      detail: `the node refused even the CHAINID probe (${results[0]!.message}): it may not execute eth_call without a "to" address; the fork could not be determined`,
    };
  }
  const anyLaterRuns = results.some((r) => r.ok && PROBE_LEVELS.indexOf(r.fork) > PROBE_LEVELS.indexOf(level as ProbeFork));
  const seen = results.map((r) => `${r.opcode} ${r.ok ? "runs" : "invalid"}`).join(", ");
  const runs = level === "cancun" ? "cancun or later" : level;
  if (level === wanted && !anyLaterRuns) {
    return { name: "EVM fork", status: "pass", detail: `chain runs ${runs} (${seen}); the build targets ${evmTarget}` };
  }
  const relation = PROBE_LEVELS.indexOf(level as ProbeFork) > PROBE_LEVELS.indexOf(wanted) || anyLaterRuns
    ? "ahead of the build's target: opcodes the production genesis lacks would pass here unnoticed; run the node at the target fork (anvil --hardfork, Besu genesis milestones)"
    : "behind the build's target: the bytecode uses opcodes this chain rejects; compile for the chain's fork (MBS_EVM_VERSION) or upgrade the genesis";
  return { name: "EVM fork", status: "fail", detail: `chain runs ${runs} (${seen}) but the build targets ${evmTarget}: ${relation}` };
}

async function checkGasPrice(client: RpcClient): Promise<PreflightCheck> {
  const price = quantity(await client.call("eth_gasPrice"), "eth_gasPrice");
  return price === 0n
    ? { name: "gas price", status: "pass", detail: "eth_gasPrice 0: zero-price transactions are accepted" }
    : { name: "gas price", status: "fail", detail: `eth_gasPrice ${price.toLocaleString("en-US")} wei: the node's minimum is above 0 and it drops the zero-price transactions the commands send (set --min-gas-price=0 on every node)` };
}

interface LatestBlock {
  number: bigint;
  gasLimit: bigint;
  baseFeePerGas: bigint | undefined;
}

async function latestBlock(client: RpcClient): Promise<LatestBlock> {
  const block = (await client.call("eth_getBlockByNumber", ["latest", false])) as Record<string, unknown> | null;
  if (block === null) throw new MbsError("the node returned no latest block");
  return {
    number: quantity(block.number, "block number"),
    gasLimit: quantity(block.gasLimit, "block gasLimit"),
    baseFeePerGas: block.baseFeePerGas === undefined || block.baseFeePerGas === null ? undefined : quantity(block.baseFeePerGas, "block baseFeePerGas"),
  };
}

function checkBaseFee(block: LatestBlock): PreflightCheck {
  if (block.baseFeePerGas === undefined) return { name: "base fee", status: "pass", detail: `block ${block.number} has no base fee (pre-London)` };
  return block.baseFeePerGas === 0n
    ? { name: "base fee", status: "pass", detail: `block ${block.number} base fee 0` }
    : { name: "base fee", status: "fail", detail: `block ${block.number} base fee ${block.baseFeePerGas.toLocaleString("en-US")} wei: unfunded accounts cannot pay it (Besu genesis: "zeroBaseFee": true; anvil: --base-fee 0)` };
}

async function accountAllowlist(client: RpcClient): Promise<string[] | undefined> {
  try {
    const list = await client.call<unknown>("perm_getAccountsAllowlist");
    return Array.isArray(list) ? list.map((a) => String(a).toLowerCase()) : undefined;
  } catch (error) {
    if (error instanceof RpcError) return undefined; // no PERM API or no account permissioning on this node
    throw error;
  }
}

async function checkDeployer(client: RpcClient, deployer: string | undefined, allowlist: string[] | undefined): Promise<PreflightCheck> {
  const name = "deployer";
  if (deployer === undefined) return { name, status: "fail", detail: "the network gives no account to deploy from (configure the network's accounts or a signer)" };
  const code = await client.call<string>("eth_getCode", [deployer, "latest"]);
  if (code !== "0x") return { name, status: "fail", detail: `${deployer} has contract code: deployments need an externally owned account` };
  const nonce = quantity(await client.call("eth_getTransactionCount", [deployer, "latest"]), "eth_getTransactionCount");
  try {
    await client.call("eth_estimateGas", [{ from: deployer, to: deployer, value: "0x0", gasPrice: "0x0" }]);
  } catch (error) {
    if (error instanceof RpcError) {
      return { name, status: "fail", detail: `${deployer} cannot send a zero-price transaction: ${error.rpcMessage}` };
    }
    throw error;
  }
  const permission =
    allowlist === undefined
      ? "node has no account allowlist to check"
      : allowlist.includes(deployer.toLowerCase())
        ? "on the node's account allowlist"
        : undefined;
  if (permission === undefined) {
    return { name, status: "fail", detail: `${deployer} is not on the node's account allowlist: its transactions would be refused (mbs besu allowlist-sync with it in --operators)` };
  }
  return { name, status: "pass", detail: `${deployer}: no code, nonce ${nonce}, a zero-price transaction estimates; ${permission}` };
}

const ACCESS = new Interface([
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function COMPLIANCE_ROLE() view returns (bytes32)",
]);

function checkedAddress(value: string | undefined, fallback: string | undefined, option: string): string | undefined {
  const chosen = value ?? fallback;
  if (chosen === undefined) return undefined;
  if (!isAddress(chosen) || getAddress(chosen) === ZeroAddress) throw new MbsError(`${option}: "${chosen}" is not a non-zero address`);
  return getAddress(chosen);
}

async function checkRoles(client: RpcClient, options: PreflightOptions, allowlist: string[] | undefined): Promise<PreflightCheck> {
  const name = "operator roles";
  const admin = checkedAddress(options.admin, options.deployer, "--admin");
  const compliance = checkedAddress(options.compliance, options.deployer, "--compliance");
  if (admin === undefined || compliance === undefined) return { name, status: "fail", detail: "no admin / compliance account (give --admin and --compliance, or a deployer)" };
  const problems: string[] = [];
  for (const [role, account] of [["admin", admin], ["compliance", compliance]] as const) {
    if ((await client.call<string>("eth_getCode", [account, "latest"])) !== "0x") problems.push(`${role} ${account} is a contract, not an operator key`);
    if (allowlist !== undefined && !allowlist.includes(account.toLowerCase())) problems.push(`${role} ${account} is not on the node's account allowlist`);
  }
  if (options.registry === undefined) {
    if (problems.length > 0) return { name, status: "fail", detail: problems.join("; ") };
    return { name, status: "pass", detail: `no registry yet: the Platform module will grant DEFAULT_ADMIN_ROLE to ${admin} and COMPLIANCE_ROLE to ${compliance}` };
  }
  if (!isAddress(options.registry)) throw new MbsError(`--registry: "${options.registry}" is not an address`);
  const registry = getAddress(options.registry);
  if ((await client.call<string>("eth_getCode", [registry, "latest"])) === "0x") {
    return { name, status: "fail", detail: `no contract at --registry ${registry} on this chain` };
  }
  const call = async (data: string) => client.call<string>("eth_call", [{ to: registry, data }, "latest"]);
  let complianceRole: string;
  try {
    complianceRole = String(ACCESS.decodeFunctionResult("COMPLIANCE_ROLE", await call(ACCESS.encodeFunctionData("COMPLIANCE_ROLE")))[0]);
  } catch {
    return { name, status: "fail", detail: `the contract at ${registry} is not a KycRegistry (no COMPLIANCE_ROLE)` };
  }
  const holds = async (role: string, account: string) => Boolean(ACCESS.decodeFunctionResult("hasRole", await call(ACCESS.encodeFunctionData("hasRole", [role, account])))[0]);
  if (!(await holds(ZeroHash, admin))) problems.push(`${admin} does not hold DEFAULT_ADMIN_ROLE on ${registry}`);
  if (!(await holds(complianceRole, compliance))) problems.push(`${compliance} does not hold COMPLIANCE_ROLE (${complianceRole}) on ${registry}`);
  if (problems.length > 0) return { name, status: "fail", detail: problems.join("; ") };
  return { name, status: "pass", detail: `on ${registry}: ${admin} holds DEFAULT_ADMIN_ROLE, ${compliance} holds COMPLIANCE_ROLE` };
}

const INITCODE_LIMIT = 2 * CODE_SIZE_LIMIT; // EIP-3860, from Shanghai

/** A library link placeholder (`__$<34 hex>$__`) stands for a 20-byte address filled in at deployment. */
const LINK_PLACEHOLDER = /__\$[0-9a-fA-F]{34}\$__/g;

/** The bytes of artifact code, library addresses counted as 20 non-zero bytes (the dearer case for calldata gas). */
export function codeBytes(hex: string): Buffer {
  const body = hex.replace(/^0x/, "").replace(LINK_PLACEHOLDER, "ff".repeat(20));
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new MbsError(`artifact code is not hex: ${hex.slice(0, 24)}…`);
  return Buffer.from(body, "hex");
}

function checkCodeSizes(artifacts: readonly DeployableArtifact[], evmTarget: string): PreflightCheck {
  const name = "code size";
  if (artifacts.length === 0) return { name, status: "fail", detail: "no deployable artifact found: build the contracts first (npx hardhat build)" };
  const initcodeCapped = ["shanghai", "cancun", "prague", "osaka"].includes(evmTarget);
  const sized = artifacts.map((a) => ({ name: a.name, runtime: codeBytes(a.deployedBytecode).length, initcode: codeBytes(a.bytecode).length }));
  const tooBig = sized.filter((s) => s.runtime > CODE_SIZE_LIMIT || (initcodeCapped && s.initcode > INITCODE_LIMIT));
  const largest = sized.reduce((a, b) => (b.runtime > a.runtime ? b : a));
  if (tooBig.length > 0) {
    return {
      name,
      status: "fail",
      detail: tooBig.map((s) => `${s.name} ${s.runtime.toLocaleString("en-US")} B runtime${initcodeCapped ? `, ${s.initcode.toLocaleString("en-US")} B initcode` : ""}`).join("; ") +
        ` over the ${CODE_SIZE_LIMIT.toLocaleString("en-US")} B limit (EIP-170${initcodeCapped ? " / EIP-3860" : ""})`,
    };
  }
  return {
    name,
    status: "pass",
    detail: `${sized.length} contracts ≤ ${CODE_SIZE_LIMIT.toLocaleString("en-US")} B; largest ${largest.name} ${largest.runtime.toLocaleString("en-US")} B (${(CODE_SIZE_LIMIT - largest.runtime).toLocaleString("en-US")} B to spare)`,
  };
}

/** A deployment's gas before its constructor runs: intrinsic + creation + calldata + code deposit. */
export function creationGasFloor(artifact: DeployableArtifact): bigint {
  let calldata = 0n;
  for (const byte of codeBytes(artifact.bytecode)) calldata += byte === 0 ? 4n : 16n;
  return 21_000n + 32_000n + calldata + 200n * BigInt(codeBytes(artifact.deployedBytecode).length);
}

function checkBlockGasLimit(block: LatestBlock, artifacts: readonly DeployableArtifact[]): PreflightCheck {
  const name = "block gas limit";
  if (artifacts.length === 0) return { name, status: "fail", detail: "no artifact to size the largest deployment by" };
  const floors = artifacts.map((a) => ({ name: a.name, gas: creationGasFloor(a) }));
  const largest = floors.reduce((a, b) => (b.gas > a.gas ? b : a));
  // Constructors write storage and emit events on top of the floor: ask for twice the floor.
  const needed = largest.gas * 2n;
  const detail = `${block.gasLimit.toLocaleString("en-US")} per block; the largest deployment (${largest.name}) needs ≥ ${largest.gas.toLocaleString("en-US")} before its constructor, ${needed.toLocaleString("en-US")} with headroom`;
  return block.gasLimit >= needed ? { name, status: "pass", detail } : { name, status: "fail", detail: `${detail}: raise the genesis gasLimit` };
}

export async function runPreflight(client: RpcClient, given: PreflightOptions): Promise<PreflightReport> {
  const options = { ...given, deployer: given.deployer === undefined ? undefined : getAddress(given.deployer) };
  const checks: PreflightCheck[] = [];
  checks.push(await checkChainId(client, options.expectedChainId));
  checks.push(await checkFork(client, options.evmTarget));
  checks.push(await checkGasPrice(client));
  const block = await latestBlock(client);
  checks.push(checkBaseFee(block));
  const allowlist = await accountAllowlist(client);
  checks.push(await checkDeployer(client, options.deployer, allowlist));
  checks.push(await checkRoles(client, options, allowlist));
  checks.push(checkCodeSizes(options.artifacts, options.evmTarget));
  checks.push(checkBlockGasLimit(block, options.artifacts));
  return { checks, ok: checks.every((c) => c.status === "pass") };
}

export function formatPreflight(report: PreflightReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = report.checks.map((c) => `${c.status === "pass" ? "PASS" : "FAIL"}  ${c.name.padEnd(width)}  ${c.detail}`);
  const failed = report.checks.filter((c) => c.status === "fail").length;
  lines.push(failed === 0 ? "preflight passed: safe to deploy" : `preflight FAILED: ${failed} of ${report.checks.length} checks; deploy nothing until they pass`);
  return lines.join("\n");
}
