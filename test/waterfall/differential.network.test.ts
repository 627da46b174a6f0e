import { expect } from "chai";
import { network } from "hardhat";

import { runDifferential } from "./differential.js";

const { ethers } = await network.create();

// The full run (≥ 300 periods over every deal shape) is in the benchmark (bench/remit.ts); this size keeps
// `npm test` fast while still reaching every shape and rule.
const DEALS = 14;
const PERIODS = 8;

describe("waterfall contract vs reference model (differential, seeded)", () => {
  it(`agrees to the unit on every line of ${DEALS} random deals × up to ${PERIODS} periods`, async function () {
    this.timeout(600_000);
    const summary = await runDifferential(ethers, { deals: DEALS, periods: PERIODS });
    expect(summary.mismatches.slice(0, 20)).to.deep.equal([]);
    expect(summary.periods).to.be.greaterThan(DEALS * 4);
    for (const [shape, periods] of Object.entries(summary.byShape)) expect(periods, `periods of ${shape}`).to.be.greaterThan(0);
    for (const rule of ["tripped", "accretion", "writeDown", "shortfall", "proRata"]) {
      expect(summary.reached[rule], `periods reaching ${rule}`).to.be.greaterThan(0);
    }
  });
});
