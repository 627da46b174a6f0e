/**
 * `npx hardhat mbs holders count` as the compliance officer runs it, against a real node in the permissioned
 * configuration (anvil, London, gas price 0, unfunded accounts), on the real PoolToken deployed without a cap.
 */
import { expect } from "chai";
import { keccak256 } from "ethers";
import { network } from "hardhat";

import { fromConnection } from "../../src/chain/index.js";
import { countTokenHolders } from "../../src/holders/count.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const USD = 1_000_000n;
const ACCREDITED = 2;
const US = 840;
const free = { gasPrice: 0 };

describe("mbs holders count on a permissioned local node (anvil, London, zero gas, unfunded accounts)", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let token: string;
  let registry: string;
  let admin: string;
  let holders: string[];
  let afterMints: number;

  const connect = () => network.create({ network: "localhost", override: { url: node.url } });
  const mbs = (args: string[]) => runHardhatOnNode(node.url, ["mbs", "holders", "count", ...args]);
  const nonce = async () => (await connect()).ethers.provider.getTransactionCount(admin);

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    const { ethers } = await connect();
    const signers = await ethers.getSigners();
    const [first, one, two, three, four] = signers;
    admin = first!.address;
    const kyc = await ethers.deployContract("KycRegistry", [admin, admin], free);
    registry = await kyc.getAddress();
    const cash = await ethers.deployContract("TestStablecoin", [admin], free);
    const uncapped = { allowedClasses: ACCREDITED, minHolding: 0n, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] };
    const tranche = await ethers.deployContract("PoolToken", ["MBS 2027-1 A", "MBS27A", registry, await cash.getAddress(), admin, uncapped, 10_000_000n * USD], free);
    token = await tranche.getAddress();
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 365n * 86_400n;
    const investors = [one!, two!, three!, four!];
    await (await kyc.setInvestors(investors.map((s) => ({ account: s.address, verifiedUntil: until, country: US, classes: ACCREDITED, recordHash: keccak256(s.address) })), free)).wait();
    for (const role of ["ISSUER_ROLE", "COMPLIANCE_ROLE"] as const) await (await tranche.grantRole(await tranche[role](), admin, free)).wait();
    for (const [i, s] of [one!, two!, three!].entries()) await (await tranche.mint(s.address, BigInt(i + 1) * 100_000n * USD, free)).wait();
    afterMints = await ethers.provider.getBlockNumber();
    await (await tranche.connect(one!).transfer(four!.address, 10_000n * USD, free)).wait();
    await (await tranche.connect(two!).transfer(three!.address, 200_000n * USD, free)).wait(); // two leaves
    holders = [one!.address, three!.address, four!.address];
    expect(await ethers.provider.getBalance(admin)).to.equal(0n); // unfunded: everything at gas price 0
  });

  after(async () => {
    await node?.stop();
  });

  it("has --help naming every option", async () => {
    const run = await mbs(["--help"]);
    expect(run.code, run.stderr).to.equal(0);
    for (const option of ["--token", "--from-block", "--logs-range", "--dry-run", "--json"]) expect(run.stdout).to.include(option);
    expect(run.stdout).to.include("Prove a class token's holders from its Transfer logs");
  });

  it("refuses a --token that is not a PoolToken and logs that start after the first mint: exit code 1, the reason, nothing sent", async () => {
    const before = await nonce();
    const wrong = await mbs(["--token", registry]);
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.include(`error: --token: the contract at ${registry} is not a PoolToken`);
    const late = await mbs(["--token", token, "--from-block", String(afterMints + 1)]);
    expect(late.code).to.equal(1);
    expect(late.stderr).to.match(/error: --from-block: the Transfer in block \d+ .* re-run with an earlier --from-block/);
    for (const run of [wrong, late]) expect(run.stderr).not.to.match(/^\s+at /m);
    expect(await nonce()).to.equal(before);
  });

  it("dry-runs as JSON: the count, the block and the gas estimate, nothing sent", async () => {
    const before = await nonce();
    const run = await mbs(["--token", token, "--dry-run", "--json"]);
    expect(run.code, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as { outcome: string; sent: boolean; holders: number; block: number; gasEstimate: string; txHash: string | null };
    expect(result).to.deep.include({ outcome: "dry-run", sent: false, holders: 3, txHash: null });
    expect(BigInt(result.gasEstimate)).to.be.greaterThan(21_000n);
    expect(run.stderr).to.include(`Transfer logs to block ${result.block}: 100%`);
    expect(await nonce()).to.equal(before);
  });

  // On a chain with block times a transfer can share the proof's block, ahead of it: the proof reverts, and its
  // replay on the state before the block does not. The proof is checked on the state the block left, and read again.
  it("reads again and proves once more when a transfer shares the proof's block, ahead of it", async () => {
    const { ethers } = await connect();
    const [first, one, two] = await ethers.getSigners();
    const cash = await ethers.deployContract("TestStablecoin", [admin], free);
    const uncapped = { allowedClasses: ACCREDITED, minHolding: 0n, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] };
    const tranche = await ethers.deployContract("PoolToken", ["MBS 2027-1 B", "MBS27B", registry, await cash.getAddress(), admin, uncapped, 10_000_000n * USD], free);
    for (const role of ["ISSUER_ROLE", "COMPLIANCE_ROLE"] as const) await (await tranche.grantRole(await tranche[role](), first!.address, free)).wait();
    for (const s of [one!, two!]) await (await tranche.mint(s.address, 50_000n * USD, free)).wait();
    // `one` pays for priority, so the node orders its transfer ahead of the proof in the block they share.
    await ethers.provider.send("anvil_setBalance", [one!.address, "0xde0b6b3a7640000"]);
    const pending = async () => Number((await ethers.provider.send("txpool_status", [])).pending);
    const until = async (condition: () => Promise<boolean>) => {
      while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
    };
    let shared: Promise<void> | undefined;
    const chain = await fromConnection(await connect(), 1);
    const result = await countTokenHolders({
      token: await tranche.getAddress(),
      onProgress: async (p) => {
        if (p.phase === "send" && shared === undefined) {
          await ethers.provider.send("evm_setAutomine", [false]);
          shared = (async () => {
            await until(async () => (await pending()) === 1); // the proof is in the mempool
            await tranche.connect(one!).transfer(two!.address, 50_000n * USD, { gasPrice: 10n ** 9n }); // one leaves
            await until(async () => (await pending()) === 2);
            await ethers.provider.send("evm_mine", []);
            await ethers.provider.send("evm_setAutomine", [true]);
          })();
        }
        if (p.phase === "proof" && p.attempt === 2) await shared;
      },
    }, chain.signer);
    expect(result.retried).to.match(/^the proof read at block \d+ was refused with TokenHolderProofZeroBalance\(index=\d, holder=/);
    expect(result).to.include({ outcome: "counted", holders: 1 });
    expect(await tranche.holderCount()).to.equal(1n);
  });

  it("counts the holders in one transaction at gas price 0, then a re-run says the token already counts and sends nothing", async () => {
    const run = await mbs(["--token", token, "--logs-range", "4"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`^counted 3 holder\\(s\\) of MBS27A ${token} in tx 0x[0-9a-f]{64} \\(block \\d+\\)`));
    expect(run.stderr).to.include("sending countHolders with 3 holder(s)");
    const { ethers } = await connect();
    const tranche = await ethers.getContractAt("PoolToken", token);
    expect(await tranche.holderCount()).to.equal(3n);
    const txHash = /in tx (0x[0-9a-f]{64})/.exec(run.stdout)![1]!;
    const tx = (await ethers.provider.getTransaction(txHash))!;
    expect(tx.gasPrice).to.equal(0n);
    expect([...(tranche.interface.decodeFunctionData("countHolders", tx.data)[0] as string[])]).to.deep.equal([...holders].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));

    const before = await nonce();
    const again = await mbs(["--token", token]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`^MBS27A ${token} already counts 3 holder\\(s\\) on chain \\(block \\d+\\): nothing sent$`, "m"));
    expect(await nonce()).to.equal(before);
  });
});
