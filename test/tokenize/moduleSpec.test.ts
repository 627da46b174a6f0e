import { expect } from "chai";

import { centsToTokenUnits, moduleIdFor } from "../../src/tokenize/moduleSpec.js";

describe("pool module spec", () => {
  it("turns cents into token units of any decimals of two or more", () => {
    expect(centsToTokenUnits(123_45n, 6)).to.equal(123_450_000n);
    expect(centsToTokenUnits(1n, 18)).to.equal(10n ** 16n);
    expect(centsToTokenUnits(99n, 2)).to.equal(99n);
    expect(() => centsToTokenUnits(1n, 0)).to.throw(RangeError);
  });

  it("derives an Ignition module id from any deal id", () => {
    expect(moduleIdFor("MBSC 2026-1")).to.equal("Pool_MBSC_2026_1");
    expect(moduleIdFor("  weird//id  ")).to.equal("Pool_weird_id");
    expect(moduleIdFor("MBSC 2026-1")).to.match(/^[A-Za-z][A-Za-z0-9_]*$/);
  });
});
