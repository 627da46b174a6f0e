import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { MarketPreflightError, cancelOrder, claimCash, fillOrder, placeOrder, readBook, transferTokens } from "../../src/market/orders.js";
import { ASK, LOT, START, ethers, marketFixture, networkHelpers, price, usd } from "../contracts/market/helpers/marketFixtures.js";

const { loadFixture } = networkHelpers;
const DAY = 86_400n;

describe("market workflows (src/market)", function () {
  it("places an ask and a bid, reads the book, fills both and shows the trades", async function () {
    const { market, token, seller, buyer, seller2 } = await loadFixture(marketFixture);
    const m = await market.getAddress();
    const t = await token.getAddress();
    const ask = await placeOrder({ market: m, token: t, side: "ask", price: price(101.5), amount: usd(50_000), minFill: LOT, expiry: START + DAY }, seller);
    const bid = await placeOrder({ market: m, token: t, side: "bid", price: price(99.25), amount: usd(20_000), minFill: LOT, expiry: START + DAY }, buyer);
    expect(ask.deposit).to.equal(0n);
    expect(bid.deposit).to.equal(await market.bidDeposit(t, usd(20_000), price(99.25), START + DAY));
    let book = await readBook({ market: m, token: t, levels: 5, trades: 5 }, buyer);
    expect(book.asks).to.deep.equal([{ price: price(101.5), amount: usd(50_000), orders: 1n }]);
    expect(book.bids).to.deep.equal([{ price: price(99.25), amount: usd(20_000), orders: 1n }]);

    await fillOrder({ market: m, orderId: ask.orderId, amount: usd(10_000) }, buyer);
    await fillOrder({ market: m, orderId: bid.orderId }, seller2);
    book = await readBook({ market: m, token: t, levels: 5, trades: 5 }, buyer);
    expect(book.bids).to.deep.equal([]);
    expect(book.asks[0]!.amount).to.equal(usd(40_000));
    expect(book.trades.map((trade) => [trade.ref, trade.amount, trade.price])).to.deep.equal([
      [bid.orderId, usd(20_000), price(99.25)],
      [ask.orderId, usd(10_000), price(101.5)],
    ]);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(30_000));
  });

  it("says why before sending: a fill the token refuses, an ask above the free balance, a stranger's cancel", async function () {
    const { market, token, seller, buyer, outsider } = await loadFixture(marketFixture);
    const m = await market.getAddress();
    const t = await token.getAddress();
    const { orderId } = await placeOrder({ market: m, token: t, side: "ask", price: price(100), amount: usd(900_000), expiry: START + DAY }, seller);
    await expect(fillOrder({ market: m, orderId }, outsider)).to.be.rejectedWith(MarketPreflightError, "RecipientNotVerified");
    await expect(placeOrder({ market: m, token: t, side: "ask", price: price(100), amount: usd(200_000), expiry: START + DAY }, seller)).to.be.rejectedWith(
      MarketPreflightError,
      "free of",
    );
    await expect(cancelOrder({ market: m, orderId }, buyer)).to.be.rejectedWith(MarketPreflightError, "belongs to");
    await expect(fillOrder({ market: m, orderId: 99n }, buyer)).to.be.rejectedWith(InvalidInputError, "is not open");
    const { order } = await cancelOrder({ market: m, orderId }, seller);
    expect(order.side).to.equal("ask");
    expect(await token.lockedOf(seller.address, m)).to.equal(0n);
    expect(ASK).to.equal(1);
  });

  it("transfers only what the token allows, printing the reason otherwise, and claims accrued cash", async function () {
    const { token, seller, buyer, outsider, admin } = await loadFixture(marketFixture);
    const t = await token.getAddress();
    await expect(transferTokens({ token: t, to: outsider.address, amount: usd(5_000) }, seller)).to.be.rejectedWith(
      MarketPreflightError,
      "nothing was sent",
    );
    await transferTokens({ token: t, to: buyer.address, amount: usd(5_000) }, seller);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(5_000));
    await token.connect(admin).distribute(usd(1_500), 0n);
    const claimed = await claimCash({ token: t }, buyer);
    expect(claimed.amount).to.equal(usd(5));
    expect((await claimCash({ token: t }, buyer)).txHash).to.equal(undefined);
  });

  it("says the books are closed before sending a fill between a record date and its distribution, and lets a transfer through with a notice", async function () {
    const { market, token, seller, buyer, seller2, admin } = await loadFixture(marketFixture);
    const m = await market.getAddress();
    const t = await token.getAddress();
    const { orderId } = await placeOrder({ market: m, token: t, side: "ask", price: price(100), amount: usd(50_000), expiry: START + 30n * DAY }, seller);
    await token.markRecordDate();
    const recordDate = await token.lastRecordDate();
    const block = await ethers.provider.getBlockNumber();
    const when = new Date(Number(recordDate) * 1000).toISOString().slice(0, 16).replace("T", " ");
    await expect(fillOrder({ market: m, orderId }, buyer)).to.be.rejectedWith(
      MarketPreflightError,
      `order ${orderId} cannot be filled now: books closed: period 1's record date passed at ${when} UTC; trading resumes when the period is distributed; nothing was sent`,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    // A transfer has no cash leg: the token allows it, and the command says who keeps the period's P&I first.
    const notices: string[] = [];
    const sent = await transferTokens({ token: t, to: seller2.address, amount: LOT, onNotice: (text) => notices.push(text) }, seller);
    expect(notices).to.deep.equal([sent.notice]);
    expect(sent.notice).to.match(/^books closed: period 1's record date passed at .*; this transfer has no cash leg and is allowed, and period 1's P&I on these tokens stays with 0x[0-9a-fA-F]{40}, the holder of record$/);
    // Distributed: the books reopen and the same order fills.
    await token.connect(admin).distribute(usd(100), usd(1_000));
    await fillOrder({ market: m, orderId }, buyer);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(50_000));
    expect((await transferTokens({ token: t, to: seller2.address, amount: LOT }, seller)).notice).to.equal(undefined);
  });
});
