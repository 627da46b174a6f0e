import { expect } from "chai";
import { parseDate } from "../../../src/analytics/dates.js";
import { FITTED_PREPAY_MODEL, pathSmm } from "../../../src/analytics/oas/prepaymodel.js";
import { modelReprojection } from "../../../src/analytics/oas/reproject.js";
import { projectPassThrough } from "../../../src/analytics/passthrough.js";
import type { CashFlowTable } from "../../../src/analytics/passthrough.js";
import type { PoolTerms } from "../../../src/analytics/pool.js";
import { effectiveMeasures } from "../../../src/analytics/risk.js";
import { preparePricing } from "../../../src/analytics/yield.js";
import "../../helpers/chai-float.js";

// A 6.5 % WAC / 6 % pass-through at 150 PSA priced at a 5 % yield (above par), with the market
// mortgage rate at 6 %: half a point of refinancing incentive, on the steep side of the S-curve.
const premiumPool: PoolTerms = { balance: 1_000_000, grossWac: 0.065, passThroughRate: 0.06, originalTerm: 360, wam: 357 };
const base = projectPassThrough(premiumPool, { prepay: { kind: "psa", psa: 150 } });
const mortgageRatePct = 6;
const reproject = modelReprojection(premiumPool, base, undefined, FITTED_PREPAY_MODEL, mortgageRatePct);
const prepare = (t: CashFlowTable) => preparePricing({
  cashFlow: t.cashFlow, principal: t.totalPrincipal, face: 1_000_000, coupon: 0.06,
  settlement: parseDate("settlement", "2026-03-18"), delayDays: 24,
});

describe("prepayment-model reprojection", () => {
  it("leaves the caller's projection unchanged when rates do not move", () => {
    const same = reproject(0);
    for (let i = 0; i < base.months; i++) {
      expect(same.cashFlow[i]).to.be.closeToNumber(base.cashFlow[i] as number, 1e-9);
    }
  });

  it("scales each month's speed by the model's response to the shifted mortgage rate", () => {
    const flat = (pct: number) => new Float64Array(357).fill(pct);
    const model = (pct: number) => pathSmm(FITTED_PREPAY_MODEL, 6.5, flat(pct), 357, 3);
    const down = model(5.75);
    const at = model(6);
    const shifted = reproject(-0.0025);
    for (const month of [1, 30, 120]) {
      const i = month - 1;
      const expected = (base.smm[i] as number) * (down[i] as number) / (at[i] as number);
      expect(shifted.smm[i]).to.be.closeToNumber(expected, 1e-15);
      expect(shifted.smm[i]).to.be.above(base.smm[i] as number);
    }
  });

  it("shortens a premium pool's effective duration and turns its convexity negative", () => {
    const p = prepare(base);
    const fixed = effectiveMeasures(p, 0.05, 0.0025);
    const reprojected = effectiveMeasures(p, 0.05, 0.0025, (s) => prepare(reproject(s)));
    expect(reprojected.effectiveDuration).to.be.below(fixed.effectiveDuration);
    expect(fixed.effectiveConvexity).to.be.above(0);
    expect(reprojected.effectiveConvexity).to.be.below(0);
  });
});
