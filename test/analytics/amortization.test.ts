import { expect } from "chai";
import { balancePerDollar, levelPayment, scheduledPrincipalFraction } from "../../src/analytics/amortization.js";
import "../helpers/chai-float.js";

/** Walks a loan payment by payment: the schedule by definition, independent of the closed forms. */
function walkSchedule(balance: number, annualRate: number, term: number, payment: number): number[] {
  const balances = [balance];
  let b = balance;
  for (let k = 1; k <= term; k++) {
    b = b + b * (annualRate / 12) - payment;
    balances.push(b);
  }
  return balances;
}

describe("amortization", () => {
  it("pays $599.55 a month on a $100,000 30-year loan at 6 % (the textbook figure)", () => {
    expect(levelPayment(100_000, 0.06, 360).toFixed(2)).to.equal("599.55");
  });

  it("retires the balance exactly with the level payment", () => {
    const payment = levelPayment(250_000, 0.0725, 180);
    const balances = walkSchedule(250_000, 0.0725, 180, payment);
    expect(balances[180]).to.be.closeToNumber(0, 1e-6);
  });

  it("gives the scheduled balance per dollar that a payment-by-payment walk reaches", () => {
    const payment = levelPayment(1, 0.08, 360);
    const balances = walkSchedule(1, 0.08, 360, payment);
    for (const age of [0, 1, 12, 59, 180, 359, 360]) {
      expect(balancePerDollar(0.08, 360, age)).to.be.closeToNumber(balances[age] as number, 1e-12);
    }
  });

  it("splits the payment into interest and the scheduled principal fraction", () => {
    const balance = 1_000;
    const payment = levelPayment(balance, 0.05, 120);
    const principal = payment - balance * (0.05 / 12);
    expect(scheduledPrincipalFraction(0.05, 120) * balance).to.be.closeToNumber(principal, 1e-10);
  });

  it("amortizes a zero-rate loan in equal principal payments", () => {
    expect(levelPayment(1_200, 0, 12)).to.equal(100);
    expect(balancePerDollar(0, 12, 3)).to.equal(0.75);
    expect(scheduledPrincipalFraction(0, 4)).to.equal(0.25);
  });
});
