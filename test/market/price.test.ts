import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { formatPrice, formatThirtySeconds, parsePrice } from "../../src/market/price.js";

describe("market prices", function () {
  it("reads decimal prices exactly to 8 decimals", function () {
    expect(parsePrice("101.5")).to.equal(10_150_000_000n);
    expect(parsePrice("99.828125")).to.equal(9_982_812_500n);
    expect(parsePrice("100")).to.equal(10_000_000_000n);
    expect(parsePrice("100.000000000")).to.equal(10_000_000_000n);
  });

  it("reads 32nds, halves (+) and eighths of a 32nd as desks write them", function () {
    expect(parsePrice("101-16")).to.equal(10_150_000_000n);
    expect(parsePrice("101-16+")).to.equal(10_151_562_500n);
    expect(parsePrice("101-162")).to.equal(10_150_781_250n);
    expect(parsePrice("99-00")).to.equal(9_900_000_000n);
  });

  it("prints a price back in 32nds when it is a whole tick", function () {
    expect(formatThirtySeconds(parsePrice("101-16+"))).to.equal("101-16+");
    expect(formatThirtySeconds(parsePrice("101-162"))).to.equal("101-162");
    expect(formatThirtySeconds(parsePrice("101.5"))).to.equal("101-16");
    expect(formatThirtySeconds(parsePrice("101.12345678"))).to.equal(undefined);
    expect(formatPrice(parsePrice("101-16+"))).to.equal("101.51562500");
  });

  it("refuses what is not a price, says where and why", function () {
    for (const [text, why] of [
      ["abc", "is not a price per 100"],
      ["101-32", "not a number of 32nds"],
      ["101.123456789", "more than 8 decimals"],
      ["0", "above 0"],
      ["-5", "is not a price per 100"],
    ] as const) {
      expect(() => parsePrice(text, "--price")).to.throw(InvalidInputError, why).with.property("input", "--price");
    }
  });
});
