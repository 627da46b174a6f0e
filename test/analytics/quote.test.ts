import "../helpers/chai-float.js";
import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { quoteClass, quoteFromOptions } from "../../src/analytics/quote.js";
import type { ClassQuoteInput } from "../../src/analytics/quote.js";

/** A 5.5 % class of $10 million original face, 40 % paid down, 300 months left, settling mid-month. */
const facts = { originalFace: 10_000_000, currentFace: 6_000_000, coupon: 0.055 };
const base = (over: Partial<ClassQuoteInput> = {}): ClassQuoteInput => ({
  facts, wac: 0.06, wam: 300, prepay: { kind: "psa", psa: 150 },
  settlement: { year: 2027, month: 3, day: 16 }, delayDays: 24, basis: { kind: "yield", yield: 0.06 }, ...over,
});
const speedOptions = { psa: undefined, cpr: undefined, smm: undefined, vectorUnit: undefined };

describe("quoteClass (the pure class quote)", function () {
  it("round-trips price → yield → price at a factor below 1", function () {
    const fromYield = quoteClass(base());
    expect(fromYield.factor).to.equal(0.6);
    const back = quoteClass(base({ basis: { kind: "price", price: fromYield.price } }));
    expect(back.yield).to.be.closeToNumber(6, 1e-7);
    expect(back.marketValue).to.be.closeToNumber(6_000_000 * fromYield.fullPrice / 100, 1e-4);
  });

  it("shortens the WAL at a higher prepayment speed", function () {
    const slow = quoteClass(base({ prepay: { kind: "psa", psa: 100 } }));
    const fast = quoteClass(base({ prepay: { kind: "psa", psa: 400 } }));
    expect(fast.wal).to.be.lessThan(slow.wal - 2);
  });

  it("yields below the coupon at a premium price and above it at a discount", function () {
    expect(quoteClass(base({ basis: { kind: "price", price: 103 } })).yield).to.be.lessThan(5.5);
    expect(quoteClass(base({ basis: { kind: "price", price: 97 } })).yield).to.be.greaterThan(5.5);
  });

  it("prices from a spread over the benchmark at the WAL, and reports that spread back", function () {
    const curve = [{ years: 2, rate: 0.04 }, { years: 10, rate: 0.045 }];
    const q = quoteClass(base({ basis: { kind: "spread", spreadBp: 120, curve } }));
    expect(q.spreadBp).to.be.closeToNumber(120, 1e-9);
    const flat = quoteClass(base({ basis: { kind: "spread", spreadBp: 100, curve: [{ years: 10, rate: 0.042 }] } }));
    expect(flat.yield).to.be.closeToNumber(5.2, 1e-12);
  });

  it("refuses a paid-off class and a class without a coupon", function () {
    expect(() => quoteClass(base({ facts: { ...facts, currentFace: 0 } }))).to.throw(InvalidInputError, "paid off");
    expect(() => quoteClass(base({ facts: { originalFace: 1, currentFace: 1 } }))).to.throw(InvalidInputError, "--coupon");
  });
});

describe("quoteFromOptions (mbs quote's options)", function () {
  const opts = { ...speedOptions, settle: "2027-03-16", delay: undefined, price: undefined, yield: undefined, spread: undefined, curve: undefined, coupon: undefined, wac: undefined, term: undefined, wam: "300", age: undefined };

  it("quotes from the command line's units", function () {
    const q = quoteFromOptions(facts, { ...opts, yield: "6", psa: "150", wac: "6" });
    expect(q.price).to.be.closeToNumber(quoteClass(base()).price, 1e-9);
  });

  it("names the option and its unit when one is wrong or missing", function () {
    expect(() => quoteFromOptions(facts, { ...opts })).to.throw(InvalidInputError, "exactly one of --price, --yield and --spread");
    expect(() => quoteFromOptions(facts, { ...opts, spread: "80" })).to.throw(InvalidInputError, "--curve");
    expect(() => quoteFromOptions(facts, { ...opts, price: "-3" })).to.throw(InvalidInputError, "--price");
    expect(() => quoteFromOptions(facts, { ...opts, yield: "6", wam: "400" })).to.throw(InvalidInputError, "--wam: must be from 1 months up to 360 months, got 400 months");
    expect(() => quoteFromOptions(facts, { ...opts, yield: "6", wam: undefined })).to.throw(InvalidInputError, "--wam");
    expect(() => quoteFromOptions(facts, { ...opts, yield: "6", coupon: "5.5", wac: "5" })).to.throw(InvalidInputError, "--wac");
  });
});
