import { expect } from "chai";
import { StratAccumulator, STRAT_DIMENSIONS, MISSING_KEY } from "../../src/pool/stratify.js";
import type { LoanRecord } from "../../src/tape/loan.js";
import { aLoan, randomLoans } from "./fixtures.js";
import "../helpers/chai-float.js";

function stratsOf(loans: readonly LoanRecord[]) {
  const acc = new StratAccumulator();
  for (const loan of loans) acc.add(loan);
  return acc.result();
}

describe("pool/stratify", () => {
  const loans = randomLoans(3_000, 11);
  const strats = stratsOf(loans);
  const total = loans.reduce((s, l) => s + l.currentUpbCents, 0);

  it("builds one table per dimension", () => {
    expect(strats.map((t) => t.dimension)).to.deep.equal([...STRAT_DIMENSIONS]);
  });

  for (const dimension of STRAT_DIMENSIONS) {
    it(`the ${dimension} table sums to the pool's count, UPB and 100 %`, () => {
      const t = strats.find((x) => x.dimension === dimension)!;
      expect(t.rows.reduce((s, r) => s + r.count, 0)).to.equal(loans.length);
      expect(t.rows.reduce((s, r) => s + r.currentUpbCents, 0)).to.equal(total);
      expect(t.rows.reduce((s, r) => s + r.originalUpbCents, 0)).to.equal(loans.reduce((s, l) => s + l.originalUpbCents, 0));
      expect(t.rows.reduce((s, r) => s + r.pctCurrentUpb!, 0)).to.be.closeToNumber(100, 1e-9);
    });
  }

  it("computes a state row's WAC, WA FICO and WA LTV independently of the pool", () => {
    const ca = loans.filter((l) => l.state === "CA");
    const row = strats.find((t) => t.dimension === "state")!.rows.find((r) => r.key === "CA")!;
    const w = ca.reduce((s, l) => s + l.currentUpbCents, 0);
    expect(row.count).to.equal(ca.length);
    expect(row.wacPct).to.be.closeToNumber(ca.reduce((s, l) => s + l.noteRatePct * l.currentUpbCents, 0) / w, 1e-9);
    const withFico = ca.filter((l) => l.fico !== undefined);
    const wf = withFico.reduce((s, l) => s + l.currentUpbCents, 0);
    expect(row.waFico).to.be.closeToNumber(withFico.reduce((s, l) => s + l.fico! * l.currentUpbCents, 0) / wf, 1e-9);
  });

  it("lists states largest first and keeps a (missing) row", () => {
    const rows = strats.find((t) => t.dimension === "state")!.rows.filter((r) => r.key !== MISSING_KEY);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.currentUpbCents).to.be.at.least(rows[i]!.currentUpbCents);
    expect(strats.find((t) => t.dimension === "state")!.rows.some((r) => r.key === MISSING_KEY)).to.equal(true);
  });

  it("puts bucket edges where the labels say", () => {
    const s = stratsOf([
      aLoan({ fico: 619, ltvPct: 80, noteRatePct: 7.5, originalUpbCents: 8_500_000 }),
      aLoan({ fico: 620, ltvPct: 81, noteRatePct: 7.499, originalUpbCents: 8_500_001 }),
    ]);
    const keys = (d: string) => s.find((t) => t.dimension === d)!.rows.map((r) => r.key);
    expect(keys("fico")).to.deep.equal(["(-∞, 620)", "[620, 660)"]);
    expect(keys("ltv")).to.deep.equal(["(75, 80]", "(80, 85]"]);
    expect(keys("noteRate")).to.deep.equal(["[7.000, 7.500)", "[7.500, 8.000)"]);
    expect(keys("originalBalance")).to.deep.equal(["[0, $85,000]", "($85,000, $110,000]"]);
    expect(keys("vintage")).to.deep.equal(["2000"]);
  });

  it("honours custom bucket options", () => {
    const acc = new StratAccumulator({ noteRateBucketPct: 0.25, ficoEdges: [700] });
    acc.add(aLoan({ noteRatePct: 7.3, fico: 710 }));
    const [, rate, fico] = acc.result();
    expect(rate!.rows[0]!.key).to.equal("[7.250, 7.500)");
    expect(fico!.rows[0]!.key).to.equal("[700, ∞)");
  });
});
