/**
 * The waterfall deployed through its Ignition module, driving real PoolTokens held by KYC'd investors: holders
 * can claim exactly their share of each class's cash, the tokens' current face follows the waterfall's class
 * balances, and Σ class current face == pool balance − OC.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { report as collateral } from "../../analytics/deal/fixtures.js";
import type { DealConfig } from "../../../src/analytics/deal/types.js";
import { initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { collateralOfReport, waterfallTermsOf } from "../../../src/analytics/deal/onchain.js";
import { buildWaterfallModule } from "../../../deploy/modules/Waterfall.js";
import type { PaymentWaterfall, PoolToken, ServicerReports, TestStablecoin, WaterfallLens } from "../../../typechain-types/index.js";
import { markRecordDateWhenDue, servicerReportOf } from "../../waterfall/harness.js";

const { ethers, ignition, networkHelpers } = await network.create();
const usd = (dollars: number) => BigInt(Math.round(dollars * 1_000_000));
const POOL = usd(1_000_000);

const deal: DealConfig = {
  name: "integration S/M/J",
  originalPoolBalance: POOL,
  principalMode: "proRataUntilTrigger",
  classes: [
    { id: "A", kind: "standard", originalBalance: usd(850_000), couponPpm: 50_000, interestRank: 0 },
    { id: "M", kind: "standard", originalBalance: usd(70_000), couponPpm: 60_000, interestRank: 1 },
    { id: "B", kind: "standard", originalBalance: usd(50_000), couponPpm: 80_000, interestRank: 2 },
  ],
  fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: usd(10) },
  triggers: { delinquencyPpm: 80_000, cumulativeLossPpm: 20_000 },
  reserve: { targetPpm: 10_000, floor: usd(2_500), initialBalance: usd(5_000) },
  overcollateralizationTargetPpm: 30_000,
};

async function dealFixture() {
  const [deployer, servicer, trustee, residual, alice, bob, keeper] = await ethers.getSigners();
  const registry = await ethers.deployContract("KycRegistry", [deployer!.address, deployer!.address]);
  const cash = (await ethers.deployContract("TestStablecoin", [deployer!.address])) as unknown as TestStablecoin;
  const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 365n * 86_400n;
  await registry.setInvestors(
    [alice!, bob!].map((s) => ({ account: s.address, verifiedUntil: until, country: 840, classes: 2, recordHash: ethers.ZeroHash })),
  );
  const rules = { allowedClasses: 0xff, minHolding: 0n, maxHolders: 0, lockupUntil: 0, blockedCountries: [] as number[] };
  const tokens: PoolToken[] = [];
  for (const c of deal.classes) {
    if (c.kind === "interestOnly") continue;
    // The face cap is the class's original balance: the class issues exactly that.
    const token = (await ethers.deployContract("PoolToken", [`Class ${c.id}`, c.id, registry, cash, deployer!.address, rules, c.originalBalance])) as unknown as PoolToken;
    await token.grantRole(await token.ISSUER_ROLE(), deployer!.address);
    // Alice 70 %, Bob 30 %.
    const aliceShare = (c.originalBalance * 7n) / 10n;
    await token.mint(alice!.address, aliceShare);
    await token.mint(bob!.address, c.originalBalance - aliceShare);
    tokens.push(token);
  }
  // Cut off at the start of the chain's current month: period 1's record date is the end of next month.
  const today = new Date((await ethers.provider.getBlock("latest"))!.timestamp * 1000);
  const cutoffDate = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1) / 1000;
  const { terms, classes } = waterfallTermsOf(deal, await Promise.all(tokens.map((t) => t.getAddress())), cutoffDate);
  const module = buildWaterfallModule({
    moduleId: "WaterfallIntegration",
    cash: await cash.getAddress(),
    initialPoolBalance: POOL,
    initialLoanCount: 1_000,
    terms,
    classes,
    servicer: servicer!.address,
    trustee: trustee!.address,
    payees: { servicer: servicer!.address, trustee: trustee!.address, residual: residual!.address },
  });
  const deployed = await ignition.deploy(module, { displayUi: false });
  const reports = (await ethers.getContractAt("ServicerReports", await deployed.reports.getAddress())) as unknown as ServicerReports;
  const waterfall = (await ethers.getContractAt("PaymentWaterfall", await deployed.waterfall.getAddress())) as unknown as PaymentWaterfall;
  const lens = (await ethers.getContractAt("WaterfallLens", await deployed.lens.getAddress())) as unknown as WaterfallLens;
  await cash.mint(servicer!.address, usd(100_000_000));
  await cash.connect(servicer).approve(await waterfall.getAddress(), ethers.MaxUint256);
  await waterfall.connect(servicer).openReserve();
  return { cash, reports, waterfall, lens, tokens, servicer: servicer!, trustee: trustee!, alice: alice!, bob: bob!, keeper: keeper! };
}

describe("PaymentWaterfall with real PoolTokens, deployed by its Ignition module", () => {
  it("grants the roles the cycle needs and no more", async () => {
    const f = await networkHelpers.loadFixture(dealFixture);
    expect(await f.reports.hasRole(await f.reports.SERVICER_ROLE(), f.servicer.address)).to.equal(true);
    expect(await f.reports.hasRole(await f.reports.TRUSTEE_ROLE(), f.trustee.address)).to.equal(true);
    expect(await f.reports.hasRole(await f.reports.TRUSTEE_ROLE(), f.servicer.address)).to.equal(false);
    for (const token of f.tokens) expect(await token.hasRole(await token.DISTRIBUTOR_ROLE(), await f.waterfall.getAddress())).to.equal(true);
  });

  it("pays every holder exactly its share of each class's interest and principal, period after period", async () => {
    const f = await networkHelpers.loadFixture(dealFixture);
    let state = initialState(deal);
    const paid = deal.classes.map(() => 0n);
    const months = [
      { interestCollected: usd(5_400), scheduledPrincipal: usd(2_000), prepayments: usd(8_000), delinquent60Plus: usd(20_000) },
      { interestCollected: usd(5_300), scheduledPrincipal: usd(2_000), prepayments: usd(6_000), realizedLoss: usd(4_000), liquidationProceeds: usd(6_000) },
      { interestCollected: usd(5_200), scheduledPrincipal: usd(2_000), prepayments: usd(9_000), delinquent60Plus: usd(90_000) },
    ];
    for (const [k, fields] of months.entries()) {
      const report = servicerReportOf(k + 1, collateral(state.poolBalance, fields));
      const outcome = runPeriod(deal, state, collateralOfReport(report));
      await f.reports.connect(f.servicer).submit(report);
      await f.reports.connect(f.trustee).attest(report.period, await f.reports.hashReport(report));
      await f.waterfall.connect(f.servicer).fund(report.period, await f.lens.remittanceDue(await f.waterfall.getAddress(), report));
      await markRecordDateWhenDue(f.waterfall, f.keeper);
      await f.waterfall.execute(report);
      outcome.result.classes.forEach((c, i) => (paid[i] = (paid[i] ?? 0n) + c.interestPaid + c.principalPaid));
      state = outcome.state;
    }
    let faces = 0n;
    for (const [i, token] of f.tokens.entries()) {
      expect(await token.currentFace(), `class ${i} face`).to.equal(state.classes[i]!.balance);
      faces += await token.currentFace();
      const alice = await token.claimable(f.alice.address);
      const bob = await token.claimable(f.bob.address);
      // Each holder gets its share rounded down: at most one unit per distribution below the exact share;
      // what neither can claim is the token's accounted dust.
      const exact = (paid[i]! * 7n) / 10n;
      expect(alice <= exact && alice >= exact - BigInt(months.length), `class ${i} alice ${alice} vs ${exact}`).to.equal(true);
      expect(paid[i]! - alice - bob, `class ${i} dust`).to.be.lessThan(BigInt(2 * months.length));
      const before = await f.cash.balanceOf(f.alice.address);
      await token.connect(f.alice).claim();
      expect((await f.cash.balanceOf(f.alice.address)) - before).to.equal(alice);
    }
    // Σ class current face == pool balance − OC, the OC being what the model says it is after these months.
    const s = await f.waterfall.dealState();
    const lastOc = state.poolBalance - state.classes.reduce((sum, c) => sum + c.balance, 0n);
    expect(s.poolBalance).to.equal(state.poolBalance);
    expect(faces).to.equal(s.poolBalance - lastOc);
    expect(lastOc).to.be.greaterThan(0n);
  });

  it("pays a period's cash to the holders of record at the end of its collection month, whatever trades before attestation", async () => {
    const f = await networkHelpers.loadFixture(dealFixture);
    const [senior] = f.tokens;
    const face = await senior!.totalSupply();
    // During the collection month Bob sells Alice a tenth of the class: she is holder of record of 80 %.
    await senior!.connect(f.bob).transfer(f.alice.address, face / 10n);
    const recordDate = await f.waterfall.recordDateOf(1);
    await expect(f.waterfall.connect(f.keeper).markRecordDate()).to.be.revertedWithCustomError(f.waterfall, "WaterfallRecordDateNotReached");
    // The keeper marks the record date at the boundary; days later, before the report is even submitted,
    // Alice sells Bob everything she holds.
    await networkHelpers.time.setNextBlockTimestamp(recordDate + 1n);
    await expect(f.waterfall.connect(f.keeper).markRecordDate()).to.emit(f.waterfall, "RecordDateMarked").withArgs(1, recordDate, recordDate + 1n);
    await networkHelpers.time.increase(10 * 86_400);
    await senior!.connect(f.alice).transfer(f.bob.address, await senior!.balanceOf(f.alice.address));
    expect(await senior!.balanceOf(f.alice.address)).to.equal(0n);
    await networkHelpers.time.increase(5 * 86_400);
    const report = servicerReportOf(1, collateral(POOL, { interestCollected: usd(5_400), scheduledPrincipal: usd(2_000), prepayments: usd(8_000) }));
    const outcome = runPeriod(deal, initialState(deal), collateralOfReport(report));
    await f.reports.connect(f.servicer).submit(report);
    await f.reports.connect(f.trustee).attest(1, await f.reports.hashReport(report));
    await f.waterfall.connect(f.servicer).fund(1, await f.lens.remittanceDue(await f.waterfall.getAddress(), report));
    await f.waterfall.execute(report);
    // Alice, holder of record of 80 % at the month end, gets 80 % of the period's cash; Bob, the buyer after it, 20 %.
    const paid = outcome.result.classes[0]!.interestPaid + outcome.result.classes[0]!.principalPaid;
    const alice = await senior!.claimable(f.alice.address);
    const bob = await senior!.claimable(f.bob.address);
    expect(alice <= (paid * 8n) / 10n && alice >= (paid * 8n) / 10n - 1n, `alice ${alice} of ${paid}`).to.equal(true);
    expect(bob <= (paid * 2n) / 10n && bob >= (paid * 2n) / 10n - 1n, `bob ${bob} of ${paid}`).to.equal(true);
    expect(await senior!.lastRecordDate()).to.equal(recordDate + 1n);
  });
});
