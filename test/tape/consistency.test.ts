import { expect } from "chai";
import { loadTape } from "../../src/tape/index.js";
import { ValidationError } from "../../src/errors.js";
import { tmpFile } from "./tmp.js";

const HEADER = "loan_id,original_upb,current_upb,note_rate,original_term,loan_age,first_payment_date,ltv,cltv,interest_only,product";

describe("tape consistency checks", () => {
  it("warns, and keeps the tape's age, when it is one month off the first payment date", async () => {
    const path = tmpFile("age-off-by-one.csv", `${HEADER}\nA,200000,195000,6.5,360,12,2025-01,80,80,N,FRM\n`);
    const { loans, summary } = await loadTape(path, { cutoff: "2026-01" });
    expect(loans[0]?.loanAgeMonths).to.equal(12);
    expect(summary.warningCount).to.equal(1);
    expect(summary.warnings[0]).to.include({ line: 2, field: "loan_age", value: "12" });
    expect(summary.warnings[0]?.reason).to.include("at 2026-01 the loan is 13 month(s) old");
  });

  it("lets an interest-only or adjustable loan carry a balance above its original one", async () => {
    const path = tmpFile("negam.csv", `${HEADER}\nIO,200000,201000,6.5,360,13,2025-01,80,80,Y,FRM\nARM,200000,201000,6.5,360,13,2025-01,80,80,N,ARM\n`);
    const { loans } = await loadTape(path, { cutoff: "2026-01" });
    expect(loans.map((l) => [l.loanId, l.interestOnly, l.product])).to.deep.equal([
      ["IO", true, "FRM"],
      ["ARM", false, "ARM"],
    ]);
  });

  it("reads values with spaces around them as it reads header names with spaces around them", async () => {
    const path = tmpFile("spaces.csv", " loan_id , original_upb ,note_rate, original_term,first_payment_date , ltv\n A1 , 200000.00 , 6.5,360 , 2025-01 , 80.5 \n");
    const { loans } = await loadTape(path, { cutoff: "2026-01" });
    expect(loans[0]).to.deep.include({ loanId: "A1", originalUpbCents: 20_000_000, noteRatePct: 6.5, ltvPct: 80.5 });
  });

  it("reports every contradictory row of a tape at once, each with line, field and reason", async () => {
    const rows = [
      "A,200000,195000,6.5,360,13,2025-01,80,80,N,FRM",
      "B,200000,195000,6.5,360,3,2025-01,80,80,N,FRM",
      "C,200000,205000,6.5,360,13,2025-01,80,80,N,FRM",
      "D,200000,195000,6.5,360,13,2025-01,90,80,N,FRM",
      "E,200000,195000,6.5,360,,2026-04,80,80,N,FRM",
    ];
    const err = await loadTape(tmpFile("contradictions.csv", `${HEADER}\n${rows.join("\n")}\n`), { cutoff: "2026-01" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ValidationError);
    const issues = (err as ValidationError).issues.map((i) => [i.line, i.field]);
    expect(issues).to.deep.equal([
      [3, "loan_age"],
      [4, "current_upb"],
      [5, "ltv"],
      [6, "first_payment_date"],
    ]);
  });
});
