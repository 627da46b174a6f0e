/**
 * The record-date convention on the real PoolToken (docs/adr/0018-market-books-closed.md): a buyer who settles
 * before the record date pays accrued and receives the period's P&I; between the record date and the distribution
 * both venues settle nothing of the class (`MarketBooksClosed`), while cancels, withdrawals and new orders work;
 * after the distribution orders settle at the lower face with interest from the record date, and the seller of
 * record keeps the period's P&I.
 */
import { expect } from "chai";
import { network } from "hardhat";

import type { BilateralMarket } from "../../../typechain-types/index.js";
import { ASK, BID, DAY, LOT, START, price, settlement, usd, utc } from "./helpers/marketFixtures.js";
import { poolTokenMarketOn } from "./helpers/poolTokenMarket.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const poolTokenMarketFixture = poolTokenMarketOn(connection);

/** The class: 1,500,000 original face (seller 1,000,000, seller2 500,000); period 1 pays 6,875 interest + 15,000 principal. */
const SUPPLY = usd(1_500_000);
const INTEREST = usd(6_875);
const PRINCIPAL = usd(15_000);
/** Period 1's record date: the end of March (30/360 counts the 31st as the 30th). */
const RECORD_DATE = utc(2027, 3, 31, 12);

/** Pull-based P&I is index arithmetic: a holder's share may fall one unit short of the exact pro rata. */
function expectShare(actual: bigint, units: bigint, cash: bigint): void {
  const exact = (cash * units) / SUPPLY;
  expect(actual <= exact && actual + 1n >= exact, `${actual} is not ${exact} (−1 at most)`).to.equal(true);
}

async function proposedTerms(desk: BilateralMarket, tradeId: bigint) {
  const [event] = await desk.queryFilter(desk.filters.TradeProposed(tradeId));
  const t = event!.args.terms;
  return { trancheId: t.trancheId, seller: t.seller, buyer: t.buyer, proposer: t.proposer, amount: t.amount, price: t.price, expiry: t.expiry, escrowed: t.escrowed, deposit: t.deposit };
}

/** Open orders and proposals on both venues, then period 1's record date marked: the books are closed. */
async function booksClosedFixture() {
  const f = await poolTokenMarketFixture();
  const { market, desk, t, seller, seller2, buyer, buyer2, token, distributor } = f;
  const expiry = START + 60n * DAY;
  await market.connect(seller).placeAsk(t, price(100), usd(300_000), LOT, expiry); // order 1
  await market.connect(buyer).placeBid(t, price(99.5), usd(200_000), LOT, expiry); // order 2
  await desk.connect(seller2).proposeTrade(t, buyer2.address, ASK, usd(100_000), price(100.25), expiry, true, 0n); // trade 1
  await desk.connect(buyer2).proposeTrade(t, seller2.address, BID, usd(50_000), price(99.75), expiry, true, 0n); // trade 2
  await desk.connect(seller2).proposeTrade(t, buyer.address, ASK, usd(40_000), price(100), expiry, false, 0n); // trade 3
  await time.setNextBlockTimestamp(RECORD_DATE);
  await token.connect(distributor).markRecordDate();
  const terms = await Promise.all([1n, 2n, 3n].map((id) => proposedTerms(desk, id)));
  return { ...f, expiry, terms };
}

describe("the market's books close between a record date and its distribution", function () {
  it("refuses every settlement of the class on both venues with the period and its record date", async function () {
    const { market, desk, token, t, seller, seller2, buyer, buyer2, terms } = await loadFixture(booksClosedFixture);
    await time.increaseTo(RECORD_DATE + 2n * DAY);
    expect([...(await token.recordDatePending())]).to.deep.equal([true, RECORD_DATE]);
    const closed = [t, 1n, RECORD_DATE] as const;
    await expect(market.connect(buyer2).fill(1n, usd(100_000), ethers.MaxUint256)).to.be.revertedWithCustomError(market, "MarketBooksClosed").withArgs(...closed);
    await expect(market.connect(seller).fill(2n, usd(100_000), 0n)).to.be.revertedWithCustomError(market, "MarketBooksClosed").withArgs(...closed);
    await expect(desk.connect(buyer2).confirmTrade(1n, terms[0]!, ethers.MaxUint256)).to.be.revertedWithCustomError(desk, "MarketBooksClosed").withArgs(...closed);
    await expect(desk.connect(seller2).confirmTrade(2n, terms[1]!, 0n)).to.be.revertedWithCustomError(desk, "MarketBooksClosed").withArgs(...closed);
    await expect(desk.connect(buyer).confirmTrade(3n, terms[2]!, ethers.MaxUint256)).to.be.revertedWithCustomError(desk, "MarketBooksClosed").withArgs(...closed);
    await expect(market.quote(t, LOT, price(100))).to.be.revertedWithCustomError(market, "MarketBooksClosed").withArgs(...closed);
    // Nothing moved: the orders and proposals are all still open, the lock still in place.
    expect((await market.order(1n)).remaining).to.equal(usd(300_000));
    expect((await market.order(2n)).remaining).to.equal(usd(200_000));
    for (const id of [1n, 2n, 3n]) expect(await desk.tradeHash(id)).to.not.equal(ethers.ZeroHash);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(usd(300_000));
  });

  it("lets makers cancel and withdraw, and anyone clean up after expiry, while the books are closed", async function () {
    const { market, desk, token, cash, t, seller, seller2, buyer, buyer2, stranger, terms } = await loadFixture(booksClosedFixture);
    const bidCash = (await market.order(2n)).cash;
    const buyerCash = await cash.balanceOf(buyer.address);
    await expect(market.connect(seller).cancel(1n)).to.emit(market, "OrderCancelled").withArgs(1n, seller.address, false, usd(300_000), 0n);
    await expect(market.connect(buyer).cancel(2n)).to.emit(market, "OrderCancelled").withArgs(2n, buyer.address, false, 0n, bidCash);
    expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash + bidCash);
    await desk.connect(buyer2).withdrawTrade(1n, terms[0]!);
    expect(await token.lockedOf(seller2.address, await desk.getAddress())).to.equal(0n);
    const buyer2Cash = await cash.balanceOf(buyer2.address);
    await desk.connect(seller2).withdrawTrade(2n, terms[1]!);
    expect(await cash.balanceOf(buyer2.address)).to.equal(buyer2Cash + terms[1]!.deposit);
    // An order placed in the window, left to expire inside it, is cleaned up by anyone.
    await market.connect(seller).placeAsk(t, price(101), LOT, LOT, RECORD_DATE + DAY);
    await time.increaseTo(RECORD_DATE + DAY);
    await expect(market.connect(stranger).cancel(3n)).to.emit(market, "OrderCancelled").withArgs(3n, stranger.address, true, LOT, 0n);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
    expect(await cash.balanceOf(await market.getAddress())).to.equal(0n);
    expect(await cash.balanceOf(await desk.getAddress())).to.equal(0n);
  });

  it("takes new orders in the window and settles them after the distribution at the new face, accrued from the record date", async function () {
    const { market, token, cash, distributor, t, seller2, buyer2, expiry } = await loadFixture(booksClosedFixture);
    await market.connect(seller2).placeAsk(t, price(100.5), usd(100_000), LOT, expiry); // order 3, placed with the books closed
    await market.connect(buyer2).placeBid(t, price(99), usd(100_000), LOT, expiry); // order 4, its deposit priced from the record date
    await token.connect(distributor).distribute(INTEREST, PRINCIPAL);
    expect([...(await token.recordDatePending())]).to.deep.equal([false, RECORD_DATE]);
    const face = SUPPLY - PRINCIPAL;
    await time.increaseTo(utc(2027, 4, 3, 9)); // 3 days of 30/360 from March 31 (the 30th)
    const bought = settlement(usd(100_000), price(100.5), face, SUPPLY, 3n, true);
    expect(bought.currentFace).to.equal(usd(99_000));
    const [buyer2Before, seller2Before] = [await cash.balanceOf(buyer2.address), await cash.balanceOf(seller2.address)];
    await expect(market.connect(buyer2).fill(3n, usd(100_000), bought.principal + bought.accrued))
      .to.emit(market, "Traded")
      .withArgs(t, seller2.address, buyer2.address, 3n, usd(100_000), bought.currentFace, price(100.5), bought.principal, bought.accrued, 3n, 0n);
    // Cash conservation: what the buyer paid is what the seller received.
    expect(buyer2Before - (await cash.balanceOf(buyer2.address))).to.equal(bought.principal + bought.accrued);
    expect((await cash.balanceOf(seller2.address)) - seller2Before).to.equal(bought.principal + bought.accrued);
    // The bid placed in the window still covers its settlement after the paydown.
    const sold = settlement(usd(100_000), price(99), face, SUPPLY, 3n, false);
    const deposit = (await market.order(4n)).cash;
    const sellerBefore = await cash.balanceOf(seller2.address);
    await market.connect(seller2).fill(4n, usd(100_000), 0n);
    expect((await cash.balanceOf(seller2.address)) - sellerBefore).to.equal(sold.principal + sold.accrued);
    expect(deposit).to.be.greaterThanOrEqual(sold.principal + sold.accrued);
  });

  it("leaves the period's P&I with the seller of record on tokens sold right after the distribution", async function () {
    const { market, desk, token, distributor, t, seller, seller2, buyer, buyer2, terms } = await loadFixture(booksClosedFixture);
    await token.connect(distributor).distribute(INTEREST, PRINCIPAL);
    // Same block day as the distribution: the buyers pay no accrued (the period starts at the record date, March 31).
    await market.connect(buyer2).fill(1n, usd(300_000), ethers.MaxUint256);
    await desk.connect(buyer2).confirmTrade(1n, terms[0]!, ethers.MaxUint256);
    await desk.connect(buyer).confirmTrade(3n, terms[2]!, ethers.MaxUint256);
    // Holders of record: the sellers, for every token they held at the record date.
    expectShare(await token.claimable(seller.address), usd(1_000_000), INTEREST + PRINCIPAL);
    expectShare(await token.claimable(seller2.address), usd(500_000), INTEREST + PRINCIPAL);
    expect(await token.claimable(buyer2.address)).to.equal(0n);
    expect(await token.claimable(buyer.address)).to.equal(0n);
    // The next period is the buyers'.
    await token.connect(distributor).markRecordDate();
    await token.connect(distributor).distribute(INTEREST, PRINCIPAL);
    expectShare(await token.claimable(buyer2.address), usd(400_000), INTEREST + PRINCIPAL);
    expectShare(await token.claimable(buyer.address), usd(40_000), INTEREST + PRINCIPAL);
  });
});
