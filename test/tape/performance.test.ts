import { expect } from "chai";
import { readFileSync } from "node:fs";
import { InvalidInputError } from "../../src/errors.js";
import { loadTape } from "../../src/tape/index.js";
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
  it("takes balance, age and remaining term at the cut-off, and excludes loans paid off by then", async () => {
    const expected = naiveAtCutoff();
    const { loans, summary } = await loadTape(ACQ, { performance: PERF, cutoff: "2001-06", excludeInvalid: true });
    const left = [...expected].filter(([, v]) => v.zb !== undefined).map(([id]) => id);
    expect(left.length).to.be.above(0);
    expect(summary.excluded.map((x) => x.loanId).sort()).to.deep.equal(left.sort());
    expect(summary.excluded[0]?.issues[0]?.reason).to.include("zero-balance code");
    expect(loans.length + left.length).to.equal(5000);

    let checked = 0;
    for (const loan of loans) {
      const p = expected.get(loan.loanId);
      if (p === undefined) {
        expect(loan.currentUpbCents).to.equal(loan.originalUpbCents);
        continue;
      }
      checked++;
      expect(loan.currentUpbCents, loan.loanId).to.equal(p.upb === undefined ? loan.originalUpbCents : Math.round(p.upb * 100));
      expect(loan.loanAgeMonths, loan.loanId).to.equal(p.age);
      expect(loan.remainingTermMonths, loan.loanId).to.equal(p.rem);
    }
    expect(checked).to.be.above(200);
  });

  it("needs a cut-off and an acquisition tape", async () => {
    await loadTape(ACQ, { performance: PERF }).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("cutoff"),
    );
    await loadTape("examples/tapes/generic-sample.csv", { performance: PERF, cutoff: "2001-06" }).then(
      () => expect.fail("no error"),
      (e: unknown) => expect(e).to.be.instanceOf(InvalidInputError).with.property("message").that.includes("not generic"),
    );
  });
});
