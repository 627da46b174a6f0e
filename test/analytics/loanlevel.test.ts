import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { loanArraysFromRecords, projectLoans } from "../../src/analytics/loanlevel.js";
import type { LoanArrays } from "../../src/analytics/loanlevel.js";
import { projectPassThrough } from "../../src/analytics/passthrough.js";
import type { LoanRecord } from "../../src/tape/loan.js";
import "../helpers/chai-float.js";

function loan(overrides: Partial<LoanRecord>): LoanRecord {
  return {
    loanId: "100001", line: 2, originalUpbCents: 20_000_000, currentUpbCents: 20_000_000, noteRatePct: 7.5,
    originalTermMonths: 360, loanAgeMonths: 0, remainingTermMonths: 360, firstPaymentDate: "2000-03", product: "FRM",
    ...overrides,
  };
}

function arrays(rows: { balance: number; rate: number; remaining: number; age: number }[]): LoanArrays {
  return {
    balance: Float64Array.from(rows, (r) => r.balance),
    rate: Float64Array.from(rows, (r) => r.rate),
    remainingTerm: Int32Array.from(rows, (r) => r.remaining),
    age: Int32Array.from(rows, (r) => r.age),
  };
}

describe("loan-level projection", () => {
  it("matches the rep-line projection for a tape of identical loans", () => {
    const tape = arrays(Array.from({ length: 50 }, () => ({ balance: 8_000_000, rate: 0.08125, remaining: 357, age: 3 })));
    const flows = projectLoans(tape, { kind: "psa", psa: 165 }, 0.00625);
    const pool = projectPassThrough(
      { balance: 400_000_000, grossWac: 0.08125, passThroughRate: 0.075, originalTerm: 360, wam: 357 },
      { prepay: { kind: "psa", psa: 165 } },
    );
    for (let i = 0; i < 357; i++) {
      expect(flows.scheduledPrincipal[i]).to.be.closeToNumber(pool.scheduledPrincipal[i] as number, 1e-5);
      expect(flows.prepayment[i]).to.be.closeToNumber(pool.prepayment[i] as number, 1e-5);
      expect(flows.netInterest[i]).to.be.closeToNumber(pool.netInterest[i] as number, 1e-5);
    }
  });

  it("sums loans of different rates, terms and ages, each on its own schedule", () => {
    const loans = [
      { balance: 100_000, rate: 0.06, remaining: 360, age: 0 },
      { balance: 250_000, rate: 0.045, remaining: 170, age: 10 },
      { balance: 75_000, rate: 0.09, remaining: 12, age: 348 },
    ];
    const flows = projectLoans(arrays(loans), { kind: "psa", psa: 200 });
    const singles = loans.map((l) => projectPassThrough(
      { balance: l.balance, grossWac: l.rate, passThroughRate: l.rate, originalTerm: l.remaining + l.age, wam: l.remaining },
      { prepay: { kind: "psa", psa: 200 } },
    ));
    expect(flows.months).to.equal(360);
    for (let i = 0; i < 360; i++) {
      const scheduled = singles.reduce((sum, t) => sum + (i < t.months ? t.scheduledPrincipal[i] as number : 0), 0);
      const prepaid = singles.reduce((sum, t) => sum + (i < t.months ? t.prepayment[i] as number : 0), 0);
      expect(flows.scheduledPrincipal[i]).to.be.closeToNumber(scheduled, 1e-6);
      expect(flows.prepayment[i]).to.be.closeToNumber(prepaid, 1e-6);
    }
  });

  it("drives age-dependent speeds (ABS) by each loan's own age", () => {
    const young = { balance: 10_000, rate: 0.07, remaining: 60, age: 0 };
    const seasoned = { balance: 10_000, rate: 0.07, remaining: 60, age: 20 };
    const flows = projectLoans(arrays([young, seasoned]), { kind: "abs", abs: 0.01 });
    const single = (age: number) => projectPassThrough(
      { balance: 10_000, grossWac: 0.07, passThroughRate: 0.07, originalTerm: 60 + age, wam: 60 },
      { prepay: { kind: "abs", abs: 0.01 } },
    );
    const [a, b] = [single(0), single(20)];
    for (let i = 0; i < 60; i++) {
      expect(flows.prepayment[i]).to.be.closeToNumber((a.prepayment[i] as number) + (b.prepayment[i] as number), 1e-8);
    }
    expect(b.smm[0]).to.be.closeToNumber(0.01 / (1 - 0.01 * 20), 1e-15);
  });

  it("pays every loan down to zero, principal summing to the tape balance", () => {
    const tape = arrays([
      { balance: 100_000, rate: 0.06, remaining: 360, age: 0 },
      { balance: 50_000, rate: 0, remaining: 60, age: 120 },
    ]);
    const flows = projectLoans(tape, { kind: "cpr", cpr: 0.1 });
    let principal = 0;
    for (let i = 0; i < flows.months; i++) principal += (flows.scheduledPrincipal[i] as number) + (flows.prepayment[i] as number);
    expect(principal).to.be.closeToNumber(150_000, 1e-6);
    expect(flows.endingBalance[flows.months - 1]).to.be.closeToNumber(0, 1e-6);
  });

  it("takes balances in cents and rates in percent from tape records", () => {
    const tape = loanArraysFromRecords([
      loan({ currentUpbCents: 12_345_678, noteRatePct: 6.875, remainingTermMonths: 300, loanAgeMonths: 60 }),
    ]);
    expect(tape.balance[0]).to.equal(123_456.78);
    expect(tape.rate[0]).to.equal(0.06875);
    expect(tape.remainingTerm[0]).to.equal(300);
    expect(tape.age[0]).to.equal(60);
  });

  it("names the loan and its line when a record is impossible", () => {
    expect(() => loanArraysFromRecords([loan({}), loan({ loanId: "X9", line: 7, noteRatePct: 120 })]))
      .to.throw(InvalidInputError, /^loan X9 \(line 7\) rate: annual rate must be in \[0, 100%\)/);
  });

  it("rejects an empty tape", () => {
    expect(() => loanArraysFromRecords([])).to.throw(InvalidInputError, /^loans: the tape is empty/);
  });
});

describe("loan-level projection with defaults", () => {
  const loans = (rows: [number, number, number, number][]) => ({
    balance: Float64Array.from(rows.map((r) => r[0])),
    rate: Float64Array.from(rows.map((r) => r[1])),
    remainingTerm: Int32Array.from(rows.map((r) => r[2])),
    age: Int32Array.from(rows.map((r) => r[3])),
  });
  const cashFlowA = { rate: { kind: "mdr", mdr: 0.01 }, severity: 0.2, lagMonths: 12, advance: true } as const;

  it("reproduces the Standard Formulas' Cash Flow A from a one-loan tape (SF-23 … SF-30)", () => {
    const flows = projectLoans(loans([[100_000_000, 0.08, 360, 0]]), { kind: "smm", smm: 0.01 }, 0, cashFlowA);
    const rep = projectPassThrough({ balance: 100_000_000, grossWac: 0.08, passThroughRate: 0.08, originalTerm: 360, wam: 360 },
      { prepay: { kind: "smm", smm: 0.01 }, defaults: cashFlowA });
    // Month 13 as printed: new defaults 778,161, in foreclosure 10,453,093, interest lost 76,349,
    // recovery 791,646, loss 200,000, amortized default balance 991,646.
    expect(Math.round(flows.newDefaults[12] as number)).to.equal(778_161);
    expect(Math.round(flows.foreclosureBalance[12] as number)).to.equal(10_453_093);
    expect(Math.round(flows.lostInterest[12] as number)).to.equal(76_349);
    expect(Math.round(flows.recovery[12] as number)).to.equal(791_646);
    expect(Math.round(flows.loss[12] as number)).to.equal(200_000);
    expect(Math.round(flows.liquidation[12] as number)).to.equal(991_646);
    for (const column of ["newDefaults", "foreclosureBalance", "defaultedAmortization", "scheduledPrincipal", "prepayment", "netInterest",
      "lostInterest", "liquidation", "loss", "recovery", "totalPrincipal", "endingBalance"] as const) {
      for (let i = 0; i < 360; i++) expect(flows[column][i], `${column} month ${i + 1}`).to.be.closeToNumber(rep[column][i] as number, 1e-6);
    }
  });

  it("is the sum of each loan's own rep-line projection (different ages, rates, terms; SDA with PSA, no advancing)", () => {
    const tape: [number, number, number, number][] = [[250_000, 0.065, 340, 20], [400_000, 0.0725, 180, 0], [120_000, 0.05, 300, 60]];
    const defaults = { rate: { kind: "sda", sda: 200 }, severity: 0.35, lagMonths: 9, advance: false } as const;
    const flows = projectLoans(loans(tape), { kind: "psa", psa: 175 }, 0.0025, defaults);
    const reps = tape.map(([balance, rate, wam, age]) => projectPassThrough(
      { balance, grossWac: rate, passThroughRate: rate - 0.0025, originalTerm: wam + age, wam },
      { prepay: { kind: "psa", psa: 175 }, defaults },
    ));
    for (const column of ["newDefaults", "foreclosureBalance", "scheduledPrincipal", "prepayment", "netInterest", "grossInterest",
      "lostInterest", "liquidation", "loss", "recovery", "totalPrincipal", "endingBalance"] as const) {
      for (let i = 0; i < flows.months; i++) {
        const sum = reps.reduce((s, t) => s + (i < t.months ? t[column][i] as number : 0), 0);
        expect(flows[column][i], `${column} month ${i + 1}`).to.be.closeToNumber(sum, 1e-6);
      }
    }
  });

  it("accounts for every dollar of the tape", () => {
    const tape: [number, number, number, number][] = [[250_000, 0.065, 340, 20], [400_000, 0.0725, 180, 0]];
    const flows = projectLoans(loans(tape), { kind: "cpr", cpr: 0.08 }, 0, { rate: { kind: "cdr", cdr: 0.03 }, severity: 0.4, lagMonths: 6, advance: true });
    const principal = flows.totalPrincipal.reduce((a, b) => a + b, 0);
    const loss = flows.loss.reduce((a, b) => a + b, 0);
    expect(principal + loss).to.be.closeToNumber(650_000, 1e-6);
  });
});
