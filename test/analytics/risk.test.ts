import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { parseDate } from "../../src/analytics/dates.js";
import { averageLifeYears, projectPassThrough } from "../../src/analytics/passthrough.js";
import type { CashFlowTable } from "../../src/analytics/passthrough.js";
import { averageLife, effectiveFromPrices, effectiveMeasures, interpolate, riskMeasures, spreadToCurve, zSpread } from "../../src/analytics/risk.js";
import { preparePricing, priceFromYield, yieldFromPrice } from "../../src/analytics/yield.js";
import { fabozziPassThrough } from "./fixtures/pools.js";
import "../helpers/chai-float.js";

function pricing(table: CashFlowTable, settlement: string, delayDays: number) {
  return preparePricing({
    cashFlow: table.cashFlow, principal: table.totalPrincipal, face: table.beginningBalance[0] as number,
    coupon: fabozziPassThrough.passThroughRate, settlement: parseDate("settlement", settlement), delayDays,
  });
}

describe("risk measures", () => {
  const table = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 } });
  const p = pricing(table, "2026-03-18", 24);
  const bey = 0.07;
  const full = (y: number) => priceFromYield(p, y) + p.accrued;

  it("measures the average life from settlement", () => {
    // From the 1st with no delay, principal k arrives k months out; here 24 − 17 days later.
    expect(averageLife(p)).to.be.closeToNumber(averageLifeYears(table) + 7 / 360, 1e-12);
  });

  it("gives the modified duration as −(1/P) dP/dY on the full price", () => {
    const h = 1e-6;
    const numeric = -(full(bey + h) - full(bey - h)) / (2 * h * full(bey));
    expect(riskMeasures(p, bey).modifiedDuration).to.be.closeToNumber(numeric, 1e-6);
  });

  it("relates Macaulay and modified duration by 1 + Y/2", () => {
    const r = riskMeasures(p, bey);
    expect(r.modifiedDuration).to.be.closeToNumber(r.macaulayDuration / (1 + bey / 2), 1e-12);
  });

  it("gives the convexity as (1/P) d²P/dY²", () => {
    const h = 1e-4;
    const numeric = (full(bey + h) + full(bey - h) - 2 * full(bey)) / (h * h * full(bey));
    expect(riskMeasures(p, bey).convexity).to.be.closeToNumber(numeric, 1e-3);
  });

  it("matches modified duration and convexity by repricing when the cash flows do not move", () => {
    const e = effectiveMeasures(p, bey, 1e-5);
    const r = riskMeasures(p, bey);
    expect(e.effectiveDuration).to.be.closeToNumber(r.modifiedDuration, 1e-6);
    expect(e.effectiveConvexity).to.be.closeToNumber(r.convexity, 0.05);
  });

  it("shortens the effective duration when falling rates speed up prepayments", () => {
    // A simple prepayment response: +100 % PSA for every 100 bp fall in yield.
    const reproject = (shift: number) => pricing(
      projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 - shift * 10_000 } }), "2026-03-18", 24);
    const e = effectiveMeasures(p, bey, 0.005, reproject);
    const down = priceFromYield(reproject(-0.005), bey - 0.005) + p.accrued;
    const up = priceFromYield(reproject(0.005), bey + 0.005) + p.accrued;
    expect(e.effectiveDuration).to.be.closeToNumber((down - up) / (2 * full(bey) * 0.005), 1e-12);
    expect(e.effectiveDuration).to.be.below(riskMeasures(p, bey).modifiedDuration);
    expect(e.effectiveConvexity).to.be.below(0);
  });

  it("reproduces the standard's effective duration and convexity from ±10 bp prices (SF-50)", () => {
    // Ginnie Mae I 9.0 % at 100: prices 100.541 at −10 bp and 99.453 at +10 bp → 5.44 years and
    // −0.600 (the standard prints convexity in hundreds).
    const e = effectiveFromPrices(100, 100.541, 99.453, 0.001);
    expect(e.effectiveDuration.toFixed(2)).to.equal("5.44");
    expect((e.effectiveConvexity / 100).toFixed(3)).to.equal("-0.600");
  });

  it("interpolates the benchmark linearly at the WAL for the nominal spread", () => {
    const curve = [{ years: 2, rate: 0.04 }, { years: 5, rate: 0.045 }, { years: 10, rate: 0.05 }];
    expect(interpolate(curve, 7.5)).to.be.closeToNumber(0.0475, 1e-15);
    expect(interpolate(curve, 1)).to.equal(0.04);
    expect(interpolate(curve, 30)).to.equal(0.05);
    expect(spreadToCurve(0.07, 7.5, curve)).to.be.closeToNumber(0.0225, 1e-15);
  });

  it("finds a Z-spread over a flat spot curve equal to yield minus the spot rate", () => {
    // Semiannual spot rates discount exactly like the bond-equivalent yield: (1 + Y/2)^(−2t).
    const price = priceFromYield(p, bey);
    expect(zSpread(p, price, [{ years: 1, rate: 0.05 }, { years: 30, rate: 0.05 }])).to.be.closeToNumber(0.02, 1e-10);
  });

  it("finds a Z-spread that reprices the bond on an upward-sloping curve", () => {
    const spot = [{ years: 0.5, rate: 0.03 }, { years: 5, rate: 0.045 }, { years: 30, rate: 0.055 }];
    const price = 98.5;
    const z = zSpread(p, price, spot);
    let pv = 0;
    p.times.forEach((t, k) => {
      const years = t / 12;
      pv += (p.cashFlow[k] as number) * Math.pow(1 + (interpolate(spot, years) + z) / 2, -2 * years);
    });
    expect(pv * 100 / p.face - p.accrued).to.be.closeToNumber(price, 1e-8);
    expect(yieldFromPrice(p, price)).to.be.above(0.045);
  });

  it("rejects an empty or unsorted curve", () => {
    expect(() => spreadToCurve(0.07, 5, [])).to.throw(InvalidInputError, /^benchmark curve: is empty/);
    expect(() => zSpread(p, 100, [{ years: 5, rate: 0.04 }, { years: 2, rate: 0.03 }])).to.throw(InvalidInputError, /maturities must increase/);
  });
});
