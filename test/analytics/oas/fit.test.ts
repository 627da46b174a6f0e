import { readFileSync } from "node:fs";
import { expect } from "chai";
import { ValidationError } from "../../../src/errors.js";
import { fitPrepayModel, logLikelihood, speedsByYear } from "../../../src/analytics/oas/fit.js";
import { parsePerformanceRows, payoffHistory } from "../../../src/analytics/oas/history.js";
import type { PayoffHistory } from "../../../src/analytics/oas/history.js";
import { marketRateAt, PMMS_30Y_ANNUAL_AVERAGE } from "../../../src/analytics/oas/marketrates.js";
import { modelSmm } from "../../../src/analytics/oas/prepaymodel.js";
import type { PrepayModelParams } from "../../../src/analytics/oas/prepaymodel.js";
import { FANNIE_2000Q1 } from "../../helpers/realData.js";
import "../../helpers/chai-float.js";

const FANNIE = FANNIE_2000Q1.performance;
const SIX_CPR_SMM = 1 - Math.pow(0.94, 1 / 12);

/** A performance row with only the fields the history reads filled in. */
function row(loanId: string, date: string, rate: string, age: string, zeroBalance = "NULL"): string {
  const f = Array.from({ length: 31 }, () => "");
  [f[0], f[1], f[3], f[5], f[12]] = [loanId, date, rate, age, zeroBalance];
  return f.join("|");
}

/** Synthetic loan-months drawn from a known model with a fixed-seed generator. */
function synthetic(truth: PrepayModelParams, loans: number): PayoffHistory {
  let state = 12345;
  const uniform = () => ((state = (state * 48_271) % 2_147_483_647) / 2_147_483_647);
  const incentive: number[] = [];
  const age: number[] = [];
  const exposure: number[] = [];
  const payoff: number[] = [];
  for (let l = 0; l < loans; l++) {
    const note = 5 + 4 * uniform();
    let burn = 0;
    for (let m = 1; m <= 120; m++) {
      const market = 6 + 1.5 * Math.sin(m / 15 + l);
      const inc = note - market;
      const p = modelSmm(truth, inc, m, burn);
      const paid = uniform() < p;
      incentive.push(inc); age.push(m); exposure.push(burn); payoff.push(paid ? 1 : 0);
      if (inc > 0) burn += inc;
      if (paid) break;
    }
  }
  return {
    incentive: Float64Array.from(incentive), age: Float64Array.from(age), burnoutExposure: Float64Array.from(exposure),
    payoff: Uint8Array.from(payoff), year: new Int32Array(payoff.length), loans,
  };
}

describe("prepayment model fit", () => {
  it("recovers the parameters of a model it simulated", function () {
    this.timeout(60_000);
    const truth: PrepayModelParams = { base: 0.004, amplitude: 0.05, slope: 3, midpoint: 1, burnout: 0.01, seasoningMonths: 30 };
    const h = synthetic(truth, 2000);
    const fit = fitPrepayModel(h);
    expect(fit.params.amplitude).to.be.closeToNumber(0.05, 0.01);
    expect(fit.params.midpoint).to.be.closeToNumber(1, 0.25);
    expect(fit.params.base).to.be.closeToNumber(0.004, 0.001);
    expect(fit.logLikelihood).to.be.at.least(logLikelihood(h, truth));
  });

  describe("on the Fannie Mae 2000Q1 sample", function () {
    this.timeout(20_000);
    const h = payoffHistory(parsePerformanceRows(FANNIE, readFileSync(FANNIE, "utf8")));
    const fit = fitPrepayModel(h, { fixedBase: SIX_CPR_SMM });

    it("reads 276 loans, 266 payoffs", () => {
      expect(h.loans).to.equal(276);
      expect(fit.payoffs).to.equal(266);
    });

    it("explains payoffs far better than a constant rate (likelihood-ratio > 100)", () => {
      expect(2 * (fit.logLikelihood - fit.constantLogLikelihood)).to.be.above(100);
    });

    it("is a refinancing S-curve: slow out of the money, fast in it", () => {
      const p = fit.params;
      expect(modelSmm(p, -1, 60, 0)).to.be.below(0.01);
      expect(modelSmm(p, 2, 60, 0)).to.be.above(0.04);
    });

    it("tracks the 2001–2003 refinancing wave's yearly speed within 5 CPR", () => {
      for (const y of speedsByYear(h, fit.params).filter((s) => s.year >= 2001 && s.year <= 2003)) {
        expect(Math.abs(y.fittedCpr - y.actualCpr), String(y.year)).to.be.below(0.05);
      }
    });
  });

  describe("history", () => {
    it("orders months by date (the file sorts them as strings) and stops at the payoff", () => {
      const text = [
        row("1", "01/01/2001", "8.0", "12"), row("1", "02/01/2000", "8.0", "1"), row("1", "01/01/2000", "8.0", "-1"),
        row("1", "02/01/2001", "8.0", "13", "01"),
      ].join("\n");
      const h = payoffHistory(parsePerformanceRows("p.txt", text), () => 7);
      expect(Array.from(h.age)).to.deep.equal([0, 1, 12, 13]);
      expect(Array.from(h.payoff)).to.deep.equal([0, 0, 0, 1]);
      expect(Array.from(h.burnoutExposure)).to.deep.equal([0, 1, 2, 3]);
    });

    it("locates a bad row", () => {
      expect(() => parsePerformanceRows("p.txt", `${row("1", "2000-01-01", "8", "1")}\n`))
        .to.throw(ValidationError, /p\.txt:1 MONTHLY_RPT_PRD="2000-01-01"/);
    });

    it("places the annual average market rate at mid-year and interpolates between month middles", () => {
      const [y2000, y2001, y2002] = [2000, 2001, 2002].map((y) => PMMS_30Y_ANNUAL_AVERAGE[y] as number) as [number, number, number];
      // Mid-July is half a month past mid-year; mid-January is 13/24 of the way from mid-2000.
      expect(marketRateAt(2001, 7)).to.be.closeToNumber(y2001 * 23 / 24 + y2002 / 24, 1e-12);
      expect(marketRateAt(2001, 1)).to.be.closeToNumber(y2000 * 11 / 24 + y2001 * 13 / 24, 1e-12);
    });
  });
});
