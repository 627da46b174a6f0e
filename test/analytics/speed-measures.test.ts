import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import {
  absFromFactors, averageSpeed, cprFromSmm, curveCpr, DEFAULT_PPC_CURVE, hepCpr, MHP_CURVE, prepaySmm, smmFromCpr, speedFromFactors,
} from "../../src/analytics/speeds.js";
import type { PoolFactorObservation } from "../../src/analytics/speeds.js";
import "../helpers/chai-float.js";

/** Scheduled balance per $1 by walking the schedule (independent of the library's closed form). */
function scheduledBalance(annualRate: number, term: number, age: number): number {
  const r = annualRate / 12;
  const payment = r / (1 - Math.pow(1 + r, -term));
  let b = 1;
  for (let k = 0; k < age; k++) b = b * (1 + r) - payment;
  return b;
}

/** Factor after walking month by month from age1 to age2 at the given SMM of each loan age. */
function walkFactor(factor: number, rate: number, term: number, age1: number, age2: number, smmAt: (age: number) => number): number {
  let f = factor;
  for (let age = age1 + 1; age <= age2; age++) f *= (scheduledBalance(rate, term, age) / scheduledBalance(rate, term, age - 1)) * (1 - smmAt(age));
  return f;
}

describe("speed measures and curves", () => {
  describe("ABS measured from two factors (SF-13)", () => {
    it("recovers the ABS that produced the factors (independent month-by-month walk, no published figure)", () => {
      // 60-month 9 % auto loans at 1.5 % ABS: SMM of month m = ABS / (1 − ABS (m − 1)).
      const abs = 0.015;
      const f1 = walkFactor(1, 0.09, 60, 0, 10, (m) => abs / (1 - abs * (m - 1)));
      const f2 = walkFactor(f1, 0.09, 60, 10, 16, (m) => abs / (1 - abs * (m - 1)));
      expect(absFromFactors({ factor1: f1, factor2: f2, age1: 10, age2: 16, annualRate: 0.09, termMonths: 60 })).to.be.closeToNumber(abs, 1e-12);
    });

    it("is zero when the factor fell only by amortization", () => {
      const f2 = 0.8 * scheduledBalance(0.07, 48, 13) / scheduledBalance(0.07, 48, 12);
      expect(absFromFactors({ factor1: 0.8, factor2: f2, age1: 12, age2: 13, annualRate: 0.07, termMonths: 48 })).to.be.closeToNumber(0, 1e-12);
    });
  });

  describe("average speed of several pools over a period (SF-11/12)", () => {
    // Three pools of different ages and coupons, each prepaying at its own constant PSA.
    const pools: PoolFactorObservation[] = [
      { pool: "A", originalFace: 50e6, factor1: 0.95, factor2: 0, age1: 10, age2: 13, annualRate: 0.075, termMonths: 360 },
      { pool: "B", originalFace: 20e6, factor1: 0.70, factor2: 0, age1: 40, age2: 43, annualRate: 0.08, termMonths: 360 },
      { pool: "C", originalFace: 80e6, factor1: 0.99, factor2: 0, age1: 2, age2: 5, annualRate: 0.07, termMonths: 360 },
    ];
    const psaOf = [150, 300, 90];
    const psaSmmAt = (psa: number) => (age: number) => smmFromCpr(Math.min(1, (psa / 100) * 0.06 * Math.min(age, 30) / 30));
    pools.forEach((p, i) => { p.factor2 = walkFactor(p.factor1, p.annualRate, p.termMonths, p.age1, p.age2 as number, psaSmmAt(psaOf[i] as number)); });
    const avg = averageSpeed(pools);

    it("takes SMM and CPR from the aggregate actual and scheduled balances", () => {
      let sched = 0;
      let actual = 0;
      for (const p of pools) {
        sched += p.originalFace * p.factor1 * scheduledBalance(p.annualRate, 360, p.age2 as number) / scheduledBalance(p.annualRate, 360, p.age1);
        actual += p.originalFace * p.factor2;
      }
      expect(avg.scheduledBalance).to.be.closeToNumber(sched, 1e-9);
      expect(avg.endBalance).to.be.closeToNumber(actual, 1e-9);
      expect(avg.smm).to.be.closeToNumber(1 - Math.pow(actual / sched, 1 / 3), 1e-12);
      expect(avg.cpr).to.be.closeToNumber(cprFromSmm(avg.smm), 1e-15);
    });

    it("finds by bisection the one PSA that reproduces the aggregate balance (independent walk, no published figure)", () => {
      let projected = 0;
      for (const p of pools) projected += p.originalFace * walkFactor(p.factor1, p.annualRate, 360, p.age1, p.age2 as number, psaSmmAt(avg.psa));
      expect(projected).to.be.closeToNumber(avg.endBalance, 1e-9);
    });

    it("is not the average of the pools' own PSAs", () => {
      const own = pools.map((p) => speedFromFactors(p).psa);
      own.forEach((psa, i) => expect(psa).to.be.closeToNumber(psaOf[i] as number, 1e-6));
      const faceWeighted = own.reduce((s, psa, i) => s + psa * (pools[i] as PoolFactorObservation).originalFace, 0) / 150e6;
      expect(Math.abs(avg.psa - faceWeighted)).to.be.above(1);
    });

    it("refuses pools measured over different periods, naming the pool", () => {
      expect(() => averageSpeed([...pools, { ...(pools[0] as PoolFactorObservation), pool: "D", age2: 12 }])).to.throw(InvalidInputError, /^pool D/);
    });
  });

  describe("HEP, MHP and PPC curves", () => {
    it("ramps x % HEP from x/10 % CPR in month 1 to x % at month 10", () => {
      expect(hepCpr(20, 1)).to.be.closeToNumber(0.02, 1e-15);
      expect(hepCpr(20, 5)).to.be.closeToNumber(0.10, 1e-15);
      expect(hepCpr(20, 10)).to.be.closeToNumber(0.20, 1e-15);
      expect(hepCpr(20, 200)).to.be.closeToNumber(0.20, 1e-15);
    });

    it("ramps 100 % MHP from 3.7 % CPR by 0.1 % a month to 6 % at month 24", () => {
      expect(curveCpr(100, MHP_CURVE, 1)).to.be.closeToNumber(0.037, 1e-15);
      expect(curveCpr(100, MHP_CURVE, 11)).to.be.closeToNumber(0.047, 1e-15);
      expect(curveCpr(100, MHP_CURVE, 24)).to.be.closeToNumber(0.06, 1e-15);
      expect(curveCpr(150, MHP_CURVE, 30)).to.be.closeToNumber(0.09, 1e-15);
    });

    it("uses the prospectus curve given, or 4 % to 20 % CPR over 12 months", () => {
      expect(curveCpr(100, DEFAULT_PPC_CURVE, 12)).to.be.closeToNumber(0.2, 1e-15);
      expect(prepaySmm({ kind: "ppc", ppc: 50, curve: { startCpr: 0.02, peakCpr: 0.3, peakMonth: 15 } }, 15, 0)).to.be.closeToNumber(smmFromCpr(0.15), 1e-15);
    });

    it("counts the curve month from origination, like PSA", () => {
      expect(prepaySmm({ kind: "hep", hep: 20 }, 1, 4)).to.be.closeToNumber(smmFromCpr(0.10), 1e-15);
    });
  });
});
