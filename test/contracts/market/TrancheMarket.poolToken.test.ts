/**
 * The market against the real tranche token: its KYC registry, transfer rules with reason codes,
 * per-escrow locks, pull-based P&I and record dates decide, not a mock.
 */
import { expect } from "chai";
import { keccak256 } from "ethers";
import { network } from "hardhat";

import { ASK, BID, DAY, LOT, START, price, settlement, usd, utc } from "./helpers/marketFixtures.js";
import { ACCREDITED, CODE, US, poolTokenMarketOn } from "./helpers/poolTokenMarket.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const poolTokenMarketFixture = poolTokenMarketOn(connection);

describe("TrancheMarket on the real PoolToken", function () {
  it("settles a full DvP: tokens to the buyer, cash to the seller, the lock consumed", async function () {
    const { market, token, cash, t, seller, buyer } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101.5), usd(200_000), LOT, START + 7n * DAY);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(usd(200_000));
    expect(await token.balanceOf(seller.address)).to.equal(usd(1_000_000));
    const s = settlement(usd(200_000), price(101.5), 1n, 1n, 15n, true);
    const before = await cash.balanceOf(seller.address);
    await market.connect(buyer).fill(1n, usd(200_000), s.principal + s.accrued);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(200_000));
    expect(await cash.balanceOf(seller.address)).to.equal(before + s.principal + s.accrued);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
  });

  it("keeps each venue's lock apart, and every lock within the holder's balance", async function () {
    const { market, desk, token, t, seller, buyer } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101), usd(600_000), LOT, START + DAY);
    await desk.connect(seller).proposeTrade(t, buyer.address, ASK, usd(400_000), price(100), START + DAY, true, 0n);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(usd(600_000));
    expect(await token.lockedOf(seller.address, await desk.getAddress())).to.equal(usd(400_000));
    expect(await token.totalLockedOf(seller.address)).to.equal(await token.balanceOf(seller.address));
    await expect(market.connect(seller).placeAsk(t, price(101), LOT, LOT, START + DAY)).to.be.revertedWithCustomError(
      token,
      "ERC7943InsufficientUnfrozenBalance",
    );
  });

  it("refuses a buyer whose KYC was revoked, with the token's reason, and lets the seller cancel", async function () {
    const { market, registry, compliance, token, t, seller, buyer } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101), usd(50_000), LOT, START + DAY);
    await registry.connect(compliance).revoke(buyer.address, ethers.id("expired documents"));
    await expect(market.connect(buyer).fill(1n, usd(50_000), ethers.MaxUint256))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(CODE.RecipientNotVerified, seller.address, buyer.address, usd(50_000));
    await market.connect(seller).cancel(1n);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
  });

  it("refuses a buyer resident in a blocked country and a seller frozen in the registry", async function () {
    const { market, registry, compliance, token, t, seller, buyer, blocked } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101), usd(50_000), LOT, START + DAY);
    await expect(market.connect(blocked).fill(1n, usd(50_000), ethers.MaxUint256))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(CODE.RecipientCountryBlocked, seller.address, blocked.address, usd(50_000));
    await registry.connect(compliance).setFrozen(seller.address, true);
    await expect(market.connect(buyer).fill(1n, usd(50_000), ethers.MaxUint256))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(CODE.SenderFrozen, seller.address, buyer.address, usd(50_000));
  });

  it("refuses a bid's fill once the buyer's KYC has expired, and anyone cleans the bid up after expiry", async function () {
    const { market, registry, compliance, token, cash, t, seller, buyer, stranger } = await loadFixture(poolTokenMarketFixture);
    const expiry = START + 20n * DAY;
    // The buyer's verification lapses before its bid does.
    await registry.connect(compliance).setInvestors([{ account: buyer.address, verifiedUntil: START + 10n * DAY, country: US, classes: ACCREDITED, recordHash: keccak256(buyer.address) }]);
    await market.connect(buyer).placeBid(t, price(99), usd(100_000), LOT, expiry);
    const deposit = (await market.order(1n)).cash;
    const buyerCash = await cash.balanceOf(buyer.address);
    await time.increaseTo(START + 11n * DAY);
    await expect(market.connect(seller).fill(1n, usd(100_000), 0n))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(CODE.RecipientKycExpired, seller.address, buyer.address, usd(100_000));
    await expect(market.connect(stranger).cancel(1n)).to.be.revertedWithCustomError(market, "MarketNotCancellable");
    await time.increaseTo(expiry);
    await market.connect(stranger).cancel(1n);
    expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash + deposit);
  });

  it("pays the buyer who settled before the record date the period's P&I, with accrued from the cut-off paid to the seller", async function () {
    const { market, token, cash, distributor, t, seller, buyer2 } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(100), usd(300_000), LOT, START + 60n * DAY);
    await time.increaseTo(utc(2027, 3, 21, 9)); // 20 days of 30/360 since the cut-off (March 1)
    const s = settlement(usd(300_000), price(100), usd(1_500_000), usd(1_500_000), 20n, true);
    expect([...(await market.quote(t, usd(300_000), price(100)))]).to.deep.equal([s.currentFace, s.principal, s.accrued, 20n, 0n]);
    const sellerCash = await cash.balanceOf(seller.address);
    await market.connect(buyer2).fill(1n, usd(300_000), s.principal + s.accrued);
    expect((await cash.balanceOf(seller.address)) - sellerCash).to.equal(s.principal + s.accrued);
    await time.increaseTo(utc(2027, 3, 31, 12));
    await token.connect(distributor).markRecordDate();
    await token.connect(distributor).distribute(usd(6_875), usd(15_000));
    // The buyer holds 300,000 at the record date: the period's P&I on it is the buyer's.
    // Pull-based P&I is index arithmetic: a share may fall one unit short of the exact pro rata.
    expect(await token.claimable(buyer2.address)).to.be.closeTo((usd(21_875) * usd(300_000)) / usd(1_500_000), 1n);
    expect(await token.claimable(seller.address)).to.be.closeTo((usd(21_875) * usd(700_000)) / usd(1_500_000), 1n);
  });

  it("releases only what wallet recovery left of the lock when the order is cancelled", async function () {
    const { market, token, compliance, t, seller, recovered } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101), usd(100_000), LOT, START + DAY);
    await token.connect(compliance).recoverWallet(seller.address, recovered.address);
    expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
    await expect(market.connect(seller).cancel(1n)).to.emit(market, "OrderCancelled").withArgs(1n, seller.address, false, 0n, 0n);
  });

  it("matches a bid and an ask from the book's own views", async function () {
    const { market, token, t, seller, seller2, buyer, buyer2 } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(101), usd(100_000), LOT, START + DAY);
    await market.connect(seller2).placeAsk(t, price(100.75), usd(50_000), LOT, START + DAY);
    await market.connect(buyer).placeBid(t, price(100.5), usd(80_000), LOT, START + DAY);
    const bestAsk = await market.best(t, ASK);
    expect(bestAsk.orderId).to.equal(2n);
    await market.connect(buyer2).fill(bestAsk.orderId, usd(20_000), ethers.MaxUint256);
    const bestBid = await market.best(t, BID);
    await market.connect(seller).fill(bestBid.orderId, usd(30_000), 0n);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(30_000));
    expect(await token.balanceOf(buyer2.address)).to.equal(usd(20_000));
    expect((await market.order(2n)).remaining).to.equal(usd(30_000));
  });
});
