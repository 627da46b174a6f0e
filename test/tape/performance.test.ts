import { expect } from "chai";
import { readFileSync } from "node:fs";
import { InvalidInputError } from "../../src/errors.js";
import { loadTape } from "../../src/tape/index.js";
import { scheduledBalanceCents } from "../../src/tape/consistency.js";
import { FANNIE_2000Q1 } from "../helpers/realData.js";

const ACQ = FANNIE_2000Q1.acquisition;
const PERF = FANNIE_2000Q1.performance;
const CUTOFF = { year: 2001, month: 6 };

/** The performance file the naive way: each loan's rows up to the cut-off, by (year, month). */
function naiveAtCutoff(): Map<string, { upb: number | undefined; age: number; rem: number; zb: string | undefined }> {
  const byLoan = new Map<string, string[][]>();
  for (const line of readFileSync(PERF, "utf8").split("\n")) {
    if (line === "") continue;
    const f = line.split("|");
    const [mm, , yyyy] = (f[1] ?? "").split("/").map(Number);
    if ((yyyy ?? 0) * 12 + (mm ?? 0) > CUTOFF.year * 12 + CUTOFF.month) continue;
    const id = f[0] ?? "";
    byLoan.set(id, [...(byLoan.get(id) ?? []), f]);
  }
  const out = new Map<string, { upb: number | undefined; age: number; rem: number; zb: string | undefined }>();
  const key = (f: string[]): number => {
    const [mm, , yyyy] = (f[1] ?? "").split("/").map(Number);
    return (yyyy ?? 0) * 12 + (mm ?? 0);
  };
  for (const [id, rows] of byLoan) {
    rows.sort((a, b) => key(a) - key(b));
    const last = rows.at(-1) ?? [];
    const withUpb = rows.filter((r) => r[4] !== "");
    const zb = rows.find((r) => r[12] !== "NULL" && r[12] !== "")?.[12];
    out.set(id, { upb: withUpb.length > 0 ? Number(withUpb.at(-1)?.[4]) : undefined, age: Number(last[5]), rem: Number(last[6]), zb });
  }
  return out;
}

describe("fannie-legacy tape joined with its Performance file", () => {
  it("takes balance, age and remaining term at the cut-off, and excludes loans paid off by then or above their original balance", async () => {
    const expected = naiveAtCutoff();
    const acquisition = new Map(
      readFileSync(ACQ, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split("|"))
        .map((f) => [f[0] ?? "", { upb: Number(f[4]), rate: Number(f[3]), term: Number(f[5]) }] as const),
    );
    const { loans, summary } = await loadTape(ACQ, { performance: PERF, cutoff: "2001-06", excludeInvalid: true });
    const paidOff = [...expected].filter(([, v]) => v.zb !== undefined).map(([id]) => id);
    // A fixed-rate amortizing loan above its original balance is an error (docs/loan-tape-checks.md).
    const aboveOriginal = [...expected]
      .filter(([id, v]) => v.zb === undefined && v.upb !== undefined && v.upb > (acquisition.get(id)?.upb ?? Infinity))
      .map(([id]) => id);
    expect(paidOff.length).to.be.above(0);
    expect(aboveOriginal).to.deep.equal(["100710809124"]); // 9 months delinquent, interest capitalised
    expect(summary.excluded.map((x) => x.loanId).sort()).to.deep.equal([...paidOff, ...aboveOriginal].sort());
    for (const x of summary.excluded) {
      expect(x.issues[0]?.reason).to.include(aboveOriginal.includes(x.loanId ?? "") ? "above the original UPB" : "zero-balance code");
    }
    expect(loans.length + paidOff.length + aboveOriginal.length).to.equal(5000);

    let checked = 0;
    for (const loan of loans) {
      const p = expected.get(loan.loanId);
      const acq = acquisition.get(loan.loanId)!;
      if (p === undefined || p.upb === undefined) {
        // No balance in the Performance file: the scheduled balance at the loan's age is projected.
        expect(loan.currentUpbProjected, loan.loanId).to.equal(true);
        expect(loan.currentUpbCents, loan.loanId).to.equal(scheduledBalanceCents(acq.upb * 100, acq.rate, acq.term, loan.loanAgeMonths));
        if (p === undefined) continue;
      } else {
        expect(loan.currentUpbProjected, loan.loanId).to.equal(false);
        expect(loan.currentUpbCents, loan.loanId).to.equal(Math.round(p.upb * 100));
      }
      checked++;
      expect(loan.loanAgeMonths, loan.loanId).to.equal(p.age);
      expect(loan.remainingTermMonths, loan.loanId).to.equal(p.rem);
    }
    expect(checked).to.be.above(200);
    expect(summary.projectedBalances).to.equal(loans.filter((l) => l.currentUpbProjected).length);
  });

  it("needs a cut-off and an acquisition tape", async () => {
    await loadTape(ACQ, { performance: PERF }).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("cutoff"),
    );
    await loadTape("examples/tapes/generic-sample.csv", { performance: PERF, cutoff: "2001-06" }).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("tape, not generic"),
    );
  });
});
