import "../helpers/chai-float.js";
import { expect } from "chai";
import { initialState } from "../../src/analytics/deal/waterfall.js";
import type { DealConfig } from "../../src/analytics/deal/types.js";
import { parseCutoff } from "../../src/tape/fields.js";
import { generateLoans } from "../../src/tape/generate.js";
import { PoolSimulator, writeRemittanceFile } from "../../src/remittance/generate.js";
import { processRemittance } from "../../src/remittance/period.js";
import { previewPeriod, collateralOf } from "../../src/remittance/preview.js";
import { openBalance, stateFromTape } from "../../src/remittance/state.js";
import { renderStatement, statementToCsv, statementToJson } from "../../src/remittance/statement.js";
import { remittanceOf } from "../../src/remittance/report.js";
import { tempDir } from "./helpers.js";
import { join } from "node:path";

/** Senior / mezzanine / junior on the pool's balance in units, with fees, triggers and a reserve. */
function seniorMezzJunior(poolUnits: bigint): DealConfig {
  const a = (poolUnits * 80n) / 100n;
  const m = (poolUnits * 12n) / 100n;
  const j = poolUnits - a - m;
  return {
    name: "MBSC 2026-1",
    originalPoolBalance: poolUnits,
    principalMode: "proRataUntilTrigger",
    classes: [
      { id: "A", kind: "standard", originalBalance: a, couponPpm: 50_000 },
      { id: "M", kind: "standard", originalBalance: m, couponPpm: 60_000 },
      { id: "J", kind: "standard", originalBalance: j, couponPpm: 70_000 },
    ],
    fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 500_000_000n },
    triggers: { delinquencyPpm: 40_000, cumulativeLossPpm: 10_000 },
    reserve: { targetPpm: 5_000, floor: 0n, initialBalance: 0n },
  };
}

describe("period preview and trustee statement", () => {
  it("runs the deal model on each month's report and prints a statement that conserves cash", async function () {
    this.timeout(60_000);
    const tape = stateFromTape(generateLoans({ format: "generic", loans: 200, seed: 3, cutoff: "2026-01" }), parseCutoff("2026-01"));
    const deal = seniorMezzJunior(BigInt(openBalance(tape).upbCents) * 10_000n);
    const sim = new PoolSimulator(tape, { seed: 8, cpr: 0.15, missRate: 0.06, cureRate: 0.3, curtailmentRate: 0.05 });
    const dir = tempDir();
    let pool = tape;
    let dealState = initialState(deal);
    let speeds = { smm: [] as number[], mdr: [] as number[] };
    let tripped = false;
    for (let month = 1; month <= 10; month++) {
      const file = join(dir, `m${month}.csv`);
      await writeRemittanceFile(file, "generic", sim.nextMonth());
      const p = await processRemittance(file, pool, { fees: deal.fees! });
      const preview = previewPeriod(deal, dealState, p.report, speeds);
      const s = preview.statement;
      // Cash in = fees + interest + principal + reserve movement + residual.
      const out = s.pool.servicingFeePaid + s.pool.trusteeFeePaid + s.total.interest + s.total.principal + preview.result.reserve.movement + s.residual;
      expect(out, `month ${month}`).to.equal(s.pool.collections);
      expect(s.pool.collections).to.equal(remittanceOf(p.report));
      // The report's fees are the ones the waterfall charges.
      expect(preview.result.fees.servicingDue).to.equal(p.report.servicingFee);
      expect(preview.result.fees.trusteeDue).to.equal(p.report.trusteeFee);
      // Class lines are the waterfall's own.
      s.classes.forEach((c, i) => {
        const r = preview.result.classes[i]!;
        expect([c.interest, c.principal, c.losses, c.ending]).to.deep.equal([r.interestPaid, r.principalPaid, r.lossAllocated, r.endingBalance]);
      });
      expect(s.total.ending).to.equal(s.classes.reduce((x, c) => x + c.ending, 0n));
      tripped ||= s.triggers.some((t) => t.tripped);
      pool = p.reconciliation.next;
      dealState = preview.state;
      speeds = preview.speeds;
    }
    expect(tripped, "the delinquency trigger trips in a pool with 6 % monthly misses").to.equal(true);
  });

  it("states speeds the SIFMA way and amounts per 1,000 of original face", () => {
    const deal = seniorMezzJunior(1_000_000_000_000n);
    const report = {
      period: 1, reportingMonth: "2026-02", beginningLoanCount: 10, beginningPoolBalance: 1_000_000_000_000n,
      interestCollected: 6_000_000_000n, servicingFee: 0n, trusteeFee: 0n, scheduledPrincipal: 1_000_000_000n,
      curtailments: 0n, payoffs: 9_990_000_000n, payoffCount: 1, liquidationProceeds: 0n, liquidationCount: 0,
      realizedLoss: 0n, recoveries: 0n,
      delinquent30: { count: 1, balance: 100_000_000_000n }, delinquent60: { count: 0, balance: 0n },
      delinquent90Plus: { count: 0, balance: 0n }, foreclosure: { count: 0, balance: 0n }, reo: { count: 0, balance: 0n },
      endingLoanCount: 9, endingPoolBalance: 989_010_000_000n, loanRoot: "0x00" as const, fileHash: "0x00" as const,
      reconciliationWarnings: (2n << 144n) | 1n, // 2 × delinquency-jump, 1 × unknown-loan
    };
    expect(collateralOf(report).prepayments).to.equal(9_990_000_000n);
    const { statement: s } = previewPeriod(deal, initialState(deal), report);
    // SMM = 9,990 / (1,000,000 − 1,000) = 1 %, CPR = 1 − 0.99^12.
    expect(s.pool.cpr1m).to.be.closeToNumber(1 - 0.99 ** 12, 1e-12);
    expect(s.pool.cprLife).to.be.closeToNumber(s.pool.cpr1m, 1e-12);
    const json = statementToJson(s) as { classes: { id: string; per1000: Record<string, string>; factor: string }[] };
    const a = json.classes[0]!;
    // Class A ($800,000) is paid pro rata 80 % of 10,990 principal: 8,792 → 10.99 per 1,000.
    expect(a.per1000.principal).to.equal("10.99000000");
    expect(a.per1000.beginning).to.equal("1000.00000000");
    expect(a.factor).to.equal("0.98901000");
    const csv = statementToCsv(s);
    expect(csv.split("\n")[0]).to.equal("period,month,section,name,field,amount_usd,per_1000");
    expect(csv).to.include("1,2026-02,class,A,principal,\"8,792.00\",10.99000000");
    const text = renderStatement(s);
    expect(text).to.include("MBSC 2026-1 — distribution statement, period 1 (2026-02)");
    expect(text).to.include("per 1,000 of original face");
    expect(text).to.include("trigger 60+ delinquency");
  });

  it("shows the period's attested reconciliation warnings in every rendering", () => {
    const deal = seniorMezzJunior(1_000_000_000_000n);
    const bucket = { count: 0, balance: 0n };
    const report = {
      period: 1, reportingMonth: "2026-02", beginningLoanCount: 10, beginningPoolBalance: 1_000_000_000_000n,
      interestCollected: 6_000_000_000n, servicingFee: 0n, trusteeFee: 0n, scheduledPrincipal: 1_000_000_000n,
      curtailments: 0n, payoffs: 0n, payoffCount: 0, liquidationProceeds: 0n, liquidationCount: 0, realizedLoss: 0n, recoveries: 0n,
      delinquent30: bucket, delinquent60: bucket, delinquent90Plus: bucket, foreclosure: bucket, reo: bucket,
      endingLoanCount: 10, endingPoolBalance: 999_000_000_000n, loanRoot: "0x00" as const, fileHash: "0x00" as const,
      reconciliationWarnings: (3n << 144n) | (1n << 128n), // 3 × delinquency-jump, 1 × principal-vs-schedule
    };
    const { statement: s } = previewPeriod(deal, initialState(deal), report);
    expect(s.reconciliationWarnings).to.deep.equal([{ code: "principal-vs-schedule", count: 1 }, { code: "delinquency-jump", count: 3 }]);
    expect(renderStatement(s)).to.include("reconciliation warnings: principal-vs-schedule ×1, delinquency-jump ×3");
    expect(statementToCsv(s)).to.include("1,2026-02,reconciliation,delinquency-jump,warnings,3");
    expect((statementToJson(s) as { reconciliationWarnings: unknown }).reconciliationWarnings).to.deep.equal(s.reconciliationWarnings);
    const clean = previewPeriod(deal, initialState(deal), { ...report, reconciliationWarnings: 0n }).statement;
    expect(renderStatement(clean)).to.include("reconciliation warnings: none");
  });
});
