import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { formatBook, parseExpiry, parseOrderId, showPrice } from "../../src/market/format.js";
import { parsePrice } from "../../src/market/price.js";

const NOW = 1_805_191_200n; // 2027-03-16T10:00:00Z

describe("market command input and output", function () {
  it("reads an expiry as a duration from the chain's time or as an ISO time with a zone", function () {
    expect(parseExpiry("7d", NOW)).to.equal(NOW + 7n * 86_400n);
    expect(parseExpiry("12h", NOW)).to.equal(NOW + 43_200n);
    expect(parseExpiry("2027-04-01T16:00:00Z", NOW)).to.equal(BigInt(Date.UTC(2027, 3, 1, 16) / 1000));
    expect(() => parseExpiry("2027-03-01T00:00:00Z", NOW)).to.throw(InvalidInputError, "not after the chain's time");
    expect(() => parseExpiry("tomorrow", NOW)).to.throw(InvalidInputError, "neither a duration");
    expect(() => parseExpiry("0d", NOW)).to.throw(InvalidInputError, "in the future");
  });

  it("reads order ids as whole numbers from 1", function () {
    expect(parseOrderId("42")).to.equal(42n);
    expect(() => parseOrderId("0")).to.throw(InvalidInputError, "not an order id");
    expect(() => parseOrderId("1.5")).to.throw(InvalidInputError, "--order");
  });

  it("prints the book with prices in 32nds and both sides side by side", function () {
    const text = formatBook({
      market: "0xM",
      token: "0xT",
      bids: [{ price: parsePrice("99-24"), amount: 250_000_000_000n, orders: 2n }],
      asks: [
        { price: parsePrice("100-04+"), amount: 100_000_000_000n, orders: 1n },
        { price: parsePrice("100.123"), amount: 5_000_000_000n, orders: 1n },
      ],
      trades: [{ block: 7, txHash: "0x1", seller: "0xS", buyer: "0xB", ref: 3n, amount: 10_000_000_000n, currentFace: 8_000_000_000n, price: parsePrice("100-08"), principal: 8_020_000_000n, accrued: 18_333_334n, fee: 0n }],
    });
    expect(text).to.contain("250,000.00 @ 99-24 (99.75000000)");
    expect(text).to.contain("100,000.00 @ 100-04+ (100.14062500)");
    expect(text).to.contain("5,000.00 @ 100.12300000");
    expect(text).to.contain("10,000.00 face (8,000.00 current) @ 100-08 (100.25000000)  principal 8,020.00 + accrued 18.33");
    expect(showPrice(parsePrice("101-162"))).to.equal("101-162 (101.50781250)");
  });
});
