import { expect } from "chai";
import { InvalidInputError } from "../../../src/errors.js";
import { dealConfigFromDealFile } from "../../../src/analytics/deal/from-deal-file.js";
import type { DealFileTerms } from "../../../src/analytics/deal/from-deal-file.js";
import { initialState } from "../../../src/analytics/deal/waterfall.js";

/** A senior/subordinate deal file: $95 + $4 of classes on $100 of loans ($1 of OC), in cents. */
const seniorSub: DealFileTerms = {
  name: "MBSC 2026-1",
  structure: "senior-subordinate",
  overcollateralization: { kind: "fixed", cents: 100n },
  tranches: [
    { symbol: "A", originalFaceCents: 9_500n, couponPpm: 55_000, seniority: 1 },
    { symbol: "M", originalFaceCents: 400n, couponPpm: 70_000, seniority: 2 },
  ],
};

describe("waterfall configuration from a deal file", () => {
  it("makes one class per tranche in file order, faces in 6-decimal units, interest by seniority, OC held", () => {
    const config = dealConfigFromDealFile(seniorSub);
    expect(config.originalPoolBalance).to.equal(100_000_000n);
    expect(config.overcollateralizationTargetPpm).to.equal(10_000); // the closing OC, 1 % of the pool
    expect(config.classes).to.deep.equal([
      { id: "A", kind: "standard", originalBalance: 95_000_000n, couponPpm: 55_000, interestRank: 1 },
      { id: "M", kind: "standard", originalBalance: 4_000_000n, couponPpm: 70_000, interestRank: 2 },
    ]);
    expect(() => initialState(config)).not.to.throw();
  });

  it("needs the pool balance when the OC is the residual, and checks it when the OC is fixed", () => {
    const residual: DealFileTerms = { ...seniorSub, overcollateralization: { kind: "residual" } };
    expect(() => dealConfigFromDealFile(residual)).to.throw(InvalidInputError, /residual/);
    expect(dealConfigFromDealFile(residual, 120_000_000n).originalPoolBalance).to.equal(120_000_000n);
    expect(() => dealConfigFromDealFile(seniorSub, 120_000_000n)).to.throw(InvalidInputError, /not 120000000/);
    expect(() => dealConfigFromDealFile(residual, 98_000_000n)).to.throw(InvalidInputError, /cannot back/);
  });
});
