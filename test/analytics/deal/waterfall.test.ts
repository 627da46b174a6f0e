import { expect } from "chai";
import { InvalidInputError, MbsError } from "../../../src/errors.js";
import { runDeal } from "../../../src/analytics/deal/run.js";
import type { ClassPeriodResult, CollateralPeriod, DealConfig, PeriodResult } from "../../../src/analytics/deal/types.js";
import { assertConservation, initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { POOL, bond, deal, report } from "./fixtures.js";

// Coupons in ppm: 6 % on $800 is $4 a month, 12 % on $200 is $2 (units: 1 USD = 1,000,000).
const SIX = 60_000;
const TWELVE = 120_000;
const M = 1_000_000n;

function cls(period: PeriodResult | undefined, id: string): ClassPeriodResult {
  const found = period?.classes.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no class ${id}`);
  return found;
}

function one(config: DealConfig, r: CollateralPeriod): PeriodResult {
  return runPeriod(config, initialState(config), r).result;
}

const seniorSub = deal({ classes: [bond("A", 800n * M, SIX), bond("B", 200n * M, TWELVE)] });

describe("payment waterfall", () => {
  describe("fees and interest", () => {
    it("pays servicing and trustee fees before any interest", () => {
      // Servicing 0.25 % a year on $1,000 = 208,333.33 units a month (floored), trustee $0.01 fixed.
      const config = deal({
        classes: [bond("A", POOL, SIX)],
        fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 0, trusteeFixed: 10_000n },
      });
      const fees = 208_333n + 10_000n;
      const p = one(config, report(POOL, { interestCollected: fees + 5n * M - 1n }));
      expect(p.fees.paid).to.equal(fees);
      expect(cls(p, "A").interestPaid).to.equal(5n * M - 1n);
      expect(cls(p, "A").interestShortfall).to.equal(1n);
    });

    it("pays senior interest in full before junior interest", () => {
      const p = one(seniorSub, report(POOL, { interestCollected: 5n * M }));
      expect(cls(p, "A").interestPaid).to.equal(4n * M);
      expect(cls(p, "B").interestPaid).to.equal(1n * M);
      expect(cls(p, "B").interestShortfall).to.equal(1n * M);
    });

    it("carries unpaid interest forward and pays it first the next period, without interest on it", () => {
      const run = runDeal(seniorSub, [report(POOL, { interestCollected: 5n * M }), report(POOL, { interestCollected: 8n * M })]);
      const second = run.periods[1];
      expect(cls(second, "B").carriedShortfall).to.equal(1n * M);
      expect(cls(second, "B").interestPaid).to.equal(3n * M);
      expect(cls(second, "B").interestShortfall).to.equal(0n);
      expect(second?.residual).to.equal(1n * M);
    });

    it("shares interest pro rata within a rank, the unit of dust to the first class listed", () => {
      const config = deal({
        classes: [
          bond("A1", 500n * M, 72_000, { interestRank: 0 }),
          bond("A2", 500n * M, 72_000, { interestRank: 0 }),
        ],
      });
      const p = one(config, report(POOL, { interestCollected: 3n * M + 1n }));
      expect(cls(p, "A1").interestPaid).to.equal(1_500_001n);
      expect(cls(p, "A2").interestPaid).to.equal(1_500_000n);
    });

    it("leaves the fraction of a unit cut from each accrual in the residual", () => {
      // 999,999 units at 7.5 % accrue 6,249.99375 a month: the class gets 6,249, the residual 1.
      const config = deal({ originalPoolBalance: 999_999n, classes: [bond("PT", 999_999n, 75_000)] });
      const p = one(config, report(999_999n, { interestCollected: 6_250n }));
      expect(cls(p, "PT").interestPaid).to.equal(6_249n);
      expect(p.residual).to.equal(1n);
    });
  });

  describe("principal", () => {
    it("gives the pro-rata remainder unit to the first class so no principal is lost", () => {
      const config = deal({
        principalMode: "proRata",
        classes: [bond("A", 333_333_333n), bond("B", 333_333_333n), bond("C", 333_333_334n)],
      });
      const p = one(config, report(POOL, { scheduledPrincipal: 100n }));
      expect(["A", "B", "C"].map((id) => cls(p, id).principalPaid)).to.deep.equal([34n, 33n, 33n]);
      expect(p.classes.map((c) => c.lossAllocated)).to.deep.equal([0n, 0n, 0n]);
    });

    describe("pro rata switching to sequential on a trigger", () => {
      const switching = (triggers: DealConfig["triggers"]) =>
        deal({ principalMode: "proRataUntilTrigger", triggers, classes: [bond("A", 500n * M), bond("B", 500n * M)] });

      it("pays pro rata while 60+ delinquencies are at most the threshold", () => {
        const p = one(switching({ delinquencyPpm: 100_000 }), report(POOL, { scheduledPrincipal: 100n * M, delinquent60Plus: 90n * M }));
        expect(p.triggers.delinquency?.tripped).to.equal(false);
        expect(p.principalModeApplied).to.equal("proRata");
        expect([cls(p, "A").principalPaid, cls(p, "B").principalPaid]).to.deep.equal([50n * M, 50n * M]);
      });

      it("pays sequentially once 60+ delinquencies exceed it, by even one unit", () => {
        const p = one(switching({ delinquencyPpm: 100_000 }), report(POOL, { scheduledPrincipal: 100n * M, delinquent60Plus: 90n * M + 1n }));
        expect(p.triggers.delinquency).to.deep.equal({ actualPpm: 100_000n, thresholdPpm: 100_000n, tripped: true });
        expect([cls(p, "A").principalPaid, cls(p, "B").principalPaid]).to.deep.equal([100n * M, 0n]);
      });

      it("pays sequentially once cumulative losses exceed their share of the original pool", () => {
        // Loss $10.000001 > 1 % of $1,000; excess interest covers it, so A gets 100 + 10.000001.
        const loss = 10n * M + 1n;
        const p = one(
          switching({ cumulativeLossPpm: 10_000 }),
          report(POOL, { interestCollected: 20n * M, scheduledPrincipal: 100n * M, realizedLoss: loss }),
        );
        expect(p.triggers.cumulativeLoss?.tripped).to.equal(true);
        expect([cls(p, "A").principalPaid, cls(p, "B").principalPaid]).to.deep.equal([100n * M + loss, 0n]);
      });
    });

    it("pays a scheduled (PAC) class down to its schedule before the support class", () => {
      const config = deal({ classes: [bond("P", 600n * M, 0, { schedule: [570n * M, 500n * M] }), bond("S", 400n * M)] });
      const run = runDeal(config, [report(POOL, { prepayments: 50n * M }), report(950n * M, { prepayments: 40n * M })]);
      expect([cls(run.periods[0], "P").principalPaid, cls(run.periods[0], "S").principalPaid]).to.deep.equal([30n * M, 20n * M]);
      // Period 2 falls short of the schedule: all 40 goes to the PAC, the support waits.
      expect([cls(run.periods[1], "P").principalPaid, cls(run.periods[1], "S").principalPaid]).to.deep.equal([40n * M, 0n]);
    });
  });

  describe("losses", () => {
    it("writes a realized loss off the junior class first", () => {
      const p = one(seniorSub, report(POOL, { interestCollected: 6n * M, liquidationProceeds: 50n * M, realizedLoss: 150n * M }));
      expect(cls(p, "A").principalPaid).to.equal(50n * M);
      expect([cls(p, "A").lossAllocated, cls(p, "B").lossAllocated]).to.deep.equal([0n, 150n * M]);
      expect(cls(p, "B").endingBalance).to.equal(50n * M);
    });

    it("reaches the senior class only once the junior class is gone", () => {
      const p = one(seniorSub, report(POOL, { interestCollected: 6n * M, realizedLoss: 300n * M }));
      expect([cls(p, "A").lossAllocated, cls(p, "B").lossAllocated]).to.deep.equal([100n * M, 200n * M]);
      expect([cls(p, "A").endingBalance, cls(p, "B").endingBalance]).to.deep.equal([700n * M, 0n]);
    });
  });

  describe("credit enhancement", () => {
    // One class of $1,000 at 6 % ($5 a month) on collateral paying 9.6 % ($8): $3 of excess spread.
    const reserveDeal = deal({
      classes: [bond("A", POOL, SIX)],
      reserve: { targetPpm: 20_000, floor: 0n, initialBalance: 0n },
    });

    it("tops the reserve up toward its target from excess spread", () => {
      const p = one(reserveDeal, report(POOL, { interestCollected: 8n * M, scheduledPrincipal: 100n * M }));
      expect(p.reserve.target).to.equal(18n * M); // 2 % of the $900 left
      expect(p.reserve.deposit).to.equal(3n * M);
      expect(p.reserve.ending).to.equal(3n * M);
      expect(p.residual).to.equal(0n);
    });

    it("draws on the reserve for an interest shortfall", () => {
      const run = runDeal(reserveDeal, [
        report(POOL, { interestCollected: 8n * M, scheduledPrincipal: 100n * M }),
        report(900n * M, { interestCollected: 8n * M }),
        report(900n * M, { interestCollected: 1n * M }),
      ]);
      const third = run.periods[2];
      expect(run.periods[1]?.reserve.ending).to.equal(6_500_000n);
      expect(cls(third, "A").interestPaid).to.equal(4_500_000n);
      expect(third?.reserve.draw).to.equal(3_500_000n);
      expect(third?.reserve.movement).to.equal(-3_500_000n);
      expect(third?.reserve.ending).to.equal(3n * M);
    });

    it("releases a reserve above its target into the waterfall", () => {
      const config = { ...reserveDeal, reserve: { targetPpm: 20_000, floor: 0n, initialBalance: 30n * M } };
      const p = one(config, report(POOL, { interestCollected: 5n * M }));
      expect(p.reserve.release).to.equal(10n * M);
      expect(p.residual).to.equal(10n * M);
    });

    it("turbo-pays the bonds from excess spread until OC reaches its target", () => {
      // OC target 15 % of $1,000 = $150; OC starts at $100. $10 of principal plus $3.5 of excess spread.
      const config = deal({ classes: [bond("A", 900n * M, SIX)], overcollateralizationTargetPpm: 150_000 });
      const p = one(config, report(POOL, { interestCollected: 8n * M, scheduledPrincipal: 10n * M }));
      expect(cls(p, "A").principalPaid).to.equal(13_500_000n);
      expect(p.overcollateralization).to.deep.equal({ actual: 103_500_000n, target: 150n * M });
      expect(p.residual).to.equal(0n);
    });

    it("releases principal to the residual while OC is above its target", () => {
      const config = deal({ classes: [bond("A", 900n * M, SIX)], overcollateralizationTargetPpm: 50_000 });
      const p = one(config, report(POOL, { interestCollected: 8n * M, scheduledPrincipal: 10n * M }));
      expect(cls(p, "A").principalPaid).to.equal(0n);
      expect(p.residual).to.equal(13_500_000n);
      expect(p.overcollateralization.actual).to.equal(90n * M);
    });
  });

  describe("clean-up call", () => {
    const callable = deal({ classes: [bond("A", POOL, SIX)], cleanUpCallPpm: 100_000 });

    it("buys the collateral at par and retires every class when the pool factor falls below 10 %", () => {
      const { result, state } = runPeriod(callable, initialState(callable), report(POOL, { interestCollected: 5n * M, prepayments: 905n * M }));
      expect(result.cleanUpCallProceeds).to.equal(95n * M);
      expect(cls(result, "A").principalPaid).to.equal(POOL);
      expect(result.pool.endingBalance).to.equal(0n);
      expect(state.called).to.equal(true);
      expect(() => runPeriod(callable, state, report(0n))).to.throw(MbsError, /called/);
    });

    it("is not exercised at exactly 10 %", () => {
      const p = one(callable, report(POOL, { interestCollected: 5n * M, prepayments: 900n * M }));
      expect(p.cleanUpCallProceeds).to.equal(0n);
      expect(cls(p, "A").endingBalance).to.equal(100n * M);
    });
  });

  describe("strips and pass-throughs", () => {
    const strip = deal({
      classes: [
        { id: "IO", kind: "interestOnly", couponPpm: 75_000, notionalOf: "pool" },
        { id: "PO", kind: "principalOnly", originalBalance: POOL, couponPpm: 0 },
      ],
    });

    it("pays the IO interest on the pool's notional and the PO all the principal", () => {
      const run = runDeal(strip, [
        report(POOL, { interestCollected: 6_250_000n, scheduledPrincipal: 10n * M }),
        report(990n * M, { interestCollected: 6_187_500n, scheduledPrincipal: 10n * M }),
      ]);
      expect(cls(run.periods[0], "IO").interestPaid).to.equal(6_250_000n);
      expect(cls(run.periods[0], "IO").endingBalance).to.equal(990n * M);
      expect(cls(run.periods[0], "IO").factor).to.equal(990_000_000_000_000_000n);
      expect(cls(run.periods[1], "IO").interestCurrent).to.equal(6_187_500n);
      expect(cls(run.periods[0], "PO").principalPaid).to.equal(10n * M);
      expect(cls(run.periods[0], "PO").interestPaid).to.equal(0n);
    });

    it("gives an IO on named classes the interest on their combined balance", () => {
      const config = deal({
        classes: [bond("A", 600n * M, SIX), bond("B", 400n * M, SIX), { id: "AIO", kind: "interestOnly", couponPpm: 12_000, notionalOf: ["A"] }],
      });
      const p = one(config, report(POOL, { interestCollected: 10n * M, scheduledPrincipal: 100n * M }));
      expect(cls(p, "AIO").interestPaid).to.equal(600_000n); // 1.2 % of $600 / 12
      expect(cls(p, "AIO").endingBalance).to.equal(500n * M);
    });

    it("passes the collateral's principal straight through a one-class deal", () => {
      const config = deal({ classes: [bond("PT", POOL, 75_000)] });
      const p = one(config, report(POOL, { interestCollected: 6_250_000n, scheduledPrincipal: 700_000n, prepayments: 1_300_000n }));
      expect(cls(p, "PT").principalPaid).to.equal(2n * M);
      expect(cls(p, "PT").interestPaid).to.equal(6_250_000n);
      expect(p.residual).to.equal(0n);
    });
  });

  describe("conservation", () => {
    it("rejects a period whose payments do not add up to the cash available", () => {
      const p = one(seniorSub, report(POOL, { interestCollected: 6n * M }));
      expect(() => assertConservation(p)).not.to.throw();
      expect(() => assertConservation({ ...p, residual: p.residual + 1n })).to.throw(MbsError, /conserve/);
    });
  });

  describe("input validation", () => {
    it("names a report whose balances do not tie", () => {
      const bad = { ...report(POOL, { scheduledPrincipal: 10n }), endingPoolBalance: POOL };
      expect(() => one(seniorSub, bad)).to.throw(InvalidInputError, /report\[period 1\]\.endingPoolBalance/);
    });

    it("names a negative amount in a report", () => {
      expect(() => one(seniorSub, report(POOL, { interestCollected: -1n }))).to.throw(InvalidInputError, /interestCollected/);
    });

    it("rejects bonds larger than the pool", () => {
      expect(() => initialState(deal({ classes: [bond("A", POOL + 1n)] }))).to.throw(InvalidInputError, /more than the pool/);
    });

    it("rejects an accrual class outside sequential principal", () => {
      const z = deal({ principalMode: "proRata", classes: [bond("A", 500n * M), bond("Z", 500n * M, SIX, { kind: "accrual" })] });
      expect(() => initialState(z)).to.throw(InvalidInputError, /accrual/);
    });

    it("rejects a coupon on a principal-only class and a rate of 100 % or more", () => {
      expect(() => initialState(deal({ classes: [bond("PO", POOL, 1, { kind: "principalOnly" })] }))).to.throw(InvalidInputError, /principal-only/);
      expect(() => initialState(deal({ classes: [bond("A", POOL, 1_000_000)] }))).to.throw(InvalidInputError, /couponPpm/);
    });

    it("rejects an IO whose notional names an unknown class", () => {
      const io = deal({ classes: [bond("A", POOL), { id: "IO", kind: "interestOnly", couponPpm: 1, notionalOf: ["X"] }] });
      expect(() => initialState(io)).to.throw(InvalidInputError, /"X"/);
    });
  });
});
