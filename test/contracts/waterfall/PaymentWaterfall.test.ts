import { expect } from "chai";
import { network } from "hardhat";

import { report as collateral } from "../../analytics/deal/fixtures.js";
import type { CollateralPeriod, DealConfig, DealState } from "../../../src/analytics/deal/types.js";
import { initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { collateralOfReport, waterfallTermsOf } from "../../../src/analytics/deal/onchain.js";
import { PAST_CUTOFF, deployWaterfall, markRecordDateWhenDue, runCycle, servicerReportOf, type WaterfallDeployment } from "../../waterfall/harness.js";

const { ethers, networkHelpers } = await network.create();

/** $1,000 of collateral, in 6-decimal units, so every line can be checked by hand. */
const POOL = 1_000_000_000n;
const usd = (dollars: number) => BigInt(Math.round(dollars * 1_000_000));

/** Senior $800 at 6 %, junior $150 at 12 %, $50 of OC kept at 5 % of the original pool; sequential unless a test says otherwise. */
function seniorJunior(overrides: Partial<DealConfig> = {}): DealConfig {
  return {
    name: "senior/junior",
    originalPoolBalance: POOL,
    principalMode: "sequential",
    classes: [
      { id: "A", kind: "standard", originalBalance: usd(800), couponPpm: 60_000 },
      { id: "B", kind: "standard", originalBalance: usd(150), couponPpm: 120_000 },
    ],
    overcollateralizationTargetPpm: 50_000,
    ...overrides,
  };
}

/** Runs `months` through the contracts and the model side by side; returns both sides' latest view. */
async function run(d: WaterfallDeployment, months: CollateralPeriod[]) {
  let state: DealState = initialState(d.deal);
  const results = [];
  for (const [t, month] of months.entries()) {
    const report = servicerReportOf(t + 1, month);
    const outcome = runPeriod(d.deal, state, collateralOfReport(report));
    const { receipt } = await runCycle(d, report);
    results.push({ result: outcome.result, receipt });
    state = outcome.state;
  }
  return { state, results };
}

async function classBalances(d: WaterfallDeployment): Promise<bigint[]> {
  const n = Number(await d.waterfall.classCount());
  return Promise.all(Array.from({ length: n }, async (_, i) => (await d.waterfall.classState(i)).balance));
}

async function seniorJuniorFixture() {
  return deployWaterfall(ethers, seniorJunior());
}

describe("PaymentWaterfall", () => {
  describe("the monthly cycle", () => {
    it("pays interest by seniority and principal to the senior class first, to the unit of the model", async () => {
      const d = await networkHelpers.loadFixture(seniorJuniorFixture);
      const month = collateral(POOL, { interestCollected: usd(7), scheduledPrincipal: usd(10), prepayments: usd(20) });
      const { results } = await run(d, [month]);
      // Interest: A 800 × 6 % / 12 = $4, B 150 × 12 % / 12 = $1.50; principal $30 all to A.
      expect(await d.tokens[0]!.distributedCash()).to.equal(usd(4) + usd(30));
      expect(await d.tokens[1]!.distributedCash()).to.equal(usd(1.5));
      expect(await classBalances(d)).to.deep.equal([usd(770), usd(150)]);
      // Excess spread $1.50 goes toward the OC target (none here: to the residual).
      expect(await d.waterfall.owed(await d.residualHolder.getAddress())).to.equal(results[0]!.result.residual);
      expect(results[0]!.result.residual).to.equal(usd(1.5));
    });

    it("pays senior interest before junior interest when cash is short, and carries the junior shortfall first into the next period", async () => {
      const d = await networkHelpers.loadFixture(seniorJuniorFixture);
      const short = collateral(POOL, { interestCollected: usd(4.5) });
      const full = collateral(POOL, { interestCollected: usd(10) });
      const { results } = await run(d, [short, full]);
      expect((await d.waterfall.classState(1)).interestShortfall).to.equal(0n);
      const [first, second] = [results[0]!.result, results[1]!.result];
      expect(first.classes[0]!.interestPaid).to.equal(usd(4));
      expect(first.classes[1]!.interestPaid).to.equal(usd(0.5));
      expect(first.classes[1]!.interestShortfall).to.equal(usd(1));
      expect(second.classes[1]!.carriedShortfall).to.equal(usd(1));
      expect(second.classes[1]!.interestPaid).to.equal(usd(2.5));
      expect(await d.tokens[1]!.distributedCash()).to.equal(usd(3));
      const lines = results[0]!.receipt.logs.map((l) => d.waterfall.interface.parseLog(l)).filter((l) => l?.name === "InterestPaid");
      expect(lines.map((l) => [l!.args.classIndex, l!.args.paid, l!.args.shortfall])).to.deep.equal([
        [0n, usd(4), 0n],
        [1n, usd(0.5), usd(1)],
      ]);
    });

    it("writes realized losses down the junior class first", async () => {
      const d = await networkHelpers.loadFixture(seniorJuniorFixture);
      // $80 lost: $50 of OC absorbs it first, the junior class takes the remaining $30 — not the senior.
      const month = collateral(POOL, { realizedLoss: usd(80) });
      await run(d, [month]);
      expect(await classBalances(d)).to.deep.equal([usd(800), usd(120)]);
      expect(await d.tokens[1]!.currentFace()).to.equal(usd(120));
      expect(await d.tokens[0]!.currentFace()).to.equal(usd(800));
      expect((await d.waterfall.classState(1)).writtenDown).to.equal(usd(30));
    });

    it("writes a class back up when recoveries arrive, and pays the recovered cash as principal", async () => {
      const d = await networkHelpers.loadFixture(seniorJuniorFixture);
      const loss = collateral(POOL, { realizedLoss: usd(80), interestCollected: usd(10) });
      const recovery = { ...collateral(POOL - usd(80), { interestCollected: usd(10) }), recoveries: usd(20) };
      const { results } = await run(d, [loss, recovery]);
      const r = results[1]!.result;
      expect(r.classes[1]!.writeUp).to.equal(usd(20));
      // The $20 recovered is paid as principal (with the month's excess spread, toward the OC target).
      expect(r.classes[0]!.principalPaid).to.equal(usd(20) + r.pool.interestCollected - r.totals.interestPaid);
      expect(r.classes.map((c) => c.lossAllocated)).to.deep.equal([0n, 0n]);
      expect((await d.waterfall.classState(1)).writtenDown).to.equal(results[0]!.result.classes[1]!.lossAllocated - usd(20));
      await expect(results[1]!.receipt).to.emit(d.waterfall, "LossWrittenUp").withArgs(2, 1, usd(20));
      await expect(results[1]!.receipt).to.emit(d.tokens[1]!, "LossWrittenUp");
    });

    it("switches pro-rata principal to sequential in a period whose delinquency trigger trips", async () => {
      const d = await deployWaterfall(ethers, seniorJunior({ principalMode: "proRataUntilTrigger", triggers: { delinquencyPpm: 100_000 } }));
      const calm = collateral(POOL, { scheduledPrincipal: usd(95), delinquent60Plus: usd(10) });
      const stressed = collateral(POOL - usd(95), { scheduledPrincipal: usd(95), delinquent60Plus: usd(300) });
      const { results } = await run(d, [calm, stressed]);
      expect(results[0]!.result.principalModeApplied).to.equal("proRata");
      expect(results[0]!.result.classes[1]!.principalPaid).to.be.greaterThan(0n);
      expect(results[1]!.result.principalModeApplied).to.equal("sequential");
      expect(results[1]!.result.classes[1]!.principalPaid).to.equal(0n);
      const executed = results[1]!.receipt.logs.map((l) => d.waterfall.interface.parseLog(l)).find((l) => l?.name === "PeriodExecuted");
      expect([executed!.args.sequentialApplied, executed!.args.delinquencyTripped]).to.deep.equal([true, true]);
    });

    it("pays a PAC class to its schedule before the support class", async () => {
      const deal: DealConfig = {
        name: "PAC/support",
        originalPoolBalance: POOL,
        principalMode: "sequential",
        classes: [
          { id: "PAC", kind: "standard", originalBalance: usd(600), couponPpm: 0, schedule: [usd(590), usd(580)] },
          { id: "SUP", kind: "standard", originalBalance: usd(400), couponPpm: 0 },
        ],
      };
      const d = await deployWaterfall(ethers, deal);
      await run(d, [collateral(POOL, { prepayments: usd(50) })]);
      expect(await classBalances(d)).to.deep.equal([usd(590), usd(360)]);
    });

    it("accretes a Z bond's interest onto its face while an earlier class is outstanding", async () => {
      const deal: DealConfig = {
        name: "sequential with Z",
        originalPoolBalance: POOL,
        principalMode: "sequential",
        classes: [
          { id: "A", kind: "standard", originalBalance: usd(600), couponPpm: 60_000 },
          { id: "Z", kind: "accrual", originalBalance: usd(400), couponPpm: 60_000 },
        ],
      };
      const d = await deployWaterfall(ethers, deal);
      const { results } = await run(d, [collateral(POOL, { interestCollected: usd(5), scheduledPrincipal: usd(10) })]);
      // Z accretes $2: its face rises, and A receives $10 + $2 of principal.
      expect(results[0]!.result.classes[1]!.accretion).to.equal(usd(2));
      expect(await d.tokens[1]!.currentFace()).to.equal(usd(402));
      expect(await classBalances(d)).to.deep.equal([usd(588), usd(402)]);
      await expect(results[0]!.receipt).to.emit(d.tokens[1]!, "Accreted");
    });

    it("pays an IO strip interest on the pool and a PO strip all principal", async () => {
      const deal: DealConfig = {
        name: "IO/PO",
        originalPoolBalance: POOL,
        principalMode: "sequential",
        classes: [
          { id: "IO", kind: "interestOnly", couponPpm: 60_000, notionalOf: "pool" },
          { id: "PO", kind: "principalOnly", originalBalance: POOL, couponPpm: 0 },
        ],
      };
      const d = await deployWaterfall(ethers, deal);
      await run(d, [collateral(POOL, { interestCollected: usd(5), prepayments: usd(100) })]);
      expect(await d.tokens[0]!.distributedCash()).to.equal(usd(5));
      expect(await d.tokens[1]!.distributedCash()).to.equal(usd(100));
      expect(await classBalances(d)).to.deep.equal([usd(900), usd(900)]);
    });

    it("tops the reserve up to its target, draws it for interest shortfalls and releases the excess", async () => {
      const deal = seniorJunior({ reserve: { targetPpm: 10_000, floor: usd(5), initialBalance: usd(5) } });
      const d = await deployWaterfall(ethers, deal);
      const waterfallAddress = await d.waterfall.getAddress();
      // Month 1: no interest at all — the reserve pays $5 of the $5.50 due. Month 2: plenty; refilled to $10 (1 % of $1,000)… capped by the floor/target.
      const { results } = await run(d, [collateral(POOL, {}), collateral(POOL, { interestCollected: usd(20) })]);
      expect(results[0]!.result.reserve.draw).to.equal(usd(5));
      expect(results[1]!.result.reserve.deposit).to.equal(usd(10));
      expect((await d.waterfall.dealState()).reserveBalance).to.equal(usd(10));
      const [funded, reserve, fees, residual] = await d.waterfall.cashBook();
      expect(await d.cash.balanceOf(waterfallAddress)).to.equal(funded + reserve + fees + residual);
      // Month 3: the pool halves, the target falls to $5 (the floor) and $5 is released into the pot.
      const { results: later } = await run3(d, results.length, [collateral(POOL, { prepayments: usd(500), interestCollected: usd(10) })]);
      expect(later[0]!.reserve.release).to.equal(usd(5));
    });

    it("exercises the clean-up call under the threshold: every class retired in one step, and no period after it", async () => {
      const d = await deployWaterfall(ethers, seniorJunior({ cleanUpCallPpm: 100_000 }));
      const { results } = await run(d, [collateral(POOL, { prepayments: usd(920) })]);
      const r = results[0]!.result;
      expect(r.cleanUpCallProceeds).to.equal(usd(80));
      expect(await classBalances(d)).to.deep.equal([0n, 0n]);
      expect((await d.waterfall.dealState()).called).to.equal(true);
      await expect(results[0]!.receipt).to.emit(d.waterfall, "CleanUpCallExercised").withArgs(1, usd(80));
      await expect(d.waterfall.connect(d.servicer).fund(2, 1n)).to.be.revertedWithCustomError(d.waterfall, "WaterfallDealCalled").withArgs(2);
    });

    it("lets each payee withdraw exactly the fees and residual it is owed", async () => {
      const deal = seniorJunior({ fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 0, trusteeFixed: usd(0.25) } });
      const d = await deployWaterfall(ethers, deal);
      const { results } = await run(d, [collateral(POOL, { interestCollected: usd(10) })]);
      const r = results[0]!.result;
      const servicer = await d.servicerPayee.getAddress();
      expect(await d.waterfall.owed(servicer)).to.equal(r.fees.servicingDue);
      const before = await d.cash.balanceOf(servicer);
      await d.waterfall.connect(d.servicerPayee).withdraw();
      expect((await d.cash.balanceOf(servicer)) - before).to.equal(r.fees.servicingDue);
      await expect(d.waterfall.connect(d.trusteePayee).withdraw()).to.emit(d.waterfall, "Withdrawn").withArgs(await d.trusteePayee.getAddress(), usd(0.25));
      await d.waterfall.connect(d.residualHolder).withdraw();
      await expect(d.waterfall.connect(d.servicerPayee).withdraw()).to.be.revertedWithCustomError(d.waterfall, "WaterfallNothingToWithdraw");
      await expect(d.waterfall.connect(d.outsider).withdraw()).to.be.revertedWithCustomError(d.waterfall, "WaterfallNothingToWithdraw");
    });
  });

  describe("bad reports and cash move nothing", () => {
    async function submittedFixture() {
      const d = await seniorJuniorFixture();
      const report = servicerReportOf(1, collateral(POOL, { interestCollected: usd(7), scheduledPrincipal: usd(10) }));
      await d.reports.connect(d.servicer).submit(report);
      await markRecordDateWhenDue(d.waterfall, d.outsider);
      return { d, report };
    }

    async function snapshot(d: WaterfallDeployment) {
      return {
        state: await d.waterfall.dealState(),
        cash: await d.cash.balanceOf(await d.waterfall.getAddress()),
        tokens: await Promise.all(d.tokens.map((t) => t.distributionCount())),
      };
    }

    it("refuses an unattested report", async () => {
      const { d, report } = await networkHelpers.loadFixture(submittedFixture);
      await d.waterfall.connect(d.servicer).fund(1, usd(17));
      const before = await snapshot(d);
      await expect(d.waterfall.execute(report))
        .to.be.revertedWithCustomError(d.waterfall, "WaterfallReportNotAttested")
        .withArgs(1, await d.reports.hashReport(report), ethers.ZeroHash);
      expect(await snapshot(d)).to.deep.equal(before);
    });

    it("refuses a report other than the one attested", async () => {
      const { d, report } = await networkHelpers.loadFixture(submittedFixture);
      await d.reports.connect(d.trustee).attest(1, await d.reports.hashReport(report));
      await d.waterfall.connect(d.servicer).fund(1, usd(17));
      const forged = { ...report, interestCollected: report.interestCollected + 1n };
      await expect(d.waterfall.execute(forged)).to.be.revertedWithCustomError(d.waterfall, "WaterfallReportNotAttested");
    });

    it("refuses the wrong period, and cash for the wrong period", async () => {
      const { d, report } = await networkHelpers.loadFixture(submittedFixture);
      await expect(d.waterfall.execute({ ...report, period: 2 })).to.be.revertedWithCustomError(d.waterfall, "WaterfallWrongPeriod").withArgs(2, 1);
      await expect(d.waterfall.connect(d.servicer).fund(2, 1n)).to.be.revertedWithCustomError(d.waterfall, "WaterfallWrongPeriod").withArgs(2, 1);
    });

    it("refuses execution while the cash deposited is short or long of the remittance, and runs once it matches", async () => {
      const { d, report } = await networkHelpers.loadFixture(submittedFixture);
      await d.reports.connect(d.trustee).attest(1, await d.reports.hashReport(report));
      const due = await d.lens.remittanceDue(await d.waterfall.getAddress(), report);
      expect(due).to.equal(usd(17));
      await d.waterfall.connect(d.servicer).fund(1, due - 1n);
      const before = await snapshot(d);
      await expect(d.waterfall.execute(report)).to.be.revertedWithCustomError(d.waterfall, "WaterfallCashShort").withArgs(1, due, due - 1n);
      await d.waterfall.connect(d.servicer).fund(1, 2n);
      await expect(d.waterfall.execute(report)).to.be.revertedWithCustomError(d.waterfall, "WaterfallCashLong").withArgs(1, due, due + 1n);
      expect((await snapshot(d)).tokens).to.deep.equal(before.tokens);
      await expect(d.waterfall.connect(d.servicer).defund(1, 1n)).to.emit(d.waterfall, "Defunded").withArgs(1, d.servicer.address, 1n, due);
      await expect(d.waterfall.execute(report)).to.emit(d.waterfall, "PeriodExecuted");
      // Executes once: the same report again is for a period that has run.
      await expect(d.waterfall.execute(report)).to.be.revertedWithCustomError(d.waterfall, "WaterfallWrongPeriod").withArgs(1, 2);
    });

    it("takes cash only from the servicer role and never more back than was deposited", async () => {
      const { d } = await networkHelpers.loadFixture(submittedFixture);
      await expect(d.waterfall.connect(d.outsider).fund(1, 1n)).to.be.revertedWithCustomError(d.waterfall, "AccessControlUnauthorizedAccount");
      await d.waterfall.connect(d.servicer).fund(1, 5n);
      await expect(d.waterfall.connect(d.servicer).defund(1, 6n)).to.be.revertedWithCustomError(d.waterfall, "WaterfallDefundExceedsFunded").withArgs(1, 6n, 5n);
      await expect(d.waterfall.connect(d.servicer).fund(1, 0n)).to.be.revertedWithCustomError(d.waterfall, "WaterfallZeroAmount");
    });
  });

  describe("the servicer's deposit and the execution in one transaction", () => {
    async function attestedFixture() {
      const d = await seniorJuniorFixture();
      const report = servicerReportOf(1, collateral(POOL, { interestCollected: usd(7), scheduledPrincipal: usd(10) }));
      await d.reports.connect(d.servicer).submit(report);
      await d.reports.connect(d.trustee).attest(1, await d.reports.hashReport(report));
      await markRecordDateWhenDue(d.waterfall, d.outsider);
      return { d, report };
    }

    it("deposits exactly what the remittance lacks beyond the cash already deposited, then pays the period", async () => {
      const { d, report } = await networkHelpers.loadFixture(attestedFixture);
      await d.waterfall.connect(d.servicer).fund(1, usd(5));
      const before = await d.cash.balanceOf(d.servicer.address);
      const tx = d.waterfall.connect(d.servicer).fundAndExecute(report);
      await expect(tx).to.emit(d.waterfall, "Funded").withArgs(1, d.servicer.address, usd(12), usd(17));
      await expect(tx).to.emit(d.waterfall, "PeriodExecuted");
      expect(before - (await d.cash.balanceOf(d.servicer.address))).to.equal(usd(12));
      expect((await d.waterfall.dealState()).funded).to.equal(0n);
      expect(await d.cash.balanceOf(await d.waterfall.getAddress())).to.equal((await d.waterfall.cashBook()).reduce((s, x) => s + x, 0n));
    });

    it("is the servicer's alone, and refuses more cash deposited than the remittance", async () => {
      const { d, report } = await networkHelpers.loadFixture(attestedFixture);
      await expect(d.waterfall.connect(d.outsider).fundAndExecute(report)).to.be.revertedWithCustomError(d.waterfall, "AccessControlUnauthorizedAccount");
      await d.waterfall.connect(d.servicer).fund(1, usd(18));
      await expect(d.waterfall.connect(d.servicer).fundAndExecute(report)).to.be.revertedWithCustomError(d.waterfall, "WaterfallCashLong").withArgs(1, usd(17), usd(18));
      await d.waterfall.connect(d.servicer).defund(1, usd(1));
      await expect(d.waterfall.connect(d.servicer).fundAndExecute(report)).to.emit(d.waterfall, "PeriodExecuted").and.not.to.emit(d.waterfall, "Funded");
    });
  });

  describe("record dates", () => {
    /** The deal cut off at the start of the chain's current month: period 1's record date is next month's end. */
    async function currentMonthFixture() {
      const now = new Date(Number(await networkHelpers.time.latest()) * 1000);
      const cutoffDate = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
      return { d: await deployWaterfall(ethers, seniorJunior(), { cutoffDate }), cutoffDate, month: now.getUTCFullYear() * 12 + now.getUTCMonth() };
    }
    const monthEnd = (month: number) => BigInt(Date.UTC(Math.floor((month + 1) / 12), (month + 1) % 12, 1) / 1000 - 1);

    it("schedules period n's record date at the last second of the n-th month after the cut-off month", async () => {
      const { d, month } = await networkHelpers.loadFixture(currentMonthFixture);
      for (let n = 1; n <= 30; n++) expect(await d.waterfall.recordDateOf(n), `period ${n}`).to.equal(monthEnd(month + n));
      expect((await d.waterfall.dealTerms()).cutoffDate).to.equal(BigInt(Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000));
    });

    it("refuses a mark before the period's month has ended, naming the period, the record date and the block time", async () => {
      const { d, month } = await networkHelpers.loadFixture(currentMonthFixture);
      const recordDate = monthEnd(month + 1);
      await networkHelpers.time.setNextBlockTimestamp(recordDate);
      await expect(d.waterfall.connect(d.outsider).markRecordDate())
        .to.be.revertedWithCustomError(d.waterfall, "WaterfallRecordDateNotReached")
        .withArgs(1, recordDate, recordDate);
      expect(await d.tokens[0]!.recordDatePending()).to.equal(false);
    });

    it("lets anyone mark it from the next second on, once, on every class token, with the scheduled date and the block time", async () => {
      const { d, month } = await networkHelpers.loadFixture(currentMonthFixture);
      const recordDate = monthEnd(month + 1);
      await networkHelpers.time.setNextBlockTimestamp(recordDate + 1n);
      await expect(d.waterfall.connect(d.outsider).markRecordDate()).to.emit(d.waterfall, "RecordDateMarked").withArgs(1, recordDate, recordDate + 1n);
      expect(await d.tokens[0]!.recordDatePending()).to.equal(true);
      expect(await d.tokens[1]!.recordDatePending()).to.equal(true);
      await expect(d.waterfall.connect(d.trustee).markRecordDate()).to.be.revertedWithCustomError(d.waterfall, "WaterfallRecordDateAlreadyMarked").withArgs(1);
    });

    it("refuses to pay a period whose holders of record were not fixed, and pays it once they are", async () => {
      const { d, month } = await networkHelpers.loadFixture(currentMonthFixture);
      const report = servicerReportOf(1, collateral(POOL, { interestCollected: usd(5) }));
      await d.reports.connect(d.servicer).submit(report);
      await d.reports.connect(d.trustee).attest(1, await d.reports.hashReport(report));
      await d.waterfall.connect(d.servicer).fund(1, await d.lens.remittanceDue(await d.waterfall.getAddress(), report));
      await expect(d.waterfall.execute(report)).to.be.revertedWithCustomError(d.waterfall, "WaterfallRecordDateNotMarked").withArgs(1, monthEnd(month + 1));
      await markRecordDateWhenDue(d.waterfall, d.outsider);
      await expect(d.waterfall.execute(report)).to.emit(d.waterfall, "PeriodExecuted");
      expect(await d.tokens[0]!.recordDatePending()).to.equal(false);
      // Period 2's mark waits for the end of the month after.
      await expect(d.waterfall.connect(d.outsider).markRecordDate()).to.be.revertedWithCustomError(d.waterfall, "WaterfallRecordDateNotReached");
      await expect(markRecordDateWhenDue(d.waterfall, d.outsider)).to.emit(d.waterfall, "RecordDateMarked").withArgs(2, monthEnd(month + 2), monthEnd(month + 2) + 1n);
    });
  });

  describe("deployment", () => {
    it("needs the initial reserve deposited before period 1, once", async () => {
      const deal = seniorJunior({ reserve: { targetPpm: 0, floor: 0n, initialBalance: usd(5) } });
      const d = await deployWaterfall(ethers, deal); // the harness opens the reserve
      expect((await d.waterfall.dealState()).reserveBalance).to.equal(usd(5));
      await expect(d.waterfall.connect(d.servicer).openReserve()).to.be.revertedWithCustomError(d.waterfall, "WaterfallReserveAlreadyOpen");
    });

    it("rejects terms the engine cannot run, naming the term and the class", async () => {
      const d = await networkHelpers.loadFixture(seniorJuniorFixture);
      const factory = await ethers.getContractFactory("PaymentWaterfall", { libraries: { WaterfallEngine: d.engine } });
      const payees = { servicer: d.servicer.address, trustee: d.servicer.address, residual: d.servicer.address };
      const deploy = (deal: DealConfig, mutate: (c: ReturnType<typeof waterfallTermsOf>) => void = () => {}) => {
        const config = waterfallTermsOf(deal, d.tokenAddresses, PAST_CUTOFF);
        mutate(config);
        return factory.deploy(d.cash, d.reports, config.terms, config.classes, payees, d.servicer.address);
      };
      const field = (name: string) => ethers.encodeBytes32String(name);
      await expect(deploy(seniorJunior(), (c) => (c.classes[1]!.originalBalance = POOL)))
        .to.be.revertedWithCustomError(factory, "WaterfallInvalidTerms")
        .withArgs(field("classes.exceedPool"), ethers.MaxUint256, POOL + usd(800));
      await expect(deploy(seniorJunior(), (c) => (c.terms.cutoffDate = 0n)))
        .to.be.revertedWithCustomError(factory, "WaterfallInvalidTerms")
        .withArgs(field("cutoffDate"), ethers.MaxUint256, 0);
      await expect(deploy(seniorJunior(), (c) => (c.classes[0]!.couponPpm = 1_000_000)))
        .to.be.revertedWithCustomError(factory, "WaterfallInvalidTerms")
        .withArgs(field("couponPpm"), 0, 1_000_000);
      await expect(deploy(seniorJunior(), (c) => (c.classes[1]!.kind = 1) && (c.terms.principalMode = 1)))
        .to.be.revertedWithCustomError(factory, "WaterfallInvalidTerms")
        .withArgs(field("kind.accrualNeedsSequential"), 1, 1);
      await expect(deploy(seniorJunior(), (c) => (c.classes[0]!.token = ethers.ZeroAddress)))
        .to.be.revertedWithCustomError(factory, "WaterfallInvalidTerms")
        .withArgs(field("token"), 0, 0);
    });

    it("reads each class's terms back as deployed (the class words in immutables) and refuses an index past the classes", async () => {
      // Every field of a class word set to something other than its default: two kinds besides standard, a shared
      // interest rank, a PAC schedule, an interest-only notional over two named classes.
      const deal: DealConfig = {
        name: "every class-word field",
        originalPoolBalance: POOL,
        principalMode: "sequential",
        classes: [
          { id: "PAC", kind: "standard", originalBalance: usd(400), couponPpm: 45_000, interestRank: 1, schedule: [usd(390), usd(380)] },
          { id: "A", kind: "standard", originalBalance: usd(300), couponPpm: 55_000, interestRank: 1 },
          { id: "Z", kind: "accrual", originalBalance: usd(250), couponPpm: 70_000, interestRank: 4 },
          { id: "IO", kind: "interestOnly", couponPpm: 10_000, notionalOf: ["PAC", "Z"], interestRank: 0 },
        ],
      };
      const d = await deployWaterfall(ethers, deal);
      const { classes } = waterfallTermsOf(deal, d.tokenAddresses, PAST_CUTOFF);
      // What was deployed, by hand, so that a slip shared by the encoder and this test cannot cancel out.
      expect(classes.map((c) => [c.kind, c.interestRank, c.notionalMask, c.scheduled])).to.deep.equal([
        [0, 1, 0, true],
        [0, 1, 0, false],
        [1, 2, 0, false],
        [3, 0, 0b101, false],
      ]);
      expect(await d.waterfall.classCount()).to.equal(4n);
      for (const [i, deployed] of classes.entries()) {
        const read = await d.waterfall.classTerms(i);
        expect(
          {
            token: read.token,
            kind: Number(read.kind),
            couponPpm: Number(read.couponPpm),
            interestRank: Number(read.interestRank),
            originalBalance: read.originalBalance,
            notionalMask: Number(read.notionalMask),
            scheduled: read.scheduled,
            schedule: [...read.schedule],
          },
          deal.classes[i]!.id,
        ).to.deep.equal(deployed);
      }
      const field = ethers.encodeBytes32String("classIndex");
      await expect(d.waterfall.classTerms(4)).to.be.revertedWithCustomError(d.waterfall, "WaterfallInvalidTerms").withArgs(field, 4, 4);
      await expect(d.waterfall.classState(4)).to.be.revertedWithCustomError(d.waterfall, "WaterfallInvalidTerms").withArgs(field, 4, 4);
    });
  });
});

/** Continues a deployment from period `done + 1` with `months`, checking each against the model. */
async function run3(d: WaterfallDeployment, done: number, months: CollateralPeriod[]) {
  const results = [];
  let state = await modelStateAfter(d, done);
  for (const [k, month] of months.entries()) {
    const fitted = { ...month, endingPoolBalance: state.poolBalance - month.scheduledPrincipal - month.prepayments - month.liquidationProceeds - month.realizedLoss };
    const report = servicerReportOf(done + k + 1, fitted);
    const outcome = runPeriod(d.deal, state, collateralOfReport(report));
    await runCycle(d, report);
    results.push(outcome.result);
    state = outcome.state;
  }
  return { results };
}

/** The model's state read back from the contract (the two agree; the differential suite proves it). */
async function modelStateAfter(d: WaterfallDeployment, period: number): Promise<DealState> {
  const s = await d.waterfall.dealState();
  const n = Number(await d.waterfall.classCount());
  const classes = await Promise.all(Array.from({ length: n }, (_, i) => d.waterfall.classState(i)));
  return {
    period,
    poolBalance: s.poolBalance,
    reserveBalance: s.reserveBalance,
    cumulativeLoss: s.cumulativeLoss,
    feeShortfall: s.servicingFeeShortfall + s.trusteeFeeShortfall,
    classes: classes.map((c) => ({ balance: c.balance, interestShortfall: c.interestShortfall, writtenDown: c.writtenDown })),
    called: s.called,
  };
}
