import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { fromConnection } from "../../src/chain/index.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const TAPE = path.resolve("examples/tapes/generic-sample.csv");
const RULES = path.resolve("examples/rules/agency-conforming.json");
const DEAL = path.resolve("examples/deals/senior-sub.json");
const CLASS_ACCREDITED = 2;
const CLASS_QIB = 4;
const US = 840;

const hardhat = runHardhatOnNode;

describe("mbs tokenize on a real local node (anvil, London, zero gas, unfunded accounts)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let dir: string;
  const tag = `${process.pid}-${Date.now()}`;
  const platformDeployment = `test-tokenize-platform-${tag}`;
  const poolDeployment = `test-tokenize-pool-${tag}`;
  let registry: string;

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    dir = await mkdtemp(path.join(tmpdir(), "mbs-tokenize-node-"));
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    const { ethers, ignition } = connection;
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId: platformDeployment, displayUi: false });
    registry = await kycRegistry.getAddress();
    // Through src/chain, as the commands send: the node charges no gas and the accounts hold none.
    const kyc = await ethers.getContractAt("KycRegistry", registry, (await fromConnection(connection, 1)).signer);
    // The example deal allocates class A to accounts 1 and 2 and class B (QIB only) to account 3.
    const [, one, two, three] = await ethers.getSigners();
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 365 * 86_400);
    await (
      await kyc.setInvestors([
        { account: one!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: two!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: three!.address, verifiedUntil: until, country: US, classes: CLASS_QIB, recordHash: ethers.ZeroHash },
      ])
    ).wait();
  });

  after(async () => {
    await node?.stop();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
    for (const id of [platformDeployment, poolDeployment]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  it("refuses a deal with an investor who is not KYC'd: exit code 1, the field named, nothing sent", async () => {
    const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer!.address);
    const deal = JSON.parse(await readFile(DEAL, "utf8")) as { allocations: { investor: string }[] };
    deal.allocations[2]!.investor = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"; // account 4, never onboarded
    const file = path.join(dir, "bad-deal.json");
    await writeFile(file, JSON.stringify(deal, null, 2));
    const run = await hardhat(node.url, ["mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", file, "--registry", registry, "--deployment-id", `${poolDeployment}-bad`, "--brief"]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/bad-deal\.json:\d+ allocations\[2\]\.investor="0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65": not KYC-verified/);
    expect(await ethers.provider.getTransactionCount(deployer!.address)).to.equal(nonce);
  });

  it("tokenizes the example tape, then proves a loan against the deployed pool", async () => {
    const manifestPath = path.join(dir, "manifest.json");
    const run = await hardhat(node.url, [
      "mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", DEAL, "--registry", registry,
      "--out", manifestPath, "--deployment-id", poolDeployment,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      commitment: { merkleRoot: string; loanCount: number };
      contracts: { loanPool: string; tranches: { symbol: string; address: string }[] };
    };
    expect(run.stdout).to.contain(manifest.commitment.merkleRoot);
    expect(run.stdout).to.contain(manifest.contracts.loanPool);
    expect(run.stdout).to.match(/^state\s+count/m); // the stratification report

    const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
    const pool = await ethers.getContractAt("LoanPool", manifest.contracts.loanPool);
    expect((await pool.commitment()).merkleRoot).to.equal(manifest.commitment.merkleRoot);
    const classB = manifest.contracts.tranches.find((t) => t.symbol === "MBS1B")!;
    const tokenB = await ethers.getContractAt("PoolToken", classB.address);
    expect(await tokenB.balanceOf("0x90F79bf6EB2c4f870365E785982E1f101E93b906")).to.equal(430_000n * 1_000_000n);

    const loanId = (await readFile(TAPE, "utf8")).split("\n")[1]!.split(",")[0]!;
    const proofRun = await hardhat(node.url, ["mbs", "proof", "--manifest", manifestPath, "--loan", loanId, "--json"]);
    expect(proofRun.code, proofRun.stderr).to.equal(0);
    const printed = JSON.parse(proofRun.stdout) as { loanId: string; verifiedOnChain: boolean; loanHash: string; proof: string[] };
    expect(printed.loanId).to.equal(loanId);
    expect(printed.verifiedOnChain).to.equal(true);
    // The printed proof is what the pool accepts, independently of the command's own check.
    expect(await pool.verifyLoan(printed.loanHash, printed.proof)).to.equal(true);

    // Without --json: the loan's committed fields, labelled, in their units.
    const readable = await hardhat(node.url, ["mbs", "proof", "--manifest", manifestPath, "--loan", loanId]);
    expect(readable.code, readable.stderr).to.equal(0);
    expect(readable.stdout).to.match(/original UPB\s+\$[\d,]+\.\d\d/).and.match(/note rate\s+\d+\.\d{3} %/).and.match(/LTV\s+\d+\.\d\d %/);
    expect(readable.stdout).to.include(`loan ${loanId}, committed in LoanPool ${manifest.contracts.loanPool}`).and.include("verified on chain: yes");
  });
});
