import { expect } from "chai";

import { MarketPreflightError } from "../../src/market/orders.js";
import { confirmTrade, proposeTrade, withdrawTrade } from "../../src/market/trades.js";
import { START, marketFixture, networkHelpers, price, usd } from "../contracts/market/helpers/marketFixtures.js";

const { loadFixture } = networkHelpers;

describe("bilateral trade workflows (src/market)", function () {
  it("proposes, confirms from the event's terms, and settles both legs", async function () {
    const { desk, token, seller, buyer } = await loadFixture(marketFixture);
    const d = await desk.getAddress();
    const t = await token.getAddress();
    const { tradeId } = await proposeTrade({ desk: d, token: t, counterparty: buyer.address, side: "ask", amount: usd(25_000), price: price(100.5), expiry: START + 86_400n, escrowed: false }, seller);
    await expect(confirmTrade({ desk: d, tradeId, slippageBps: 10n }, seller)).to.be.rejectedWith(MarketPreflightError, "the counterparty");
    await confirmTrade({ desk: d, tradeId, slippageBps: 10n }, buyer);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(25_000));
  });

  it("refuses a proposal the token would refuse, and withdraws an escrowed one returning the lock", async function () {
    const { desk, token, seller, buyer, outsider } = await loadFixture(marketFixture);
    const d = await desk.getAddress();
    const t = await token.getAddress();
    await expect(
      proposeTrade({ desk: d, token: t, counterparty: outsider.address, side: "ask", amount: usd(25_000), price: price(100), expiry: START + 86_400n, escrowed: true }, seller),
    ).to.be.rejectedWith(MarketPreflightError, "RecipientNotVerified");
    const { tradeId } = await proposeTrade({ desk: d, token: t, counterparty: buyer.address, side: "ask", amount: usd(25_000), price: price(100), expiry: START + 86_400n, escrowed: true }, seller);
    expect(await token.lockedOf(seller.address, d)).to.equal(usd(25_000));
    await withdrawTrade({ desk: d, tradeId }, buyer);
    expect(await token.lockedOf(seller.address, d)).to.equal(0n);
  });

  it("proposes while the books are closed and refuses the confirmation before sending until the distribution", async function () {
    const { desk, token, seller, buyer, admin } = await loadFixture(marketFixture);
    const d = await desk.getAddress();
    const t = await token.getAddress();
    await token.markRecordDate();
    const { tradeId } = await proposeTrade({ desk: d, token: t, counterparty: seller.address, side: "bid", amount: usd(25_000), price: price(100), expiry: START + 30n * 86_400n, escrowed: false }, buyer);
    await expect(confirmTrade({ desk: d, tradeId, slippageBps: 10n }, seller)).to.be.rejectedWith(
      MarketPreflightError,
      new RegExp(`^trade ${tradeId} cannot be confirmed now: books closed: period 1's record date passed at .* UTC; trading resumes when the period is distributed; nothing was sent$`),
    );
    await token.connect(admin).distribute(usd(100), usd(1_000));
    await confirmTrade({ desk: d, tradeId, slippageBps: 10n }, seller);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(25_000));
  });
});
