import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { parseDate } from "../../src/analytics/dates.js";
import { projectPassThrough } from "../../src/analytics/passthrough.js";
import type { CashFlowTable } from "../../src/analytics/passthrough.js";
import {
  accruedPer100, beyFromMonthly, monthlyFromBey, preparePricing, priceFromYield, yieldFromPrice,
} from "../../src/analytics/yield.js";
import { riskMeasures } from "../../src/analytics/risk.js";
import { fabozziPassThrough } from "./fixtures/pools.js";
import "../helpers/chai-float.js";

const coupon = fabozziPassThrough.passThroughRate;

function pricing(table: CashFlowTable, settlement: string, delayDays: number) {
  return preparePricing({
    cashFlow: table.cashFlow,
    principal: table.totalPrincipal,
    face: table.beginningBalance[0] as number,
    coupon,
    settlement: parseDate("settlement", settlement),
    delayDays,
  });
}

describe("price and yield", () => {
  const at165 = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 } });

  describe("the Standard Formulas' yield example (SF-48 …)", () => {
    // Ginnie Mae I 9.0 % (9.5 % gross) new 30-year pool at 150 % PSA, 14-day actual delay. Printed:
    // at 100-00 on the issue date, yield 9.10675 %, mortgage yield 8.93863 %, average life
    // 9.77844 years, duration 5.73147, modified duration 5.48186, convexity 0.544326; settled 7 days
    // later, a full price of 100.1750 (100 + 0.175 accrued) yields 9.10644 %.
    const table = projectPassThrough(
      { balance: 1_000_000, grossWac: 0.095, passThroughRate: 0.09, originalTerm: 360, age: 0 },
      { prepay: { kind: "psa", psa: 150 } },
    );
    const gnma = (settlement: string) => preparePricing({
      cashFlow: table.cashFlow, principal: table.totalPrincipal, face: 1_000_000, coupon: 0.09,
      settlement: parseDate("settlement", settlement), delayDays: 14,
    });

    it("reproduces yield, mortgage yield, average life, durations and convexity at issue", () => {
      const p = gnma("1989-06-01");
      const y = yieldFromPrice(p, 100);
      const r = riskMeasures(p, y);
      expect((100 * y).toFixed(5)).to.equal("9.10675");
      expect((1200 * monthlyFromBey(y)).toFixed(5)).to.equal("8.93863");
      expect(r.wal.toFixed(5)).to.equal("9.77844");
      expect(r.macaulayDuration.toFixed(5)).to.equal("5.73147");
      expect(r.modifiedDuration.toFixed(5)).to.equal("5.48186");
      // The standard prints convexity in hundreds of years² (see RiskMeasures.convexity).
      expect((r.convexity / 100).toFixed(6)).to.equal("0.544326");
    });

    it("reproduces the yield of a settlement 7 days after issue, with accrued interest", () => {
      const p = gnma("1989-06-08");
      expect((p.accrued).toFixed(4)).to.equal("0.1750");
      expect((100 * yieldFromPrice(p, 100.175 - p.accrued)).toFixed(5)).to.equal("9.10644");
    });
  });

  it("converts a monthly yield to bond-equivalent as 2((1 + y)^6 − 1)", () => {
    expect(beyFromMonthly(0.005)).to.be.closeToNumber(2 * (Math.pow(1.005, 6) - 1), 1e-16);
    expect(beyFromMonthly(0.005).toFixed(8)).to.equal("0.06075502");
    expect(monthlyFromBey(beyFromMonthly(0.0074))).to.be.closeToNumber(0.0074, 1e-15);
  });

  it("prices at exactly par at the coupon yield with no delay, whatever the prepayment speed", () => {
    // Σ (B_k c/12 + P_k)(1 + c/12)^−k telescopes to B_1: par when discounted at the coupon.
    const parYield = beyFromMonthly(coupon / 12);
    for (const psa of [0, 100, 165, 600]) {
      const table = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa } });
      expect(priceFromYield(pricing(table, "2026-03-01", 0), parYield)).to.be.closeToNumber(100, 1e-10);
    }
  });

  it("takes a 24-day payment delay off par as (1 + c/12)^(−24/30)", () => {
    const parYield = beyFromMonthly(coupon / 12);
    const price = priceFromYield(pricing(at165, "2026-03-01", 24), parYield);
    expect(price).to.be.closeToNumber(100 / Math.pow(1 + coupon / 12, 24 / 30), 1e-10);
  });

  it("charges accrued interest from the 1st and discounts from settlement (mid-month, 24-day delay)", () => {
    // Settling on the 18th: 17 days accrued; every flow comes 24 − 17 = 7 days later than from the 1st.
    const p = pricing(at165, "2026-03-18", 24);
    const parYield = beyFromMonthly(coupon / 12);
    expect(p.accrued).to.be.closeToNumber(100 * coupon * 17 / 360, 1e-12);
    expect(accruedPer100(coupon, parseDate("s", "2026-03-18"))).to.equal(p.accrued);
    const full = 100 * Math.pow(1 + coupon / 12, -(24 - 17) / 30);
    expect(priceFromYield(p, parYield) + p.accrued).to.be.closeToNumber(full, 1e-10);
  });

  it("solves the yield back from the price, at discounts, par and premiums", () => {
    const p = pricing(at165, "2026-03-18", 24);
    for (const price of [20, 80, 94.5, 100, 103.25, 130]) {
      const y = yieldFromPrice(p, price);
      expect(priceFromYield(p, y)).to.be.closeToNumber(price, 1e-9);
    }
  });

  it("gives a lower yield for a higher price", () => {
    const p = pricing(at165, "2026-03-18", 24);
    expect(yieldFromPrice(p, 101)).to.be.below(yieldFromPrice(p, 99));
  });

  it("finds a single cash flow's yield in closed form", () => {
    // One payment of 101 per 100 face, 1 month + 24 days after a settlement on the 1st.
    const p = preparePricing({
      cashFlow: [101], principal: [100], face: 100, coupon: 0.12,
      settlement: parseDate("s", "2026-01-01"), delayDays: 24,
    });
    const y = yieldFromPrice(p, 99);
    const monthly = Math.pow(101 / 99, 1 / (1 + 24 / 30)) - 1;
    expect(y).to.be.closeToNumber(2 * (Math.pow(1 + monthly, 6) - 1), 1e-13);
  });

  it("rejects a non-positive price and a price above the undiscounted cash flows", () => {
    const p = pricing(at165, "2026-03-18", 24);
    expect(() => yieldFromPrice(p, 0)).to.throw(InvalidInputError, /^price: must be positive/);
    expect(() => yieldFromPrice(p, 1_000)).to.throw(InvalidInputError, /^price: 1000 is at or above/);
  });

  it("rejects empty cash flows and a fractional delay", () => {
    const settlement = parseDate("s", "2026-01-01");
    expect(() => preparePricing({ cashFlow: [], principal: [], face: 1, coupon: 0.05, settlement, delayDays: 24 }))
      .to.throw(InvalidInputError, /^cash flows: are empty/);
    expect(() => preparePricing({ cashFlow: [1], principal: [1], face: 1, coupon: 0.05, settlement, delayDays: 2.5 }))
      .to.throw(InvalidInputError, /^delay/);
  });
});
