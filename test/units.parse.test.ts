import { expect } from "chai";

import { formatCents, parseIsoDate, parsePercentPpm, parseUsdCents, formatPpm } from "../src/units.js";

describe("deal-file units", () => {
  it("reads dollars with cents exactly, from text or a JSON number", () => {
    expect(parseUsdCents("1250000.07")).to.deep.equal({ ok: true, value: 125_000_007n });
    expect(parseUsdCents("1,250,000.5")).to.deep.equal({ ok: true, value: 125_000_050n });
    expect(parseUsdCents(1250000)).to.deep.equal({ ok: true, value: 125_000_000n });
    // 0.1 + 0.2 style floats never enter: 9007199254740.99 is beyond a double's cents but exact as text.
    expect(parseUsdCents("9007199254740.99")).to.deep.equal({ ok: true, value: 900_719_925_474_099n });
  });

  it("refuses negative amounts, fractions of a cent and non-amounts, saying why", () => {
    expect(parseUsdCents("-1.00")).to.deep.equal({ ok: false, reason: "must not be negative" });
    expect(parseUsdCents("1.001")).to.have.property("ok", false);
    expect(parseUsdCents("1e6")).to.have.property("ok", false);
    expect(parseUsdCents(true)).to.have.property("ok", false);
  });

  it("reads a coupon in percent into parts per million, 1/8 % steps exact", () => {
    expect(parsePercentPpm(5.125)).to.deep.equal({ ok: true, value: 51_250 });
    expect(parsePercentPpm("6")).to.deep.equal({ ok: true, value: 60_000 });
    expect(parsePercentPpm("0.0001")).to.deep.equal({ ok: true, value: 1 });
    expect(formatPpm(51_250)).to.equal("5.125%");
  });

  it("refuses a coupon written in basis points", () => {
    const parsed = parsePercentPpm(550);
    expect(parsed.ok).to.equal(false);
    expect(parsed.ok ? "" : parsed.reason).to.match(/basis points/);
  });

  it("reads calendar dates as midnight UTC and refuses impossible ones", () => {
    expect(parseIsoDate("2026-01-01")).to.deep.equal({ ok: true, value: Date.UTC(2026, 0, 1) / 1000 });
    expect(parseIsoDate("2024-02-29")).to.deep.equal({ ok: true, value: Date.UTC(2024, 1, 29) / 1000 });
    expect(parseIsoDate("2026-02-29")).to.deep.equal({ ok: false, reason: "not a calendar date" });
    expect(parseIsoDate("01/02/2026")).to.have.property("ok", false);
  });

  it("shows cents as grouped dollars with two decimals, the sign in front", () => {
    expect(formatCents(123_456_789n)).to.equal("1,234,567.89");
    expect(formatCents(5n)).to.equal("0.05");
    expect(formatCents(-150n)).to.equal("-1.50");
  });
});
