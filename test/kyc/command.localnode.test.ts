import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const DEMO = path.resolve("examples/investors/demo-investors.csv");
const TAPE = path.resolve("examples/tapes/generic-sample.csv");
const RULES = path.resolve("examples/rules/agency-conforming.json");
const DEAL = path.resolve("examples/deals/senior-sub.json");

const hardhat = runHardhatOnNode;

describe("mbs kyc on a real local node (anvil, London, zero gas, unfunded accounts)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let dir: string;
  let registry: string;
  let deployer: string;
  const tag = `${process.pid}-${Date.now()}`;
  const platformDeployment = `test-kyc-platform-${tag}`;
  const poolDeployment = `test-kyc-pool-${tag}`;

  async function connect() {
    return network.create({ network: "localhost", override: { url: node.url } });
  }

  async function nonce(): Promise<number> {
    const { ethers } = await connect();
    return ethers.provider.getTransactionCount(deployer);
  }

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    dir = await mkdtemp(path.join(tmpdir(), "mbs-kyc-node-"));
    const { ethers, ignition } = await connect();
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId: platformDeployment, displayUi: false });
    registry = await kycRegistry.getAddress();
    deployer = (await ethers.getSigners())[0]!.address;
  });

  after(async () => {
    await node?.stop();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
    for (const id of [platformDeployment, poolDeployment]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  it("refuses a file with a bad row: exit code 1, file:line field=value: reason, nothing sent", async () => {
    const bad = path.join(dir, "bad.csv");
    await writeFile(bad, "address,verified_until,country,classes,record_hash\n0x70997970C51812dc3A010C7d01b50e0d17dc79C8,2036-12-31,840,accredited|gold,\n");
    const before = await nonce();
    const run = await hardhat(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", bad]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(`${bad}:2 classes="accredited|gold": unknown class "gold"`);
    expect(await nonce()).to.equal(before);
  });

  it("reports a row the registry reverts after validation: exit code 1, line, account and decoded error, no stack trace", async () => {
    const six = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
    const { ethers } = await connect();
    // Later than the latest block (so the file is valid), but no block mined from now on is earlier.
    const edge = (await ethers.provider.getBlock("latest"))!.timestamp + 1;
    const file = path.join(dir, "edge.csv");
    await writeFile(file, `address,verified_until,country,classes\n${six},${edge},840,qib\n`);
    const before = await nonce();
    const run = await hardhat(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", file]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(`error: setInvestors batch 1/1 (${file} line 2) for ${six} on the KYC registry at ${registry} failed`);
    expect(run.stderr).to.match(new RegExp(`KycExpiryInPast\\(account=${six}, verifiedUntil=${edge}, nowTimestamp=\\d+\\)`));
    expect(run.stderr).not.to.match(/^\s+at /m);
    expect(await nonce()).to.equal(before);
  });

  it("onboards the demo file, then a re-run sends nothing", async () => {
    const first = await hardhat(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", DEMO, "--batch-size", "2"]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/^onboarded\s+5$/m);
    expect(first.stderr).to.contain("setInvestors batch 3/3: 5/5 rows sent");

    const before = await nonce();
    const again = await hardhat(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", DEMO]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/^unchanged\s+5 /m);
    expect(again.stdout).to.match(/^transactions\s+0$/m);
    expect(await nonce()).to.equal(before);
  });

  it("shows an investor as JSON with the classes by name", async () => {
    const run = await hardhat(node.url, ["mbs", "kyc", "show", "--registry", registry, "--account", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "--json"]);
    expect(run.code, run.stderr).to.equal(0);
    const view = JSON.parse(run.stdout) as { verified: boolean; classes: string[]; country: number; verifiedUntilIso: string; frozen: boolean };
    expect(view).to.deep.include({ verified: true, classes: ["qib", "institutional"], country: 840, verifiedUntilIso: "2036-12-31T00:00:00.000Z", frozen: false });
  });

  it("revokes and freezes, and show reports both", async () => {
    const four = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
    const five = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
    const revoke = await hardhat(node.url, ["mbs", "kyc", "revoke", "--registry", registry, "--account", four, "--reason", "KYC documents expired"]);
    expect(revoke.code, revoke.stderr).to.equal(0);
    const { ethers } = await connect();
    expect(revoke.stdout).to.contain(ethers.id("KYC documents expired"));
    const freeze = await hardhat(node.url, ["mbs", "kyc", "freeze", "--registry", registry, "--account", five]);
    expect(freeze.code, freeze.stderr).to.equal(0);
    const again = await hardhat(node.url, ["mbs", "kyc", "freeze", "--registry", registry, "--account", five]);
    expect(again.stdout).to.contain("already frozen: nothing sent");

    const shown = async (account: string) => {
      const run = await hardhat(node.url, ["mbs", "kyc", "show", "--registry", registry, "--account", account]);
      expect(run.code, run.stderr).to.equal(0);
      return run.stdout;
    };
    expect(await shown(four)).to.match(/^verified\s+no \(revoked\)$/m);
    expect(await shown(five)).to.match(/^frozen\s+yes$/m);
  });

  it("lets the example deal tokenize against the onboarded registry", async () => {
    const run = await hardhat(node.url, [
      "mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", DEAL, "--registry", registry,
      "--out", path.join(dir, "manifest.json"), "--deployment-id", poolDeployment, "--brief",
    ]);
    expect(run.code, run.stderr).to.equal(0);
  });
});
