import "../helpers/chai-float.js";
import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { collateralTermsOf, indicative, type ChainDeal } from "../../src/dashboard/analytics.js";

const USD = 1_000_000n;

/** A level-payment loan's first month: 6 % note rate, `n` months left, $1,000,000 balance. */
function firstMonth(n: number) {
  const r = 0.06 / 12;
  const balance = 1_000_000;
  const payment = (balance * r) / (1 - Math.pow(1 + r, -n));
  return { beginning: 1_000_000n * USD, interest: BigInt(Math.round(balance * r * 1e6)), scheduled: BigInt(Math.round((payment - balance * r) * 1e6)) };
}

const deal: ChainDeal = {
  poolBalance: 10_000_000n * USD,
  classes: [
    { id: "A", kind: 0, couponPpm: 45_000, balance: 9_000_000n * USD },
    { id: "B", kind: 0, couponPpm: 65_000, balance: 800_000n * USD },
  ],
  servicingFeePpm: 2_500,
  trusteeFeePpm: 100,
  lossTriggerPpm: 20_000,
  delinquencyTriggerPpm: null,
  overcollateralizationTargetPpm: 20_000,
};
const settlement = { year: 2026, month: 12, day: 4 };

describe("dashboard analytics (indicative figures at the chain's state)", () => {
  it("reads a 6 % coupon and the remaining term back from a level-payment loan's first month", () => {
    for (const n of [360, 240, 120]) {
      const m = firstMonth(n);
      const terms = collateralTermsOf(m.beginning, m.interest, m.scheduled);
      expect(terms.grossWac).to.be.closeToNumber(0.06, 1e-9);
      expect(terms.wamMonths).to.equal(n);
    }
  });

  it("shortens the senior class's WAL when prepayments speed up, and prices at par near the coupon", () => {
    const terms = { grossWac: 0.06, wamMonths: 330 };
    const slow = indicative(deal, terms, { cpr: 0.05, cdr: 0, severity: 0.35, prices: {} }, settlement);
    const fast = indicative(deal, terms, { cpr: 0.3, cdr: 0, severity: 0.35, prices: {} }, settlement);
    expect(fast[0]!.wal!).to.be.lessThan(slow[0]!.wal!);
    expect(slow[0]!.yield!).to.be.closeToNumber(0.045, 0.003);
    expect(slow[1]!.wal!).to.be.greaterThan(slow[0]!.wal!);
  });

  it("refuses a speed outside 0-100 %, naming it", () => {
    expect(() => indicative(deal, { grossWac: 0.06, wamMonths: 330 }, { cpr: 1.5, cdr: 0, severity: 0.35, prices: {} }, settlement))
      .to.throw(InvalidInputError, /cpr: must be a rate from 0 to 100 %/);
  });
});
