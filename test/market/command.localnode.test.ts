import path from "node:path";
import { rm } from "node:fs/promises";
import { expect } from "chai";
import { keccak256 } from "ethers";
import hre, { network } from "hardhat";

import MarketModule, { buildMarketListingModule } from "../../deploy/modules/Market.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const USD = 1_000_000n;
const ACCREDITED = 2;
const US = 840;

/**
 * The market commands as an investor runs them, against a real node in the permissioned configuration
 * (anvil, London, gas price 0, unfunded accounts), on contracts deployed through the project's Ignition
 * modules and the real PoolToken.
 */
describe("mbs order / book / fill / claim / transfer on a permissioned local node (anvil, London, zero gas)", function () {
  this.timeout(300_000);

  let node: LocalNode;
  const tag = `${process.pid}-${Date.now()}`;
  const deployments = [`test-market-${tag}`, `test-market-listing-${tag}`];
  let market: string;
  let token: string;
  let seller: string;
  let buyer: string;
  let stranger: string;

  async function connect() {
    return network.create({ network: "localhost", override: { url: node.url } });
  }

  const mbs = (args: string[]) => runHardhatOnNode(node.url, ["mbs", ...args]);

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    const { ethers, ignition } = await connect();
    const signers = await ethers.getSigners();
    const [admin] = signers;
    [seller, buyer, stranger] = [signers[1]!.address, signers[2]!.address, signers[3]!.address];
    expect(await ethers.provider.getBalance(seller)).to.equal(0n); // unfunded: zero gas price or nothing

    const registry = await ethers.deployContract("KycRegistry", [admin!.address, admin!.address], { gasPrice: 0 });
    const cash = await ethers.deployContract("TestStablecoin", [admin!.address], { gasPrice: 0 });
    const rules = { allowedClasses: ACCREDITED, minHolding: 1_000n * USD, maxHolders: 100, lockupUntil: 0n, blockedCountries: [408] };
    const tranche = await ethers.deployContract("PoolToken", ["MBS 2027-1 A", "MBS27A", await registry.getAddress(), await cash.getAddress(), admin!.address, rules, 1_000_000n * USD], { gasPrice: 0 });
    token = await tranche.getAddress();
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const pool = await ethers.deployContract("LoanPool", [
      { merkleRoot: keccak256("0x01"), tapeHash: keccak256("0x02"), statsHash: keccak256("0x03"), rulesHash: keccak256("0x04"), upbCents: 100_000_000n, loanCount: 10n, cutoffDate: now - 10n * 86_400n },
      "MBSC 2027-1", "mbs-chain Trust 2027-1", true, 0n,
      [{ token, couponPpm: 55_000n, seniority: 1, originalFaceCents: 100_000_000n }],
    ], { gasPrice: 0 });
    const until = now + 365n * 86_400n;
    await (await registry.setInvestors([seller, buyer].map((account) => ({ account, verifiedUntil: until, country: US, classes: ACCREDITED, recordHash: keccak256(account) })), { gasPrice: 0 })).wait();
    for (const role of ["ISSUER_ROLE", "DISTRIBUTOR_ROLE"] as const) await (await tranche.grantRole(await tranche[role](), admin!.address, { gasPrice: 0 })).wait();
    await (await tranche.mint(seller, 1_000_000n * USD, { gasPrice: 0 })).wait();
    await (await cash.mint(buyer, 5_000_000n * USD, { gasPrice: 0 })).wait();

    const venues = await ignition.deploy(MarketModule, { deploymentId: deployments[0], displayUi: false });
    market = await venues.trancheMarket.getAddress();
    await ignition.deploy(
      buildMarketListingModule({
        moduleId: "MarketListing",
        trancheMarket: market,
        bilateralMarket: await venues.bilateralMarket.getAddress(),
        loanPool: await pool.getAddress(),
        tranches: [token],
      }),
      { deploymentId: deployments[1], displayUi: false },
    );
    // A paid period, so that `mbs claim` has something to pay.
    await (await cash.mint(admin!.address, 100_000n * USD, { gasPrice: 0 })).wait();
    await (await cash.approve(token, 100_000n * USD, { gasPrice: 0 })).wait();
    await (await tranche.distribute(4_500n * USD, 0n, { gasPrice: 0 })).wait();
  });

  after(async () => {
    await node?.stop();
    for (const id of deployments) await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
  });

  it("refuses a transfer to an unverified wallet with the token's reason, sending nothing", async () => {
    const { ethers } = await connect();
    const before = await ethers.provider.getTransactionCount(seller);
    const run = await mbs(["transfer", "--token", token, "--to", stranger, "--amount", "5,000", "--from", seller]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain("RecipientNotVerified");
    expect(run.stderr).to.contain("nothing was sent");
    expect(run.stderr).not.to.match(/^\s+at /m);
    expect(await ethers.provider.getTransactionCount(seller)).to.equal(before);
  });

  it("places an ask, shows it in the book, fills part of it and cancels the rest", async () => {
    const placed = await mbs(["order", "place", "--market", market, "--token", token, "--side", "ask", "--price", "101-16+", "--amount", "100,000", "--min-fill", "1,000", "--expiry", "7d", "--from", "1"]);
    expect(placed.code, placed.stderr).to.equal(0);
    expect(placed.stdout).to.match(/order 1: ask 100,000.00 @ 101-16\+ \(101.51562500\) until .*tokens locked in your wallet/);

    const book = await mbs(["book", "--market", market, "--token", token]);
    expect(book.code, book.stderr).to.equal(0);
    expect(book.stdout).to.contain("100,000.00 @ 101-16+ (101.51562500)");

    const fill = await mbs(["fill", "--market", market, "--order", "1", "--amount", "40,000", "--from", buyer]);
    expect(fill.code, fill.stderr).to.equal(0);
    expect(fill.stdout).to.contain("order 1: 40,000.00 face @ 101-16+ (101.51562500) bought");

    const { ethers } = await connect();
    const tranche = await ethers.getContractAt("PoolToken", token);
    expect(await tranche.balanceOf(buyer)).to.equal(40_000n * USD);

    const after = await mbs(["book", "--market", market, "--token", token, "--json"]);
    const parsed = JSON.parse(after.stdout) as { asks: { amount: string }[]; trades: { amount: string; buyer: string }[] };
    expect(parsed.asks[0]!.amount).to.equal((60_000n * USD).toString());
    expect(parsed.trades[0]!.buyer).to.equal(buyer);

    const refused = await mbs(["order", "cancel", "--market", market, "--order", "1", "--from", buyer]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain(`belongs to ${seller}`);
    const cancel = await mbs(["order", "cancel", "--market", market, "--order", "1", "--from", seller]);
    expect(cancel.code, cancel.stderr).to.equal(0);
    expect(cancel.stdout).to.contain("60,000.00 face unlocked");
    expect(await tranche.lockedOf(seller, market)).to.equal(0n);
  });

  it("claims the seller's P&I once, then says there is nothing more", async () => {
    const first = await mbs(["claim", "--token", token, "--from", seller]);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain("claimed 4,500.000000");
    const again = await mbs(["claim", "--token", token, "--from", seller]);
    expect(again.stdout).to.contain("nothing to claim: nothing sent");
  });

  it("closes the books between a record date and its distribution: a fill refused before sending, a transfer with a notice, the order filled after", async () => {
    const placed = await mbs(["order", "place", "--market", market, "--token", token, "--side", "ask", "--price", "100", "--amount", "20,000", "--expiry", "7d", "--from", seller]);
    expect(placed.code, placed.stderr).to.equal(0);
    const orderId = /order (\d+):/.exec(placed.stdout)![1]!;
    const { ethers } = await connect();
    const [admin] = await ethers.getSigners();
    const tranche = await ethers.getContractAt("PoolToken", token, admin);
    await (await tranche.markRecordDate({ gasPrice: 0 })).wait();
    const [, recordDate] = await tranche.recordDatePending();
    const when = new Date(Number(recordDate) * 1000).toISOString().slice(0, 16).replace("T", " ");

    const before = await ethers.provider.getTransactionCount(buyer);
    const refused = await mbs(["fill", "--market", market, "--order", orderId, "--from", buyer]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain(`books closed: period 2's record date passed at ${when} UTC; trading resumes when the period is distributed; nothing was sent`);
    expect(refused.stderr).not.to.match(/^\s+at /m);
    expect(await ethers.provider.getTransactionCount(buyer)).to.equal(before);

    const transfer = await mbs(["transfer", "--token", token, "--to", buyer, "--amount", "5,000", "--from", seller]);
    expect(transfer.code, transfer.stderr).to.equal(0);
    expect(transfer.stdout).to.contain(`note: books closed: period 2's record date passed at ${when} UTC`);
    expect(transfer.stdout).to.contain(`period 2's P&I on these tokens stays with ${seller}, the holder of record`);

    await (await tranche.distribute(1_000n * USD, 0n, { gasPrice: 0 })).wait();
    const filled = await mbs(["fill", "--market", market, "--order", orderId, "--from", buyer]);
    expect(filled.code, filled.stderr).to.equal(0);
    expect(filled.stdout).to.contain(`order ${orderId}: 20,000.00 face @ 100`);
  });
});
