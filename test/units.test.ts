import { expect } from "chai";

import { InvalidInputError } from "../src/errors.js";
import { centsToUnits, formatFactor, formatTokenUnits, formatUsd, formatUtc, parseUsd, per1000 } from "../src/units.js";

describe("units", () => {
  it("formats a token amount of any decimals with thousands, at least cents, and every finer digit that is not zero", () => {
    expect(formatTokenUnits(10_000_000_000n, 6)).to.equal("10,000.00");
    expect(formatTokenUnits(1n, 6)).to.equal("0.000001");
    expect(formatTokenUnits(1_234_567_890n, 6)).to.equal("1,234.56789");
    expect(formatTokenUnits(5n * 10n ** 18n, 18)).to.equal("5.00");
    expect(formatTokenUnits(1_234n, 0)).to.equal("1,234");
    expect(formatTokenUnits(15n, 1)).to.equal("1.5");
    expect(formatTokenUnits(-2_500_000n, 6)).to.equal("-2.50");
  });

  it("parses USD amounts exactly, with or without thousands separators", () => {
    expect(parseUsd("1,234,567.89")).to.equal(1_234_567_890_000n);
    expect(parseUsd("0.000001")).to.equal(1n);
    expect(parseUsd("250000")).to.equal(250_000_000_000n);
  });

  it("rejects amounts that are not plain USD, naming the input", () => {
    expect(() => parseUsd("12.3456789", "tranches[0].face")).to.throw(InvalidInputError, "tranches[0].face");
    expect(() => parseUsd("-5")).to.throw(InvalidInputError);
    expect(() => parseUsd("1e6")).to.throw(InvalidInputError);
  });

  it("converts loan-record cents to settlement units", () => {
    expect(centsToUnits(12_345)).to.equal(123_450_000n);
  });

  it("formats cash with grouping and truncates instead of rounding up", () => {
    expect(formatUsd(1_234_567_899_999n)).to.equal("1,234,567.89");
    expect(formatUsd(999n)).to.equal("0.00");
    expect(formatUsd(-1_500_000n)).to.equal("-1.50");
  });

  it("shows factors with the agency's 8 decimals", () => {
    expect(formatFactor(10n ** 18n)).to.equal("1.00000000");
    expect(formatFactor(987_654_321_987_654_321n)).to.equal("0.98765432");
  });

  it("expresses amounts per 1,000 of original face", () => {
    // $5,000 on $1,000,000 original face is 5 per 1,000.
    expect(per1000(5_000_000_000n, 1_000_000_000_000n)).to.equal("5.00000000");
  });

  it("writes a chain timestamp as a UTC date and time to the second", () => {
    // 2027-07-31 23:59:59 UTC: the last second of July, a period's record date.
    expect(formatUtc(1_817_078_399)).to.equal("2027-07-31 23:59:59 UTC");
    expect(formatUtc(1_817_078_400n)).to.equal("2027-08-01 00:00:00 UTC");
  });
});
