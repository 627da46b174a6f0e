import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { balancePerDollar } from "../../src/analytics/amortization.js";
import {
  absSmm, cprFromSmm, mdrVector, prepaySmm, psaCpr, psaSmm, sdaCdr, smmFromCpr, smmVector, speedFromFactors,
} from "../../src/analytics/speeds.js";
import "../helpers/chai-float.js";

/** Scheduled balance per $1 by walking the schedule (independent of the library's closed form). */
function scheduledBalance(annualRate: number, term: number, age: number): number {
  const r = annualRate / 12;
  const payment = r / (1 - Math.pow(1 + r, -term));
  let b = 1;
  for (let k = 0; k < age; k++) b = b * (1 + r) - payment;
  return b;
}

describe("speeds", () => {
  describe("SMM and CPR", () => {
    // Fabozzi, "Bond Markets, Analysis, and Strategies", pass-through chapter: 6 % CPR → SMM .005143;
    // at 165 PSA, month 5: CPR .0165 → SMM .001386; month 20: CPR .066 → .005674; month 31+: .099 → .008650.
    it("converts the textbook CPRs to their printed SMMs", () => {
      expect(smmFromCpr(0.06).toFixed(6)).to.equal("0.005143");
      expect(psaSmm(165, 5).toFixed(6)).to.equal("0.001386");
      expect(psaSmm(165, 20).toFixed(6)).to.equal("0.005674");
      expect(psaSmm(165, 31).toFixed(6)).to.equal("0.008650");
    });

    it("round-trips SMM → CPR → SMM", () => {
      for (const smm of [0, 1e-6, 0.00514, 0.05, 0.5, 1]) expect(smmFromCpr(cprFromSmm(smm))).to.be.closeToNumber(smm, 1e-14);
    });
  });

  describe("the PSA curve", () => {
    it("ramps 0.2 % CPR a month to 6 % at month 30 and stays flat", () => {
      expect(psaCpr(100, 1)).to.be.closeToNumber(0.002, 1e-15);
      expect(psaCpr(100, 15)).to.be.closeToNumber(0.03, 1e-15);
      expect(psaCpr(100, 30)).to.be.closeToNumber(0.06, 1e-15);
      expect(psaCpr(100, 300)).to.be.closeToNumber(0.06, 1e-15);
      expect(psaCpr(250, 10)).to.be.closeToNumber(2.5 * 0.02, 1e-15);
    });

    it("caps the CPR at 100 % for absurd multiples", () => {
      expect(psaCpr(100_000, 30)).to.equal(1);
    });

    it("uses the loan age original term − WAM + month (SMM .00067 in month 1 of a 357-WAM pool)", () => {
      // Fabozzi's 357-month WAM pool: month 1 is loan age 4, CPR 0.8 %, printed SMM 0.00067.
      expect(prepaySmm({ kind: "psa", psa: 100 }, 1, 3).toFixed(5)).to.equal("0.00067");
      expect(prepaySmm({ kind: "psa", psa: 100 }, 1, 3)).to.equal(smmFromCpr(0.008));
    });

    it("repeats the last value of a vector past its end", () => {
      const v = smmVector({ kind: "vector", unit: "cpr", values: [0.01, 0.02] }, 4, 0);
      expect(Array.from(v)).to.deep.equal([smmFromCpr(0.01), smmFromCpr(0.02), smmFromCpr(0.02), smmFromCpr(0.02)]);
    });
  });

  describe("the SDA curve", () => {
    it("has the standard's knots: .02 % × age to .60 % at 30, flat to 60, down .0095 % a month to .03 % at 120", () => {
      expect(sdaCdr(100, 1)).to.be.closeToNumber(0.0002, 1e-15);
      expect(sdaCdr(100, 30)).to.be.closeToNumber(0.006, 1e-15);
      expect(sdaCdr(100, 45)).to.be.closeToNumber(0.006, 1e-15);
      expect(sdaCdr(100, 60)).to.be.closeToNumber(0.006, 1e-15);
      expect(sdaCdr(100, 61)).to.be.closeToNumber(0.006 - 0.000095, 1e-15);
      expect(sdaCdr(100, 90)).to.be.closeToNumber(0.00315, 1e-15);
      expect(sdaCdr(100, 120)).to.be.closeToNumber(0.0003, 1e-15);
      expect(sdaCdr(100, 240)).to.be.closeToNumber(0.0003, 1e-15);
      expect(sdaCdr(200, 30)).to.be.closeToNumber(0.012, 1e-15);
    });

    it("converts CDR to MDR like CPR to SMM", () => {
      const mdr = mdrVector({ kind: "cdr", cdr: 0.06 }, 1, 0)[0];
      expect(mdr).to.equal(smmFromCpr(0.06));
    });
  });

  describe("ABS", () => {
    // SIFMA Standard Formulas SF-14: 2 % ABS in month 11 is an SMM of 2.5000 %; and the conversion table.
    it("reproduces the standard's ABS example and table", () => {
      expect((100 * absSmm(0.02, 11)).toFixed(4)).to.equal("2.5000");
      const table: [number, string[]][] = [
        [1, ["0.50", "1.00", "1.50", "2.00"]],
        [10, ["0.52", "1.10", "1.73", "2.44"]],
        [20, ["0.55", "1.23", "2.10", "3.23"]],
        [30, ["0.58", "1.41", "2.65", "4.76"]],
        [40, ["0.62", "1.64", "3.61", "9.09"]],
        [50, ["0.66", "1.96", "5.66", "100.00"]],
      ];
      for (const [month, row] of table) {
        expect([0.005, 0.01, 0.015, 0.02].map((abs) => (100 * absSmm(abs, month)).toFixed(2))).to.deep.equal(row);
      }
    });

    it("gives SMM = ABS / (1 − ABS × (month − 1))", () => {
      expect(absSmm(0.015, 1)).to.be.closeToNumber(0.015, 1e-15);
      expect(absSmm(0.015, 11)).to.be.closeToNumber(0.015 / 0.85, 1e-15);
      expect(absSmm(0.1, 11)).to.equal(1);
    });
  });

  describe("speed measured from two factors", () => {
    // SIFMA Standard Formulas SF-7/8: Ginnie Mae I 9.0 % (9.5 % gross) issued with 359 months left;
    // factor 0.85150625 on 6/1/89 and 0.84732282 on 7/1/89 (remaining 344 → 343 months); loans
    // originated 2/88, so the month is PSA month 17. Printed: BAL1 0.99213300, BAL2 0.99157471,
    // Fsched 0.85102709, SMM 0.435270 %, CPR 5.1000 %, 150.00 % PSA.
    it("reproduces the standard's Ginnie Mae example to every printed digit", () => {
      const speed = speedFromFactors({
        factor1: 0.85150625, factor2: 0.84732282, age1: 15, loanAge1: 16, annualRate: 0.095, termMonths: 359,
      });
      expect(balancePerDollar(0.095, 359, 15).toFixed(8)).to.equal("0.99213300");
      expect(balancePerDollar(0.095, 359, 16).toFixed(8)).to.equal("0.99157471");
      expect(speed.scheduledFactor.toFixed(8)).to.equal("0.85102709");
      expect((100 * speed.smm).toFixed(6)).to.equal("0.435270");
      expect((100 * speed.cpr).toFixed(4)).to.equal("5.1000");
      expect(speed.psa.toFixed(2)).to.equal("150.00");
    });

    // A 30-year 8 % pool at age 12 with factor 0.85 reports 0.84 a month later.
    const observation = { factor1: 0.85, factor2: 0.84, age1: 12, annualRate: 0.08, termMonths: 360 };

    it("computes Fsched = F1 × BAL13 / BAL12 and SMM = (Fsched − F2) / Fsched", () => {
      const scheduled = 0.85 * scheduledBalance(0.08, 360, 13) / scheduledBalance(0.08, 360, 12);
      const smm = (scheduled - 0.84) / scheduled;
      const speed = speedFromFactors(observation);
      expect(speed.scheduledFactor).to.be.closeToNumber(scheduled, 1e-13);
      expect(speed.smm).to.be.closeToNumber(smm, 1e-12);
      expect(speed.cpr).to.be.closeToNumber(1 - Math.pow(1 - smm, 12), 1e-12);
    });

    it("finds the PSA whose month-13 CPR equals the measured one (linear on the ramp)", () => {
      const speed = speedFromFactors(observation);
      // At age 13 (on the ramp), 100 % PSA is 6 % × 13/30 CPR, so PSA = 100 × CPR / (0.06 × 13/30).
      expect(speed.psa).to.be.closeToNumber((100 * speed.cpr) / (0.06 * 13 / 30), 1e-6);
    });

    it("recovers the constant PSA that produced a multi-month factor history", () => {
      let factor = 0.9;
      for (let age = 41; age <= 52; age++) {
        const cpr = Math.min(age, 30) / 30 * 0.06 * 2.75;
        factor *= (scheduledBalance(0.065, 360, age) / scheduledBalance(0.065, 360, age - 1)) * Math.pow(1 - cpr, 1 / 12);
      }
      const speed = speedFromFactors({ factor1: 0.9, factor2: factor, age1: 40, age2: 52, annualRate: 0.065, termMonths: 360 });
      expect(speed.psa).to.be.closeToNumber(275, 1e-6);
      // Past month 30 the PSA curve is flat, so the average SMM is 275 % PSA's: 1 − (1 − .165)^(1/12).
      expect(speed.smm).to.be.closeToNumber(1 - Math.pow(1 - 0.165, 1 / 12), 1e-10);
    });

    it("reports zero speed when the factor fell only by scheduled amortization", () => {
      const f2 = 0.85 * scheduledBalance(0.08, 360, 13) / scheduledBalance(0.08, 360, 12);
      const speed = speedFromFactors({ ...observation, factor2: f2 });
      expect(speed.smm).to.be.closeToNumber(0, 1e-12);
      expect(speed.psa).to.be.closeToNumber(0, 1e-6);
    });

    it("rejects a factor that rose, naming the input", () => {
      expect(() => speedFromFactors({ ...observation, factor2: 0.86 })).to.throw(InvalidInputError, /factor2/);
    });

    it("rejects a later age before the earlier one", () => {
      expect(() => speedFromFactors({ ...observation, age2: 12 })).to.throw(InvalidInputError, /age2/);
    });
  });
});
