import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { MBS_CHAIN_ID } from "../../src/network/constants.js";
import { readPermissionsFile } from "../../src/network/permissionsFile.js";
import { registryAccounts, registrySnapshot } from "../../src/network/registryInvestors.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";
import { startPermStandIn, type PermStandIn } from "../helpers/permStandIn.js";

const US = 840;
const ACCREDITED = 2;
const ENODE = `enode://${"cd".repeat(64)}@10.0.0.2:30303`;

describe("mbs besu allowlist-sync with a real KYC registry (anvil, Besu-like) and a PERM stand-in", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let standIn: PermStandIn;
  let dir: string;
  let registry: string;
  let operatorsFile: string;
  let nodeFile: string;
  const deploymentId = `test-allowlist-${process.pid}-${Date.now()}`;
  const who: Record<string, string> = {};

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, extraArgs: ["--balance", "0", "--chain-id", String(MBS_CHAIN_ID)] });
    dir = await mkdtemp(path.join(tmpdir(), "mbs-allowlist-node-"));
    const { ethers, ignition } = await network.create({ network: "localhost", override: { url: node.url, gasPrice: 0 } });
    const signers = await ethers.getSigners();
    const [deployer, alice, bob, carol, dave, servicer] = signers;
    Object.assign(who, { deployer: deployer!.address, alice: alice!.address, bob: bob!.address, carol: carol!.address, dave: dave!.address, servicer: servicer!.address });
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId, displayUi: false });
    registry = await kycRegistry.getAddress();
    const kyc = await ethers.getContractAt("KycRegistry", registry);
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const row = (account: string, until: bigint) => ({ account, verifiedUntil: until, country: US, classes: ACCREDITED, recordHash: ethers.ZeroHash });
    // One event per block, so that a small --logs-range has several chunks to read.
    await (await kyc.setInvestors([row(who.alice!, now + 365n * 86_400n), row(who.bob!, now + 365n * 86_400n)])).wait();
    await (await kyc.setInvestors([row(who.carol!, now + 365n * 86_400n)])).wait();
    await (await kyc.setInvestors([row(who.dave!, now + 3_600n)])).wait();
    await (await kyc.setFrozen(who.bob!, true)).wait();
    await (await kyc.revoke(who.carol!, ethers.id("sanctions hit"))).wait();
    // Two hours later Dave's verification has lapsed.
    await ethers.provider.send("evm_increaseTime", [7_200]);
    await ethers.provider.send("evm_mine", []);

    operatorsFile = path.join(dir, "operators.json");
    await writeFile(operatorsFile, JSON.stringify({ operators: { deployer: who.deployer, servicer: who.servicer } }, null, 2));
    nodeFile = path.join(dir, "node-permissions.toml");
    // The node starts with the deployer and a stale account (Carol, allowed before her revocation).
    await writeFile(nodeFile, `accounts-allowlist=["${who.deployer!.toLowerCase()}","${who.carol!.toLowerCase()}"]\nnodes-allowlist=["${ENODE}"]\n`);
    standIn = await startPermStandIn({ permissionsFile: nodeFile });
  });

  after(async () => {
    await standIn?.stop();
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
  });

  it("reads the registry's wallets from events in chunks and each one's status at one block", async () => {
    const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
    const latest = await ethers.provider.getBlockNumber();
    const chunked = await registryAccounts(ethers.provider, registry, 0, latest, 1);
    const whole = await registryAccounts(ethers.provider, registry, 0, latest, 10_000);
    expect(chunked.sort()).to.deep.equal(whole.sort());
    expect(whole.sort()).to.deep.equal([who.alice, who.bob, who.carol, who.dave].sort());
    const snapshot = await registrySnapshot(ethers.provider, registry, { logsRange: 2 });
    const status = Object.fromEntries(snapshot.investors.map((i) => [i.account, i.status]));
    expect(status).to.deep.equal({ [who.alice!]: "verified", [who.bob!]: "frozen", [who.carol!]: "revoked", [who.dave!]: "expired" });
  });

  it("makes the node's allowlist the verified investors plus operators, writes the same file, and a re-run changes nothing", async () => {
    const sharedFile = path.join(dir, "permissions_config.toml");
    await writeFile(sharedFile, `nodes-allowlist=["${ENODE}"]\naccounts-allowlist=[]\n`);
    const args = ["mbs", "besu", "allowlist-sync", "--registry", registry, "--operators", operatorsFile, "--nodes", standIn.url, "--permissions-file", sharedFile, "--logs-range", "2"];
    const run = await runHardhatOnNode(node.url, args);
    expect(run.code, run.stderr).to.equal(0);
    const expected = [who.alice, who.deployer, who.servicer].map((a) => a!.toLowerCase()).sort();
    expect(standIn.allowlist().sort()).to.deep.equal(expected);
    expect(run.stdout).to.contain("1 verified investor(s) + 2 operator(s) = 3 allowed account(s)");
    expect(run.stdout).to.contain(`${who.bob} (frozen)`).and.contain(`${who.carol} (revoked)`).and.contain(`${who.dave} (expired)`);
    expect(run.stdout).to.contain(`- ${who.carol}`);
    // Progress goes to stderr, the report to stdout.
    expect(run.stderr).to.match(/registry events: 100%/).and.match(/investor records: 100%  4\/4 wallets/);
    // Both files parse back to the same accounts: the node's own (persisted by the PERM API) and ours.
    expect((await readPermissionsFile(nodeFile)).accountsAllowlist.sort()).to.deep.equal(expected);
    const written = await readPermissionsFile(sharedFile);
    expect(written.accountsAllowlist).to.deep.equal(expected);
    expect(written.nodesAllowlist).to.deep.equal([ENODE]);

    const changesBefore = standIn.requests.filter((r) => r.method !== "perm_getAccountsAllowlist").length;
    const again = await runHardhatOnNode(node.url, args);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain(`node ${standIn.url}: did add 0, remove 0, keep 3`);
    expect(standIn.requests.filter((r) => r.method !== "perm_getAccountsAllowlist").length).to.equal(changesBefore);
  });

  it("refuses an address that is no KYC registry, sending nothing", async () => {
    const before = standIn.requests.length;
    const run = await runHardhatOnNode(node.url, ["mbs", "besu", "allowlist-sync", "--registry", who.alice!, "--operators", operatorsFile, "--nodes", standIn.url]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(`--registry: no contract at ${who.alice}`);
    expect(run.stderr).to.not.match(/^\s+at /m);
    expect(standIn.requests.length).to.equal(before);
  });
});
