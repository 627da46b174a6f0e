import { expect } from "chai";

import { CLASS_KIND, PRINCIPAL_MODE, collateralOfReport, dealConfigOfTerms, dealTermsOfView, waterfallTermsOf } from "../../../src/analytics/deal/onchain.js";
import { InvalidInputError } from "../../../src/errors.js";
import type { DealConfig } from "../../../src/analytics/deal/types.js";
import { POOL, bond } from "./fixtures.js";

/** 2026-01-01 00:00 UTC. */
const CUTOFF = 1_767_225_600;
const tokens = (n: number) => Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);

describe("the model's terms and reports as the on-chain waterfall takes them", () => {
  it("turns interest ranks into dense ordinals that keep their order and their ties", () => {
    const deal: DealConfig = {
      name: "ranks",
      originalPoolBalance: POOL,
      principalMode: "proRata",
      classes: [bond("A", 100n, 0, { interestRank: -5 }), bond("B", 100n, 0, { interestRank: 40 }), bond("C", 100n, 0, { interestRank: -5 })],
    };
    const { classes, terms } = waterfallTermsOf(deal, tokens(3), CUTOFF);
    expect(classes.map((c) => c.interestRank)).to.deep.equal([0, 1, 0]);
    expect(terms.principalMode).to.equal(PRINCIPAL_MODE.proRata);
  });

  it("defaults each class's rank to its position, and an IO's notional to a mask of the classes it names", () => {
    const deal: DealConfig = {
      name: "io",
      originalPoolBalance: POOL,
      principalMode: "sequential",
      classes: [bond("A", 100n), bond("B", 100n), { id: "X", kind: "interestOnly", couponPpm: 10_000, notionalOf: ["B"] }, { id: "P", kind: "interestOnly", couponPpm: 1, notionalOf: "pool" }],
    };
    const { classes } = waterfallTermsOf(deal, tokens(4), CUTOFF);
    expect(classes.map((c) => c.interestRank)).to.deep.equal([0, 1, 2, 3]);
    expect(classes.map((c) => c.notionalMask)).to.deep.equal([0, 0, 0b10, 0]);
    expect(classes.map((c) => c.kind)).to.deep.equal([CLASS_KIND.standard, CLASS_KIND.standard, CLASS_KIND.interestOnly, CLASS_KIND.interestOnly]);
    expect(classes[2]!.originalBalance).to.equal(0n);
  });

  it("carries PAC schedules, triggers only where the deal has them, and zero for absent enhancements", () => {
    const deal: DealConfig = {
      name: "pac",
      originalPoolBalance: POOL,
      principalMode: "sequential",
      classes: [bond("P", 600n, 0, { schedule: [500n, 0n] }), bond("S", 400n)],
      triggers: { cumulativeLossPpm: 20_000 },
    };
    const { classes, terms } = waterfallTermsOf(deal, tokens(2), CUTOFF);
    expect([classes[0]!.scheduled, classes[0]!.schedule, classes[1]!.scheduled]).to.deep.equal([true, [500n, 0n], false]);
    expect([terms.hasDelinquencyTrigger, terms.hasLossTrigger, terms.cumulativeLossTriggerPpm]).to.deep.equal([false, true, 20_000]);
    expect([terms.reserveInitialBalance, terms.servicingFeePpm, terms.cleanUpCallPpm]).to.deep.equal([0n, 0, 0]);
  });

  it("carries the pool's cut-off date (the deal's calendar) and refuses a missing one", () => {
    const deal: DealConfig = { name: "x", originalPoolBalance: POOL, principalMode: "sequential", classes: [bond("A", 1n)] };
    expect(waterfallTermsOf(deal, tokens(1), CUTOFF).terms.cutoffDate).to.equal(BigInt(CUTOFF));
    expect(() => waterfallTermsOf(deal, tokens(1), 0)).to.throw(InvalidInputError, /cut-off date in Unix seconds, got 0/);
  });

  it("reads the waterfall's terms back as the deal they were made from (ids from the tokens' symbols)", () => {
    const deal: DealConfig = {
      name: "round trip",
      originalPoolBalance: POOL,
      principalMode: "sequential",
      classes: [
        bond("P", 500n, 40_000, { interestRank: 0, schedule: [400n, 0n] }),
        { id: "Z", kind: "accrual", originalBalance: 300n, couponPpm: 60_000, interestRank: 1 },
        bond("S", 200n, 50_000, { interestRank: 1 }),
        { id: "X", kind: "interestOnly", couponPpm: 10_000, interestRank: 2, notionalOf: ["P", "S"] },
        { id: "IO", kind: "interestOnly", couponPpm: 5_000, interestRank: 3, notionalOf: "pool" },
      ],
      fees: { servicingPpm: 2_500, servicingFixed: 10n, trusteePpm: 100, trusteeFixed: 0n },
      triggers: { delinquencyPpm: 50_000, cumulativeLossPpm: 20_000 },
      reserve: { targetPpm: 5_000, floor: 25n, initialBalance: 50n },
      overcollateralizationTargetPpm: 20_000,
      cleanUpCallPpm: 100_000,
    };
    const { terms, classes } = waterfallTermsOf(deal, tokens(5), CUTOFF);
    const named = classes.map(({ token: _token, ...c }, i) => ({ ...c, id: deal.classes[i]!.id }));
    expect(dealConfigOfTerms("round trip", terms, named)).to.deep.equal(deal);
    // The view's decoded result holds every integer as a bigint: read back, the terms are the same.
    const view = Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, typeof v === "number" ? BigInt(v) : v]));
    const { cutoffDate: _cutoff, ...withoutCalendar } = terms;
    expect(dealTermsOfView(view)).to.deep.equal(withoutCalendar);
    const plain: DealConfig = { name: "plain", originalPoolBalance: POOL, principalMode: "sequential", classes: [bond("A", 1n, 0, { interestRank: 0 })], triggers: {}, fees: { servicingPpm: 0, servicingFixed: 0n, trusteePpm: 0, trusteeFixed: 0n }, reserve: { targetPpm: 0, floor: 0n, initialBalance: 0n }, overcollateralizationTargetPpm: 0 };
    const back = waterfallTermsOf(plain, tokens(1), CUTOFF);
    expect(dealConfigOfTerms("plain", back.terms, [{ ...back.classes[0]!, id: "A" }])).to.deep.equal(plain);
  });

  it("refuses a token list that does not match the classes, and more classes than the contract takes", () => {
    const deal: DealConfig = { name: "x", originalPoolBalance: POOL, principalMode: "sequential", classes: [bond("A", 1n)] };
    expect(() => waterfallTermsOf(deal, tokens(2), CUTOFF)).to.throw(InvalidInputError, /1 classes need as many tokens, got 2/);
    const many: DealConfig = { ...deal, classes: Array.from({ length: 17 }, (_, i) => bond(`C${i}`, 1n)) };
    expect(() => waterfallTermsOf(many, tokens(17), CUTOFF)).to.throw(InvalidInputError, /at most 16 classes/);
  });

  it("reads a servicer report as the model's collateral: prepayments are curtailments plus payoffs, 60+ excludes 30-day", () => {
    const bucket = (count: number, balance: bigint) => ({ count, balance });
    const collateral = collateralOfReport({
      period: 3,
      interestCollected: 10n,
      servicingFee: 1n,
      trusteeFee: 1n,
      scheduledPrincipal: 20n,
      curtailments: 3n,
      payoffs: 4n,
      payoffCount: 1,
      liquidationProceeds: 5n,
      realizedLoss: 6n,
      recoveries: 7n,
      delinquent30: bucket(1, 100n),
      delinquent60: bucket(1, 200n),
      delinquent90Plus: bucket(1, 300n),
      foreclosure: bucket(1, 400n),
      reo: bucket(1, 500n),
      endingLoanCount: 9,
      endingPoolBalance: 1_000n,
      loanRoot: `0x${"11".repeat(32)}`,
      fileHash: `0x${"22".repeat(32)}`,
      reconciliationWarnings: 0n,
    });
    expect(collateral).to.deep.equal({
      interestCollected: 10n,
      scheduledPrincipal: 20n,
      prepayments: 7n,
      liquidationProceeds: 5n,
      realizedLoss: 6n,
      recoveries: 7n,
      delinquent60Plus: 1_400n,
      endingPoolBalance: 1_000n,
    });
  });
});
