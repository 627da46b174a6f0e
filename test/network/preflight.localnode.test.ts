import path from "node:path";
import { rm } from "node:fs/promises";
import { expect } from "chai";
import { getAddress } from "ethers";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { MBS_CHAIN_ID } from "../../src/network/constants.js";
import { formatPreflight, runPreflight, type DeployableArtifact, type PreflightReport } from "../../src/network/preflight.js";
import { rpcClient } from "../../src/chain/index.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

/** anvil set up the way the production Besu network is: London, free gas, unfunded accounts, our chain id. */
const BESU_LIKE = ["--balance", "0", "--chain-id", String(MBS_CHAIN_ID)];

async function deployable(): Promise<DeployableArtifact[]> {
  const out: DeployableArtifact[] = [];
  for (const name of await hre.artifacts.getAllFullyQualifiedNames()) {
    if (!name.startsWith("contracts/")) continue;
    const a = await hre.artifacts.readArtifact(name);
    if (a.bytecode !== "0x") out.push({ name: a.contractName, bytecode: a.bytecode, deployedBytecode: a.deployedBytecode });
  }
  return out;
}

function statusOf(report: PreflightReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
}

function detailOf(report: PreflightReport, name: string): string {
  return report.checks.find((c) => c.name === name)?.detail ?? "";
}

describe("mbs preflight against anvil", function () {
  this.timeout(180_000);

  const nodes: LocalNode[] = [];
  let artifacts: DeployableArtifact[];
  let besuLike: LocalNode;
  let deployer: string;

  async function node(options: Parameters<typeof startLocalNode>[0]): Promise<LocalNode> {
    const n = await startLocalNode(options);
    nodes.push(n);
    return n;
  }

  async function preflight(n: LocalNode, over: Partial<Parameters<typeof runPreflight>[1]> = {}): Promise<PreflightReport> {
    const accounts = await rpcClient(n.url).call<string[]>("eth_accounts");
    return runPreflight(rpcClient(n.url), { expectedChainId: MBS_CHAIN_ID, evmTarget: "london", artifacts, deployer: accounts[0], ...over });
  }

  before(async () => {
    artifacts = await deployable();
    besuLike = await node({ kind: "anvil", hardfork: "london", zeroGas: true, extraArgs: BESU_LIKE });
    deployer = getAddress((await rpcClient(besuLike.url).call<string[]>("eth_accounts"))[0]!);
  });

  after(async () => {
    for (const n of nodes) await n.stop();
  });

  it("passes every check on a node configured like Besu (London, zero gas price and base fee, unfunded accounts)", async () => {
    const balance = await rpcClient(besuLike.url).call<string>("eth_getBalance", [deployer, "latest"]);
    expect(BigInt(balance)).to.equal(0n);
    const report = await preflight(besuLike);
    expect(report.ok, formatPreflight(report)).to.equal(true);
    expect(report.checks.map((c) => c.name)).to.deep.equal(["chain id", "EVM fork", "gas price", "base fee", "deployer", "operator roles", "code size", "block gas limit"]);
    expect(detailOf(report, "EVM fork")).to.contain("PUSH0 invalid").and.contain("BASEFEE runs");
    const largest = artifacts.reduce((a, b) => (b.deployedBytecode.length > a.deployedBytecode.length ? b : a));
    expect(detailOf(report, "code size")).to.contain(`largest ${largest.name} `);
  });

  it("fails the fork check alone on a Cancun node: the chain is ahead of the London build", async () => {
    const cancun = await node({ kind: "anvil", hardfork: "cancun", zeroGas: true, extraArgs: BESU_LIKE });
    const report = await preflight(cancun);
    expect(statusOf(report)).to.deep.include({ "EVM fork": "fail", "chain id": "pass", "gas price": "pass", "base fee": "pass" });
    expect(detailOf(report, "EVM fork")).to.match(/PUSH0 runs.*MCOPY runs.*but the build targets london: ahead/);
    expect(report.ok).to.equal(false);
  });

  it("fails the fork check when the build needs opcodes the chain lacks (a Shanghai build on London)", async () => {
    const report = await preflight(besuLike, { evmTarget: "shanghai" });
    expect(detailOf(report, "EVM fork")).to.match(/chain runs london .* but the build targets shanghai: behind/);
    expect(statusOf(report)["EVM fork"]).to.equal("fail");
  });

  it("fails gas price and base fee on a node that charges for gas", async () => {
    const paid = await node({ kind: "anvil", hardfork: "london", extraArgs: [...BESU_LIKE, "--gas-price", "1000000000", "--base-fee", "7"] });
    const report = await preflight(paid);
    expect(statusOf(report)).to.deep.include({ "gas price": "fail", "base fee": "fail", "EVM fork": "pass" });
    expect(detailOf(report, "gas price")).to.contain("--min-gas-price=0");
    expect(detailOf(report, "base fee")).to.contain("zeroBaseFee");
  });

  it("fails the chain id and the block gas limit on a node with another chain id and small blocks", async () => {
    const other = await node({ kind: "anvil", hardfork: "london", zeroGas: true, extraArgs: ["--balance", "0", "--chain-id", "1337", "--gas-limit", "5000000"] });
    const report = await preflight(other);
    expect(statusOf(report)).to.deep.include({ "chain id": "fail", "block gas limit": "fail", "EVM fork": "pass" });
    expect(detailOf(report, "chain id")).to.equal(`the node is chain 1337, the deployment is meant for ${MBS_CHAIN_ID} (--chain-id)`);
    expect(detailOf(report, "block gas limit")).to.match(/^5,000,000 per block; the largest deployment \(\w+\) needs ≥ [\d,]+ before its constructor, [\d,]+ with headroom: raise the genesis gasLimit$/);
  });

  it("fails the code size check for an artifact over 24,576 bytes, naming it", async () => {
    const oversized = { name: "Huge", bytecode: `0x${"60".repeat(100)}`, deployedBytecode: `0x${"5b".repeat(24_577)}` };
    const report = await preflight(besuLike, { artifacts: [...artifacts, oversized] });
    expect(detailOf(report, "code size")).to.equal("Huge 24,577 B runtime over the 24,576 B limit (EIP-170)");
  });

  it("checks the operators' roles on a deployed registry", async () => {
    const deploymentId = `test-preflight-${process.pid}-${Date.now()}`;
    try {
      const { ignition } = await network.create({ network: "localhost", override: { url: besuLike.url, gasPrice: 0 } });
      const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId, displayUi: false });
      const registry = await kycRegistry.getAddress();
      const holders = await preflight(besuLike, { registry });
      expect(statusOf(holders)["operator roles"]).to.equal("pass");
      expect(detailOf(holders, "operator roles")).to.contain(`${deployer} holds COMPLIANCE_ROLE`);
      const stranger = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const missing = await preflight(besuLike, { registry, compliance: stranger });
      expect(detailOf(missing, "operator roles")).to.match(new RegExp(`${stranger} does not hold COMPLIANCE_ROLE \\(0x[0-9a-f]{64}\\) on ${registry}`));
      expect(missing.ok).to.equal(false);
    } finally {
      await rm(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
    }
  });

  it("runs as `npx hardhat mbs preflight`: one PASS/FAIL line per check, exit code 1 on any failure", async () => {
    const good = await runHardhatOnNode(besuLike.url, ["mbs", "preflight"]);
    expect(good.code, good.stderr).to.equal(0);
    expect(good.stdout.match(/^PASS /gm)).to.have.length(8);
    expect(good.stdout).to.contain("preflight passed");
    const cancun = nodes[1]!;
    const bad = await runHardhatOnNode(cancun.url, ["mbs", "preflight"]);
    expect(bad.code).to.equal(1);
    expect(bad.stdout).to.match(/^FAIL  EVM fork /m);
    expect(bad.stdout).to.contain("preflight FAILED: 1 of 8 checks");
    expect(bad.stderr).to.not.match(/^\s+at /m);
  });
});
