import { expect } from "chai";
import { parseDate } from "../../../src/analytics/dates.js";
import { optionAdjustedSpread, oasEffectiveMeasures, priceAtOas } from "../../../src/analytics/oas/oas.js";
import type { OasInput } from "../../../src/analytics/oas/oas.js";
import type { PrepayModelParams } from "../../../src/analytics/oas/prepaymodel.js";
import { projectPassThrough } from "../../../src/analytics/passthrough.js";
import "../../helpers/chai-float.js";

const fittedModel: PrepayModelParams = { base: 0.005143, amplitude: 0.0655, slope: 4.59, midpoint: 0.673, burnout: 0.0061, seasoningMonths: 30 };
const premiumPool: OasInput = {
  pool: { balance: 1_000_000, grossWac: 0.065, passThroughRate: 0.06, originalTerm: 360, wam: 357 },
  price: 101,
  settlement: parseDate("settlement", "2026-03-18"),
  delayDays: 24,
  prepayModel: fittedModel,
  mortgageRatePct: 6.3,
  zeroCurve: [{ years: 1, rate: 0.045 }],
  shortRate: { meanReversion: 0.05, volatility: 0.01 },
  pairs: 64,
};

describe("option-adjusted spread", () => {
  it("equals the zero-volatility spread computed by hand when volatility is zero", () => {
    const input = { ...premiumPool, shortRate: { meanReversion: 0.05, volatility: 0 } };
    const r = optionAdjustedSpread(input);
    // With no volatility the mortgage rate stays 6.3 %: incentive 0.2 points, SMM from the model
    // formula month by month (age 3 + m, burnout growing 0.2 a month).
    const smm: number[] = [];
    for (let m = 1; m <= 357; m++) {
      const seasoning = Math.min(1, (3 + m) / 30);
      const burnout = Math.exp(-0.0061 * 0.2 * (m - 1));
      smm.push(seasoning * burnout * (0.005143 + 0.0655 / (1 + Math.exp(-4.59 * (0.2 - 0.673)))));
    }
    const table = projectPassThrough(input.pool, { prepay: { kind: "vector", unit: "smm", values: smm } });
    // Flat 4.5 % continuously compounded curve: full price = Σ CF_k e^{−(0.045 + s) t_k}, t_k = (k + 7/30)/12.
    const full = (s: number) => {
      let pv = 0;
      for (let k = 1; k <= 357; k++) pv += (table.cashFlow[k - 1] as number) * Math.exp(-(0.045 + s) * (k + 7 / 30) / 12);
      return pv / 10_000;
    };
    const target = 101 + 100 * 0.06 * 17 / 360;
    let lo = -0.1;
    let hi = 0.2;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (full(mid) > target) lo = mid;
      else hi = mid;
    }
    expect(r.oas).to.be.closeToNumber(lo, 1e-10);
    expect(r.zeroVolatilitySpread).to.be.closeToNumber(lo, 1e-10);
    expect(r.optionCost).to.be.closeToNumber(0, 1e-10);
  });

  it("costs nothing when prepayments do not depend on rates", () => {
    const flat = { ...fittedModel, amplitude: 0, burnout: 0 };
    const r = optionAdjustedSpread({ ...premiumPool, prepayModel: flat });
    expect(Math.abs(r.optionCost)).to.be.below(2e-5);
  });

  it("charges a positive option cost when borrowers refinance as rates fall", () => {
    const r = optionAdjustedSpread(premiumPool);
    expect(r.optionCost).to.be.above(0.001);
    expect(r.oas).to.be.below(r.zeroVolatilitySpread);
    expect(r.paths).to.equal(128);
  });

  it("reprices to the input price at the solved OAS", () => {
    const r = optionAdjustedSpread(premiumPool);
    expect(priceAtOas(premiumPool, r.oas)).to.be.closeToNumber(101, 1e-8);
  });

  it("shows negative effective convexity at constant OAS", () => {
    const r = optionAdjustedSpread(premiumPool);
    const e = oasEffectiveMeasures(premiumPool, r.oas, 0.005);
    expect(e.effectiveConvexity).to.be.below(0);
    expect(e.effectiveDuration).to.be.above(0);
  });
});
