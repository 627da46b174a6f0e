import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { columnSum, projectPassThrough } from "../../src/analytics/passthrough.js";
import type { DefaultAssumption } from "../../src/analytics/defaults.js";
import { smmFromCpr } from "../../src/analytics/speeds.js";
import { fabozziPassThrough, twoYearPool } from "./fixtures/pools.js";
import "../helpers/chai-float.js";

/** Scheduled balance per $1 after `age` payments, walked payment by payment. */
function scheduled(annualRate: number, term: number, age: number): number {
  const r = annualRate / 12;
  const payment = r / (1 - Math.pow(1 + r, -term));
  let b = 1;
  for (let k = 0; k < age; k++) b = b * (1 + r) - payment;
  return b;
}

describe("cash flows with defaults (standard default assumption)", () => {
  // $1,000,000 of 12 % two-year loans, 1 % of the performing balance defaulting each month, no
  // voluntary prepayments, 40 % severity, 12-month recovery lag. With no prepayments the performing
  // balance after m months is B × 0.99^m × BAL(m), so month m's defaults are 0.01 × B × 0.99^(m−1) × BAL(m−1).
  const B = 1_000_000;
  const mdr = 0.01;
  const noAdvance: DefaultAssumption = { rate: { kind: "mdr", mdr }, severity: 0.4, lagMonths: 12, advance: false };
  const defaultsIn = (m: number) => mdr * B * Math.pow(1 - mdr, m - 1) * scheduled(0.12, 24, m - 1);

  describe("with a 12-month recovery lag, P&I not advanced", () => {
    const table = projectPassThrough(twoYearPool, { prepay: { kind: "smm", smm: 0 }, defaults: noAdvance });

    it("defaults MDR × the performing balance in each of the first 12 months and none in the last 12", () => {
      for (let m = 1; m <= 24; m++) {
        expect(table.newDefaults[m - 1]).to.be.closeToNumber(m <= 12 ? defaultsIn(m) : 0, 1e-8);
      }
    });

    it("liquidates each month's defaults 12 months later: loss 40 %, recovery 60 %", () => {
      for (let m = 1; m <= 12; m++) {
        expect(table.liquidation[m - 1]).to.equal(0);
        expect(table.liquidation[m + 11]).to.be.closeToNumber(defaultsIn(m), 1e-8);
        expect(table.loss[m + 11]).to.be.closeToNumber(0.4 * defaultsIn(m), 1e-8);
        expect(table.recovery[m + 11]).to.be.closeToNumber(0.6 * defaultsIn(m), 1e-8);
      }
    });

    it("holds defaulted loans in foreclosure until liquidation, losing their net interest", () => {
      for (let m = 1; m <= 24; m++) {
        // In foreclosure at the end of month m: cohorts m − 11 … m. Interest lost in month m (SF-18):
        // (new defaults + last month's foreclosures) × net rate, i.e. cohorts m − 12 … m.
        let inForeclosure = 0;
        for (let k = Math.max(1, m - 11); k <= Math.min(m, 12); k++) inForeclosure += defaultsIn(k);
        let lostBase = 0;
        for (let k = Math.max(1, m - 12); k <= Math.min(m, 12); k++) lostBase += defaultsIn(k);
        expect(table.foreclosureBalance[m - 1]).to.be.closeToNumber(inForeclosure, 1e-8);
        expect(table.lostInterest[m - 1]).to.be.closeToNumber(lostBase * 0.11 / 12, 1e-8);
      }
    });

    it("pays interest and scheduled principal only on the performing balance", () => {
      for (let m = 1; m <= 24; m++) {
        const performingAfterDefaults = B * Math.pow(1 - mdr, Math.min(m, 12)) * scheduled(0.12, 24, m - 1);
        expect(table.netInterest[m - 1]).to.be.closeToNumber(performingAfterDefaults * 0.11 / 12, 1e-8);
        const fraction = 1 - scheduled(0.12, 24, m) / scheduled(0.12, 24, m - 1);
        expect(table.scheduledPrincipal[m - 1]).to.be.closeToNumber(performingAfterDefaults * fraction, 1e-7);
      }
    });

    it("accounts for every dollar: principal + losses = the original balance", () => {
      expect(columnSum(table, "totalPrincipal") + columnSum(table, "loss")).to.be.closeToNumber(B, 1e-6);
      expect(table.endingBalance[23]).to.be.closeToNumber(0, 1e-6);
    });
  });

  describe("with P&I advanced", () => {
    const advance: DefaultAssumption = { ...noAdvance, advance: true };
    const table = projectPassThrough(twoYearPool, { prepay: { kind: "smm", smm: 0 }, defaults: advance });

    it("amortizes defaulted loans on schedule and liquidates the amortized balance", () => {
      for (let m = 1; m <= 12; m++) {
        // Advanced through months m … m + 11, so the cohort has made 12 more scheduled payments.
        const remaining = defaultsIn(m) * scheduled(0.12, 24, m + 11) / scheduled(0.12, 24, m - 1);
        expect(table.liquidation[m + 11]).to.be.closeToNumber(remaining, 1e-8);
        expect(table.loss[m + 11]).to.be.closeToNumber(Math.min(0.4 * defaultsIn(m), remaining), 1e-8);
      }
    });

    it("caps the loss at the balance left to liquidate", () => {
      // Month 12's cohort has amortized to under 40 % of its defaulted balance by month 24.
      const remaining = defaultsIn(12) * scheduled(0.12, 24, 23) / scheduled(0.12, 24, 11);
      expect(remaining).to.be.below(0.4 * defaultsIn(12));
      expect(table.loss[23]).to.be.closeToNumber(remaining, 1e-8);
      expect(table.recovery[23]).to.be.closeToNumber(0, 1e-8);
    });

    it("passes through interest on last month's whole balance, the servicer advancing the lost interest", () => {
      for (let m = 1; m <= 24; m++) {
        const lost = ((table.newDefaults[m - 1] as number) + (m > 1 ? table.foreclosureBalance[m - 2] as number : 0)) * 0.11 / 12;
        expect(table.lostInterest[m - 1]).to.be.closeToNumber(lost, 1e-8);
        expect(table.advancedInterest[m - 1]).to.equal(table.lostInterest[m - 1]);
        expect(table.netInterest[m - 1]).to.be.closeToNumber((table.beginningBalance[m - 1] as number) * 0.11 / 12, 1e-8);
        expect(table.actualInterest[m - 1]).to.be.closeToNumber((table.netInterest[m - 1] as number) - lost, 1e-8);
      }
    });

    it("still accounts for every dollar", () => {
      expect(columnSum(table, "totalPrincipal") + columnSum(table, "loss")).to.be.closeToNumber(B, 1e-6);
    });
  });

  describe("with SDA defaults and PSA prepayments together", () => {
    const table = projectPassThrough(fabozziPassThrough, {
      prepay: { kind: "psa", psa: 150 },
      defaults: { rate: { kind: "sda", sda: 200 }, severity: 0.35, lagMonths: 12, advance: true },
    });

    it("uses the loan age for the SDA curve (month 1 of a 357-WAM pool is age 4)", () => {
      expect(table.mdr[0]).to.equal(smmFromCpr(2 * 0.0002 * 4));
    });

    it("prepays SMM × last month's performing balance after scheduled amortization (SF-19 b)", () => {
      const r = 0.08125 / 12;
      for (const i of [0, 40, 200]) {
        const remaining = 357 - i;
        const amortizedShare = 1 - r / (Math.pow(1 + r, remaining) - 1);
        expect(table.prepayment[i]).to.be.closeToNumber(
          (table.smm[i] as number) * (table.performingBalance[i] as number) * amortizedShare, 1e-6);
      }
    });

    it("generates no defaults in the last 12 months", () => {
      for (let i = 357 - 12; i < 357; i++) expect(table.newDefaults[i]).to.equal(0);
      expect(table.newDefaults[357 - 13]).to.be.above(0);
    });

    it("accounts for every dollar", () => {
      expect(columnSum(table, "totalPrincipal") + columnSum(table, "loss")).to.be.closeToNumber(400_000_000, 1e-4);
    });
  });

  describe("the Standard Formulas' cumulative default matrix (8 % WAC, 30-year, SF-22 …)", () => {
    // Cumulative defaults, % of original balance, for %PSA (rows) × %SDA 50 … 300 (columns).
    const published: [number, string[]][] = [
      [100, ["1.56", "3.09", "4.59", "6.08", "7.53", "8.97"]],
      [150, ["1.40", "2.78", "4.13", "5.47", "6.79", "8.08"]],
      [200, ["1.26", "2.51", "3.74", "4.95", "6.14", "7.32"]],
      [300, ["1.05", "2.08", "3.10", "4.11", "5.10", "6.08"]],
    ];
    for (const [psa, row] of published) {
      it(`reproduces the ${psa} % PSA row`, () => {
        const computed = [50, 100, 150, 200, 250, 300].map((sda) => {
          const table = projectPassThrough(
            { balance: 100_000_000, grossWac: 0.08, passThroughRate: 0.08, originalTerm: 360, wam: 360 },
            { prepay: { kind: "psa", psa }, defaults: { rate: { kind: "sda", sda }, severity: 0.2, lagMonths: 12, advance: true } },
          );
          return (columnSum(table, "newDefaults") / 1_000_000).toFixed(2);
        });
        expect(computed).to.deep.equal(row);
      });
    }
  });

  it("liquidates in the month of default when the lag is zero", () => {
    const table = projectPassThrough(twoYearPool, {
      prepay: { kind: "smm", smm: 0 },
      defaults: { rate: { kind: "mdr", mdr: 0.02 }, severity: 0.5, lagMonths: 0, advance: false },
    });
    expect(table.liquidation[0]).to.be.closeToNumber(0.02 * B, 1e-9);
    expect(table.loss[0]).to.be.closeToNumber(0.01 * B, 1e-9);
    expect(table.foreclosureBalance[0]).to.equal(0);
    // The month's new defaults pay no interest even when liquidated at once (SF-18 LOST INT).
    expect(table.lostInterest[0]).to.be.closeToNumber(0.02 * B * 0.11 / 12, 1e-9);
  });

  it("rejects a severity above 100 %", () => {
    expect(() => projectPassThrough(twoYearPool, {
      prepay: { kind: "smm", smm: 0 }, defaults: { ...noAdvance, severity: 1.2 },
    })).to.throw(InvalidInputError, /^severity/);
  });

  it("rejects a fractional lag", () => {
    expect(() => projectPassThrough(twoYearPool, {
      prepay: { kind: "smm", smm: 0 }, defaults: { ...noAdvance, lagMonths: 2.5 },
    })).to.throw(InvalidInputError, /^lag/);
  });
});
