import { expect } from "chai";
import { loadTape } from "../../src/tape/index.js";
import { tmpFile } from "./tmp.js";

/** A 110-field current-layout row; keys are the 1-based field numbers of loan-formats.md §3b. */
function row(fields: Record<number, string>): string {
  const f = new Array<string>(110).fill("");
  for (const [k, v] of Object.entries(fields)) f[Number(k) - 1] = v;
  return f.join("|");
}

const LOAN_A = {
  2: "100000000101", 4: "C", 5: "Rocket Mortgage, LLC", 6: "Lakeview Loan Servicing", 8: "6.750", 9: "6.750",
  10: "350000.00", 11: "350000.00", 13: "360", 14: "042025", 15: "062025", 20: "95", 21: "95", 22: "1",
  23: "45", 24: "702", 26: "Y", 27: "P", 28: "PU", 29: "1", 30: "P", 31: "TX", 33: "787", 34: "30", 35: "FRM",
};
const LOAN_B = {
  2: "100000000202", 4: "R", 5: "Other", 6: "Other", 8: "5.990", 9: "5.990", 10: "120000.00", 13: "180",
  14: "112025", 15: "012026", 20: "60", 22: "2", 23: "49.5", 24: "811", 25: "799", 26: "N", 27: "R", 28: "SF",
  29: "1", 30: "S", 31: "ME", 33: "040", 35: "FRM",
};

describe("fannie (current single-file layout) reader", () => {
  it("takes each loan's first reporting month as the tape, whatever the row order within the loan", async () => {
    const lines = [
      row({ ...LOAN_A, 3: "092025", 12: "348400.12", 16: "4", 17: "356" }),
      row({ ...LOAN_A, 3: "082025", 12: "348812.50", 16: "3", 17: "357" }),
      row({ ...LOAN_A, 3: "102025", 12: "347985.01", 16: "5", 17: "355" }),
      // Loan B's balance is masked and its age blank in its first month.
      row({ ...LOAN_B, 3: "012026" }),
      row({ ...LOAN_B, 3: "022026", 12: "119001.00", 16: "1", 17: "179" }),
    ];
    const { loans, summary } = await loadTape(tmpFile("current.txt", `${lines.join("\n")}\n`));
    expect(summary.format).to.equal("fannie");
    expect(loans).to.have.length(2);
    expect(loans[0]).to.deep.include({
      loanId: "100000000101",
      line: 2,
      originalUpbCents: 35_000_000,
      currentUpbCents: 34_881_250,
      noteRatePct: 6.75,
      loanAgeMonths: 3,
      remainingTermMonths: 357,
      firstPaymentDate: "2025-06",
      originationDate: "2025-04",
      ltvPct: 95,
      miPct: 30,
      fico: 702,
      dtiPct: 45,
      firstTimeBuyer: true,
      purpose: "purchase",
      propertyType: "pud",
      occupancy: "primary",
      channel: "correspondent",
      state: "TX",
      zip3: "787",
      seller: "Rocket Mortgage, LLC",
      servicer: "Lakeview Loan Servicing",
    });
    expect(loans[1]).to.deep.include({
      loanId: "100000000202",
      line: 4,
      currentUpbCents: 12_000_000,
      // January 2026 is the month of the first payment: age 1 by the agencies' count.
      loanAgeMonths: 1,
      remainingTermMonths: 179,
      dtiPct: 49.5,
      coBorrowerFico: 799,
      cltvPct: undefined,
      occupancy: "second",
      purpose: "rate-term-refi",
      zip3: "040",
    });
  });
});
