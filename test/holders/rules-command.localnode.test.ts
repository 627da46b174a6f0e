/**
 * `npx hardhat mbs holders rules` as the compliance officer runs it, against a real node in the permissioned
 * configuration (anvil, London, gas price 0, unfunded accounts), on the real PoolToken deployed without a cap:
 * the cap is refused until `mbs holders count` has run, then set once, and a re-run sends nothing.
 */
import { expect } from "chai";
import { keccak256 } from "ethers";
import { network } from "hardhat";

import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const USD = 1_000_000n;
const ACCREDITED = 2;
const US = 840;
const free = { gasPrice: 0 };

describe("mbs holders rules on a permissioned local node (anvil, London, zero gas, unfunded accounts)", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let token: string;
  let admin: string;

  const connect = () => network.create({ network: "localhost", override: { url: node.url } });
  const mbs = (args: string[]) => runHardhatOnNode(node.url, ["mbs", "holders", ...args]);
  const nonce = async () => (await connect()).ethers.provider.getTransactionCount(admin);

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    const { ethers } = await connect();
    const [first, one, two] = await ethers.getSigners();
    admin = first!.address;
    const kyc = await ethers.deployContract("KycRegistry", [admin, admin], free);
    const cash = await ethers.deployContract("TestStablecoin", [admin], free);
    const uncapped = { allowedClasses: ACCREDITED, minHolding: 1_000n * USD, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] };
    const tranche = await ethers.deployContract("PoolToken", ["MBS 2027-1 A", "MBS27A", await kyc.getAddress(), await cash.getAddress(), admin, uncapped, 10_000_000n * USD], free);
    token = await tranche.getAddress();
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 365n * 86_400n;
    await (await kyc.setInvestors([one!, two!].map((s) => ({ account: s.address, verifiedUntil: until, country: US, classes: ACCREDITED, recordHash: keccak256(s.address) })), free)).wait();
    for (const role of ["ISSUER_ROLE", "COMPLIANCE_ROLE"] as const) await (await tranche.grantRole(await tranche[role](), admin, free)).wait();
    for (const s of [one!, two!]) await (await tranche.mint(s.address, 100_000n * USD, free)).wait();
  });

  after(async () => {
    await node?.stop();
  });

  it("has --help naming every option", async () => {
    const run = await mbs(["rules", "--help"]);
    expect(run.code, run.stderr).to.equal(0);
    for (const option of ["--token", "--classes", "--min-holding", "--max-holders", "--lockup-until", "--blocked-countries", "--dry-run", "--json"]) expect(run.stdout).to.include(option);
    expect(run.stdout).to.include("Change a class token's transfer rules");
  });

  it("refuses a cap before `mbs holders count` and a bad option: exit code 1, the reason in words, nothing sent", async () => {
    const before = await nonce();
    const cap = await mbs(["rules", "--token", token, "--max-holders", "500"]);
    expect(cap.code).to.equal(1);
    expect(cap.stderr).to.include(`run \`npx hardhat mbs holders count --token ${token}\` first`);
    const bad = await mbs(["rules", "--token", token, "--classes", "accredited,pension", "--lockup-until", "2027-13-01"]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/^error: --classes, --lockup-until: --classes: unknown investor class "pension" .*; --lockup-until: not a calendar date/m);
    for (const run of [cap, bad]) expect(run.stderr).not.to.match(/^\s+at /m);
    expect(await nonce()).to.equal(before);
  });

  it("sets the cap after the count in one transaction at gas price 0 (a dry run first), then a re-run says it is in force and sends nothing", async () => {
    const counted = await mbs(["count", "--token", token]);
    expect(counted.code, counted.stderr).to.equal(0);

    const before = await nonce();
    const dry = await mbs(["rules", "--token", token, "--max-holders", "500", "--lockup-until", "2027-06-30", "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).to.equal(0);
    const planned = JSON.parse(dry.stdout) as { outcome: string; sent: boolean; gasEstimate: string; next: { maxHolders: number; lockupUntil: number } };
    expect(planned).to.deep.include({ outcome: "dry-run", sent: false });
    expect(planned.next).to.deep.include({ maxHolders: 500, lockupUntil: Date.UTC(2027, 5, 30) / 1000 });
    expect(BigInt(planned.gasEstimate)).to.be.greaterThan(21_000n);
    expect(await nonce()).to.equal(before);

    const run = await mbs(["rules", "--token", token, "--max-holders", "500", "--lockup-until", "2027-06-30"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`^changed 2 transfer rule\\(s\\) of MBS27A ${token} in tx 0x[0-9a-f]{64} \\(block \\d+\\)`));
    expect(run.stdout).to.match(/\nmax-holders\s+none\s+→ 500\n/);
    expect(run.stdout).to.match(/\nlockup-until\s+none\s+→ 2027-06-30\n/);
    const { ethers } = await connect();
    const tranche = await ethers.getContractAt("PoolToken", token);
    const rules = await tranche.transferRules();
    expect([rules.maxHolders, rules.minHolding, rules.lockupUntil]).to.deep.equal([500n, 1_000n * USD, BigInt(Date.UTC(2027, 5, 30) / 1000)]);
    const txHash = /in tx (0x[0-9a-f]{64})/.exec(run.stdout)![1]!;
    expect((await ethers.provider.getTransaction(txHash))!.gasPrice).to.equal(0n);

    const after = await nonce();
    const again = await mbs(["rules", "--token", token, "--max-holders", "500"]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`^MBS27A ${token}: these transfer rules are already in force: nothing sent$`, "m"));
    expect(await nonce()).to.equal(after);
  });
});
