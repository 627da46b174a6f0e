import { expect } from "chai";
import { PoolStatsAccumulator } from "../../src/pool/stats.js";
import type { LoanRecord } from "../../src/tape/loan.js";
import { aLoan, randomLoans } from "./fixtures.js";
import "../helpers/chai-float.js";

function statsOf(loans: readonly LoanRecord[]) {
  const acc = new PoolStatsAccumulator();
  for (const loan of loans) acc.add(loan);
  return acc.result();
}

/** Independent Σ w·x / Σ w over loans having the field, w = current UPB. */
function weighted(loans: readonly LoanRecord[], field: (l: LoanRecord) => number | undefined): number {
  const having = loans.filter((l) => field(l) !== undefined);
  const w = having.reduce((s, l) => s + l.currentUpbCents, 0);
  return having.reduce((s, l) => s + l.currentUpbCents * field(l)!, 0) / w;
}

describe("pool/stats", () => {
  it("computes a three-loan pool by hand", () => {
    // Current UPB 100k / 200k / 100k → weights 1/4, 1/2, 1/4.
    const loans = [
      aLoan({ currentUpbCents: 10_000_000, originalUpbCents: 12_000_000, noteRatePct: 7, remainingTermMonths: 300, loanAgeMonths: 60, fico: 700, ltvPct: 80 }),
      aLoan({ currentUpbCents: 20_000_000, originalUpbCents: 20_000_000, noteRatePct: 8, remainingTermMonths: 360, loanAgeMonths: 0, fico: 760, ltvPct: 90 }),
      aLoan({ currentUpbCents: 10_000_000, originalUpbCents: 10_000_000, noteRatePct: 6, remainingTermMonths: 180, loanAgeMonths: 0, fico: undefined, ltvPct: 60, originalTermMonths: 180 }),
    ];
    const s = statsOf(loans);
    expect(s.loanCount).to.equal(3);
    expect(s.originalUpbCents).to.equal(42_000_000);
    expect(s.currentUpbCents).to.equal(40_000_000);
    expect(s.averageCurrentBalanceCents).to.be.closeToNumber(40_000_000 / 3, 1e-6);
    expect(s.factor).to.be.closeToNumber(40 / 42, 1e-15);
    expect(s.wacPct).to.be.closeToNumber(0.25 * 7 + 0.5 * 8 + 0.25 * 6, 1e-12); // 7.25
    expect(s.wamMonths).to.be.closeToNumber(0.25 * 300 + 0.5 * 360 + 0.25 * 180, 1e-12); // 300
    expect(s.walaMonths).to.be.closeToNumber(15, 1e-12);
    expect(s.waOriginalTermMonths).to.be.closeToNumber(0.75 * 360 + 0.25 * 180, 1e-12);
    // FICO missing on the third loan: average over the first two only, weights 1/3 and 2/3.
    expect(s.fico).to.deep.include({ min: 700, max: 760, missing: 1 });
    expect(s.fico.weightedAverage).to.be.closeToNumber(700 / 3 + (2 * 760) / 3, 1e-12);
    expect(s.ltvPct.weightedAverage).to.be.closeToNumber(0.25 * 80 + 0.5 * 90 + 0.25 * 60, 1e-12);
  });

  it("agrees with an independent weighted average on a varied random pool", () => {
    const loans = randomLoans(2_000, 42);
    const s = statsOf(loans);
    expect(s.wacPct).to.be.closeToNumber(weighted(loans, (l) => l.noteRatePct), 1e-9);
    expect(s.wamMonths).to.be.closeToNumber(weighted(loans, (l) => l.remainingTermMonths), 1e-9);
    expect(s.walaMonths).to.be.closeToNumber(weighted(loans, (l) => l.loanAgeMonths), 1e-9);
    expect(s.dtiPct.weightedAverage).to.be.closeToNumber(weighted(loans, (l) => l.dtiPct), 1e-9);
    expect(s.cltvPct.missing).to.equal(loans.filter((l) => l.cltvPct === undefined).length);
    expect(s.fico.min).to.equal(Math.min(...loans.flatMap((l) => (l.fico === undefined ? [] : [l.fico]))));
  });

  it("reports null averages for an empty pool rather than NaN", () => {
    const s = statsOf([]);
    expect(s.wacPct).to.equal(null);
    expect(s.fico).to.deep.equal({ weightedAverage: null, min: null, max: null, missing: 0 });
    expect(s.averageCurrentBalanceCents).to.equal(null);
  });
});
