import "../helpers/chai-float.js";
import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { runPeriod } from "../../src/analytics/deal/waterfall.js";
import { collateralTermsOf, dealOfChain, projectDeal, type ChainClass, type ChainDealTerms, type WhatIf } from "../../src/dashboard/analytics.js";

const USD = 1_000_000n;

/** A level-payment loan's first month: 6 % note rate, `n` months left, $1,000,000 balance. */
function firstMonth(n: number) {
  const r = 0.06 / 12;
  const balance = 1_000_000;
  const payment = (balance * r) / (1 - Math.pow(1 + r, -n));
  return { beginning: 1_000_000n * USD, interest: BigInt(Math.round(balance * r * 1e6)), scheduled: BigInt(Math.round((payment - balance * r) * 1e6)) };
}

/** The sample deal's terms as the waterfall's views return them: a loss trigger at 2 %, a reserve, 2 % OC. */
const terms: ChainDealTerms = {
  originalPoolBalance: 10_000_000n * USD, principalMode: 2, servicingFeePpm: 2_500, servicingFeeFixed: 0n, trusteeFeePpm: 100, trusteeFeeFixed: 0n,
  hasDelinquencyTrigger: false, delinquencyTriggerPpm: 0, hasLossTrigger: true, cumulativeLossTriggerPpm: 20_000,
  reserveTargetPpm: 5_000, reserveFloor: 25_000n * USD, reserveInitialBalance: 50_000n * USD, overcollateralizationTargetPpm: 20_000, cleanUpCallPpm: 0,
};
const bond = (id: string, couponPpm: number, original: bigint, balance: bigint): ChainClass => ({
  id, kind: 0, couponPpm, interestRank: 0, originalBalance: original, notionalMask: 0, schedule: undefined, balance, interestShortfall: 0n, writtenDown: 0n,
});
/** Twelve periods in: the pool at $9.2m, A paid down to $8.3m, B whole, $60,000 lost so far. */
const deal = dealOfChain("sample", terms, [bond("A", 45_000, 9_000_000n * USD, 8_300_000n * USD), bond("B", 65_000, 800_000n * USD, 800_000n * USD)], {
  period: 12, poolBalance: 9_200_000n * USD, reserveBalance: 46_000n * USD, cumulativeLoss: 60_000n * USD, servicingFeeShortfall: 0n, trusteeFeeShortfall: 0n, called: false,
});
const settlement = { year: 2026, month: 12, day: 4 };
const collateral = { grossWac: 0.0525, wamMonths: 348 };
const at = (cpr: number, cdr = 0, severity = 0.35): WhatIf => ({ speed: { kind: "cpr", cpr }, cdr, severity, prices: {} });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("dashboard analytics (the deal run forward from its state on chain)", () => {
  it("reads a 6 % coupon and the remaining term back from a level-payment loan's first month", () => {
    for (const n of [360, 240, 120]) {
      const m = firstMonth(n);
      const c = collateralTermsOf(m.beginning, m.interest, m.scheduled);
      expect(c.grossWac).to.be.closeToNumber(0.06, 1e-9);
      expect(c.wamMonths).to.equal(n);
    }
  });

  it("maps the waterfall's views to the model's terms and state, triggers and reserve included", () => {
    expect(deal.config.principalMode).to.equal("proRataUntilTrigger");
    expect(deal.config.triggers).to.deep.equal({ cumulativeLossPpm: 20_000 });
    expect(deal.config.reserve).to.deep.equal({ targetPpm: 5_000, floor: 25_000n * USD, initialBalance: 50_000n * USD });
    expect(deal.state.period).to.equal(12);
    expect(deal.state.classes.map((c) => c.balance)).to.deep.equal([8_300_000n * USD, 800_000n * USD]);
  });

  it("starts the projection at the next period on chain and ties the pool's balance month by month", () => {
    const { projection } = projectDeal(deal, collateral, at(0.08, 0.01), settlement);
    expect(projection.periods[0]).to.equal(13);
    const p = projection.pool;
    let balance = 9_200_000;
    for (let k = 0; k < projection.periods.length; k++) {
      balance -= p.scheduledPrincipal[k]! + p.prepaidPrincipal[k]! + p.liquidationProceeds[k]! + p.losses[k]!;
      expect(p.balance[k]).to.be.closeToNumber(balance, 1e-3);
    }
    expect(p.balance.at(-1)).to.equal(0);
    // Every dollar of class principal and loss comes off the class's balance.
    for (const c of projection.classes) {
      const start = c.id === "A" ? 8_300_000 : 800_000;
      expect(start - sum(c.principal) - sum(c.loss)).to.be.closeToNumber(c.balance.at(-1)!, 1e-3);
    }
  });

  it("agrees with the deal model run period by period on the same collateral (the waterfall's own steps)", () => {
    const { projection } = projectDeal(deal, collateral, at(0.1, 0.02, 0.4), settlement);
    const p = projection.pool;
    const units = (x: number) => BigInt(Math.round(x * 1e6));
    let state = deal.state;
    for (let k = 0; k < 3; k++) {
      const outcome = runPeriod(deal.config, state, {
        interestCollected: units(p.interest[k]!), scheduledPrincipal: units(p.scheduledPrincipal[k]!), prepayments: units(p.prepaidPrincipal[k]!),
        liquidationProceeds: units(p.liquidationProceeds[k]!), realizedLoss: units(p.losses[k]!), delinquent60Plus: 0n, endingPoolBalance: units(p.balance[k]!),
      });
      state = outcome.state;
      expect(Number(outcome.result.classes[0]!.principalPaid) / 1e6).to.equal(projection.classes[0]!.principal[k]);
      expect(Number(outcome.result.classes[1]!.interestPaid) / 1e6).to.equal(projection.classes[1]!.interest[k]);
    }
  });

  it("shortens the senior class's WAL when prepayments speed up (CPR and PSA), and prices at par near the coupon", () => {
    const slow = projectDeal(deal, collateral, at(0.05), settlement).rows;
    const fast = projectDeal(deal, collateral, at(0.3), settlement).rows;
    expect(fast[0]!.wal!).to.be.lessThan(slow[0]!.wal!);
    expect(slow[0]!.yield!).to.be.closeToNumber(0.045, 0.003);
    expect(slow[1]!.wal!).to.be.greaterThan(slow[0]!.wal!);
    const psa100 = projectDeal(deal, collateral, { ...at(0), speed: { kind: "psa", psa: 100 } }, settlement).rows;
    const psa400 = projectDeal(deal, collateral, { ...at(0), speed: { kind: "psa", psa: 400 } }, settlement).rows;
    expect(psa400[0]!.wal!).to.be.lessThan(psa100[0]!.wal!);
  });

  it("trips the loss trigger in the projection when defaults push cumulative loss past 2 %, and the junior class takes the loss first", () => {
    const { projection } = projectDeal(deal, collateral, at(0.06, 0.05, 0.5), settlement);
    expect(projection.events.lossTrigger).to.be.a("number").and.to.be.greaterThan(12);
    const [a, b] = projection.classes;
    expect(sum(b!.loss)).to.be.greaterThan(0);
    expect(sum(a!.loss)).to.be.lessThan(sum(b!.loss));
    const calm = projectDeal(deal, collateral, at(0.06, 0), settlement).projection;
    expect(calm.events.lossTrigger).to.equal(null);
  });

  it("refuses a speed or default rate outside its range, naming it", () => {
    expect(() => projectDeal(deal, collateral, at(1.5), settlement)).to.throw(InvalidInputError, /cpr: must be a rate from 0 to 100 %/);
    expect(() => projectDeal(deal, collateral, { ...at(0), speed: { kind: "psa", psa: -1 } }, settlement)).to.throw(InvalidInputError, /psa/);
    expect(() => projectDeal(deal, collateral, at(0.1, 2), settlement)).to.throw(InvalidInputError, /cdr/);
  });

  it("projects nothing for a deal whose pool is paid off", () => {
    const done = dealOfChain("done", terms, [bond("A", 45_000, 9_000_000n * USD, 0n), bond("B", 65_000, 800_000n * USD, 0n)], {
      period: 300, poolBalance: 0n, reserveBalance: 0n, cumulativeLoss: 0n, servicingFeeShortfall: 0n, trusteeFeeShortfall: 0n, called: false,
    });
    const { projection, rows } = projectDeal(done, collateral, at(0.1), settlement);
    expect(projection.periods).to.deep.equal([]);
    expect(rows.map((r) => r.note)).to.deep.equal(["paid off", "paid off"]);
  });
});
