import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { parseDate } from "../../src/analytics/dates.js";
import { projectPassThrough } from "../../src/analytics/passthrough.js";
import { totalReturn } from "../../src/analytics/total-return.js";
import { preparePricing, yieldFromPrice } from "../../src/analytics/yield.js";
import "../helpers/chai-float.js";

describe("total rate of return (SF-49 … SF-51)", () => {
  // The Standard Formulas' Ginnie Mae I 9 % example at 150 % PSA, 14-day delay, bought at 100-00 on
  // the issue date; held three months, cash flows reinvested at 8 %, sold at the purchase yield.
  // Printed: PT = 102.2502, bond-equivalent total return 9.102 %, total percentage return 2.250 %.
  const table = projectPassThrough(
    { balance: 1_000_000, grossWac: 0.095, passThroughRate: 0.09, originalTerm: 360, age: 0 },
    { prepay: { kind: "psa", psa: 150 } },
  );
  const pricing = preparePricing({
    cashFlow: table.cashFlow, principal: table.totalPrincipal, face: 1_000_000, coupon: 0.09,
    settlement: parseDate("settlement", "1989-06-01"), delayDays: 14,
  });
  const purchaseYield = yieldFromPrice(pricing, 100);

  it("reproduces the standard's terminal value and returns to the printed digit", () => {
    const r = totalReturn({ pricing, price: 100, horizonMonths: 3, reinvestmentRate: 0.08, horizonYield: purchaseYield });
    expect(r.terminalValue.toFixed(4)).to.equal("102.2502");
    expect((100 * r.totalReturnBey).toFixed(3)).to.equal("9.102");
    expect((100 * r.totalPercentageReturn).toFixed(3)).to.equal("2.250");
    expect(r.years).to.equal(0.25);
  });

  it("discounts the cash flow paid after the horizon back to it at the reinvestment rate", () => {
    // Month 3's cash flow is paid on the 15th of the 4th month, 14 days after the horizon.
    const r = totalReturn({ pricing, price: 100, horizonMonths: 3, reinvestmentRate: 0.08, horizonPrice: 100 });
    const growth = 1.04;
    let expected = 0;
    for (let k = 1; k <= 3; k++) expected += (table.cashFlow[k - 1] as number) / 1e4 * Math.pow(growth, 2 * (0.25 - (k + 14 / 30) / 12));
    expect(r.reinvestedCashFlows).to.be.closeToNumber(expected, 1e-12);
    expect(r.saleProceeds).to.be.closeToNumber(100 * r.horizonFactor, 1e-12);
  });

  it("earns the yield itself when everything is reinvested and sold at the purchase yield", () => {
    const r = totalReturn({ pricing, price: 100, horizonMonths: 24, reinvestmentRate: purchaseYield, horizonYield: purchaseYield });
    expect(r.totalReturnBey).to.be.closeToNumber(purchaseYield, 1e-10);
  });

  it("solves the horizon yield of a given horizon price", () => {
    const byYield = totalReturn({ pricing, price: 100, horizonMonths: 12, reinvestmentRate: 0.05, horizonYield: 0.08 });
    const byPrice = totalReturn({ pricing, price: 100, horizonMonths: 12, reinvestmentRate: 0.05, horizonPrice: byYield.horizonPrice });
    expect(byPrice.horizonYield).to.be.closeToNumber(0.08, 1e-9);
    expect(byPrice.terminalValue).to.be.closeToNumber(byYield.terminalValue, 1e-9);
  });

  it("refuses a horizon at or past the last cash flow and a missing sale assumption", () => {
    expect(() => totalReturn({ pricing, price: 100, horizonMonths: 360, reinvestmentRate: 0.05, horizonYield: 0.08 })).to.throw(InvalidInputError, /^horizon/);
    expect(() => totalReturn({ pricing, price: 100, horizonMonths: 12, reinvestmentRate: 0.05 })).to.throw(InvalidInputError, /^horizon/);
  });
});
