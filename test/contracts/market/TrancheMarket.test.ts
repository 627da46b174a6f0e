import { expect } from "chai";

import {
  ASK,
  BID,
  CODE,
  DAY,
  LOT,
  START,
  ethers,
  marketFixture,
  networkHelpers,
  price,
  settlement,
  usd,
  utc,
} from "./helpers/marketFixtures.js";

const { loadFixture, time } = networkHelpers;
const WEEK = 7n * DAY;

async function askFixture() {
  const f = await loadFixture(marketFixture);
  const expiry = START + WEEK;
  await f.market.connect(f.seller).placeAsk(await f.token.getAddress(), price(101.5), usd(400_000), LOT, expiry);
  return { ...f, orderId: 1n, expiry };
}

async function bidFixture() {
  const f = await loadFixture(marketFixture);
  const expiry = START + WEEK;
  const tokenAddress = await f.token.getAddress();
  const deposit = await f.market.bidDeposit(tokenAddress, usd(300_000), price(99.25), expiry);
  await f.market.connect(f.buyer).placeBid(tokenAddress, price(99.25), usd(300_000), usd(50_000), expiry);
  return { ...f, orderId: 1n, expiry, deposit };
}

describe("TrancheMarket", function () {
  describe("listing", function () {
    it("takes the token, the coupon and the first accrual date from the pool record", async function () {
      const { market, token, pool } = await loadFixture(marketFixture);
      const id = await market.trancheIdOf(await token.getAddress());
      expect(id).to.equal(1n);
      const [listed] = await market.queryFilter(market.filters.TrancheListed(id));
      expect([listed!.args.token, listed!.args.pool, listed!.args.poolIndex, listed!.args.couponPpm, listed!.args.accrualStart]).to.deep.equal([
        await token.getAddress(),
        await pool.getAddress(),
        0n,
        55_000n,
        utc(2027, 3, 1),
      ]);
      await expect(market.listTranche(await pool.getAddress(), 0))
        .to.be.revertedWithCustomError(market, "MarketAlreadyListed")
        .withArgs(await token.getAddress());
    });

    it("lets only the listing role list and only the fee role set a fee of at most 1 %", async function () {
      const { market, pool, outsider, feeAccount } = await loadFixture(marketFixture);
      await expect(market.connect(outsider).listTranche(await pool.getAddress(), 0)).to.be.revertedWithCustomError(
        market,
        "AccessControlUnauthorizedAccount",
      );
      await expect(market.connect(outsider).setTakerFee(feeAccount.address, 5)).to.be.revertedWithCustomError(
        market,
        "AccessControlUnauthorizedAccount",
      );
      await expect(market.setTakerFee(feeAccount.address, 101))
        .to.be.revertedWithCustomError(market, "MarketFeeTooHigh")
        .withArgs(101, 100);
      await expect(market.setTakerFee(ethers.ZeroAddress, 5))
        .to.be.revertedWithCustomError(market, "MarketFeeTooHigh")
        .withArgs(5, 0);
      await expect(market.setTakerFee(feeAccount.address, 5)).to.emit(market, "TakerFeeSet").withArgs(feeAccount.address, 5);
    });
  });

  describe("asks", function () {
    it("lock the tokens in the seller's wallet, where they keep their balance", async function () {
      const { market, token, seller, orderId, expiry } = await askFixture();
      expect(await token.balanceOf(seller.address)).to.equal(usd(1_000_000));
      expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(usd(400_000));
      const o = await market.order(orderId);
      expect([o.maker, o.side, o.price, o.remaining, o.minFill, o.expiry, o.cash]).to.deep.equal([
        seller.address,
        BigInt(ASK),
        price(101.5),
        usd(400_000),
        LOT,
        expiry,
        0n,
      ]);
    });

    it("announce every term in OrderPlaced", async function () {
      const { market, token, seller } = await loadFixture(marketFixture);
      const expiry = START + WEEK;
      await expect(market.connect(seller).placeAsk(await token.getAddress(), price(101), usd(5_000), LOT, expiry))
        .to.emit(market, "OrderPlaced")
        .withArgs(1n, await token.getAddress(), seller.address, ASK, price(101), usd(5_000), LOT, expiry, 0n);
    });

    it("refuse a minimum fill below the lot size, above the amount, a zero price or a past expiry", async function () {
      const { market, token, seller } = await loadFixture(marketFixture);
      const t = await token.getAddress();
      const expiry = START + WEEK;
      await expect(market.connect(seller).placeAsk(t, price(100), usd(5_000), usd(999), expiry))
        .to.be.revertedWithCustomError(market, "MarketInvalidSize")
        .withArgs(usd(5_000), usd(999), LOT);
      await expect(market.connect(seller).placeAsk(t, price(100), usd(5_000), usd(6_000), expiry))
        .to.be.revertedWithCustomError(market, "MarketInvalidSize")
        .withArgs(usd(5_000), usd(6_000), LOT);
      await expect(market.connect(seller).placeAsk(t, 0n, usd(5_000), LOT, expiry))
        .to.be.revertedWithCustomError(market, "MarketInvalidPrice")
        .withArgs(0n);
      await expect(market.connect(seller).placeAsk(t, price(100), usd(5_000), LOT, START - 1n)).to.be.revertedWithCustomError(
        market,
        "MarketInvalidExpiry",
      );
      await expect(market.connect(seller).placeAsk(seller.address, price(100), usd(5_000), LOT, expiry))
        .to.be.revertedWithCustomError(market, "MarketNotListed")
        .withArgs(seller.address);
    });

    it("cannot lock more than the seller's free balance", async function () {
      const { market, token, seller } = await askFixture();
      await expect(
        market.connect(seller).placeAsk(await token.getAddress(), price(100), usd(600_001), LOT, START + WEEK),
      ).to.be.revertedWithCustomError(token, "TokenTransferRestricted");
    });
  });

  describe("filling an ask", function () {
    it("settles price × current face / 100 + 30/360 accrued from the cut-off, rounded up for the selling maker", async function () {
      const { market, token, cash, seller, buyer, admin, orderId } = await askFixture();
      // A principal payment brings the factor to 0.8 before the trade.
      await token.connect(admin).distribute(usd(5_000), usd(300_000));
      const amount = usd(100_000);
      // 2027-03-01 to 2027-03-16: 15 days of 30/360.
      const s = settlement(amount, price(101.5), usd(1_200_000), usd(1_500_000), 15n, true);
      expect(s.currentFace).to.equal(usd(80_000));
      expect(s.principal).to.equal(usd(81_200));
      expect(s.accrued).to.equal(183_333_334n); // 80,000 × 5.5 % × 15/360 = 183.33333…, up
      const quoted = await market.quote(await token.getAddress(), amount, price(101.5));
      expect([quoted[0], quoted[1], quoted[2], quoted[3]]).to.deep.equal([s.currentFace, s.principal, s.accrued, 15n]);

      const sellerCash = await cash.balanceOf(seller.address);
      const buyerCash = await cash.balanceOf(buyer.address);
      const total = s.principal + s.accrued;
      await expect(market.connect(buyer).fill(orderId, amount, total))
        .to.emit(market, "Traded")
        .withArgs(await token.getAddress(), seller.address, buyer.address, orderId, amount, s.currentFace, price(101.5), s.principal, s.accrued, 15n, 0n)
        .and.to.emit(market, "OrderFilled")
        .withArgs(orderId, buyer.address, amount, usd(300_000), 0n);
      expect(await cash.balanceOf(seller.address)).to.equal(sellerCash + total);
      expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash - total);
      expect(await token.balanceOf(buyer.address)).to.equal(amount);
      expect(await token.balanceOf(seller.address)).to.equal(usd(900_000));
      expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(usd(300_000));
      expect((await market.order(orderId)).remaining).to.equal(usd(300_000));
    });

    it("closes the order when the last of it is taken, so it can never settle again", async function () {
      const { market, buyer, buyer2, orderId } = await askFixture();
      await market.connect(buyer).fill(orderId, usd(400_000), ethers.MaxUint256);
      await expect(market.order(orderId)).to.be.revertedWithCustomError(market, "MarketUnknownOrder").withArgs(orderId);
      await expect(market.connect(buyer2).fill(orderId, LOT, ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketUnknownOrder")
        .withArgs(orderId);
    });

    it("charges the taker fee on top to the buying taker, rounded down, and pays it to the fee account", async function () {
      const { market, token, cash, seller, buyer, admin, feeAccount, orderId } = await askFixture();
      await market.connect(admin).setTakerFee(feeAccount.address, 25);
      const amount = usd(10_000);
      const s = settlement(amount, price(101.5), usd(1_500_000), usd(1_500_000), 15n, true);
      const total = s.principal + s.accrued;
      const fee = (total * 25n) / 10_000n;
      const sellerCash = await cash.balanceOf(seller.address);
      await expect(market.connect(buyer).fill(orderId, amount, total + fee - 1n))
        .to.be.revertedWithCustomError(market, "MarketCashAboveLimit")
        .withArgs(orderId, total + fee, total + fee - 1n);
      await market.connect(buyer).fill(orderId, amount, total + fee);
      expect(await cash.balanceOf(feeAccount.address)).to.equal(fee);
      expect(await cash.balanceOf(seller.address)).to.equal(sellerCash + total);
      expect(await token.balanceOf(buyer.address)).to.equal(amount);
    });

    it("enforces the minimum fill and never leaves less than it behind", async function () {
      const { market, buyer, orderId } = await askFixture();
      await expect(market.connect(buyer).fill(orderId, LOT - 1n, ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketInvalidFill")
        .withArgs(orderId, LOT - 1n, usd(400_000), LOT);
      await expect(market.connect(buyer).fill(orderId, usd(399_500), ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketInvalidFill")
        .withArgs(orderId, usd(399_500), usd(400_000), LOT);
      await expect(market.connect(buyer).fill(orderId, usd(400_001), ethers.MaxUint256)).to.be.revertedWithCustomError(
        market,
        "MarketInvalidFill",
      );
    });

    it("refuses the maker's own fill and any fill after expiry", async function () {
      const { market, seller, buyer, orderId, expiry } = await askFixture();
      await expect(market.connect(seller).fill(orderId, LOT, ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketSelfTrade")
        .withArgs(orderId, seller.address);
      await time.increaseTo(expiry);
      await expect(market.connect(buyer).fill(orderId, LOT, ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketOrderExpired")
        .withArgs(orderId, expiry);
    });

    it("fails with the token's reason when the buyer is not eligible, moving nothing", async function () {
      const { market, token, cash, seller, outsider, orderId } = await askFixture();
      await cash.mint(outsider.address, usd(1_000_000));
      await cash.connect(outsider).approve(await market.getAddress(), ethers.MaxUint256);
      await expect(market.connect(outsider).fill(orderId, usd(10_000), ethers.MaxUint256))
        .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
        .withArgs(CODE.RecipientNotVerified, seller.address, outsider.address, usd(10_000));
      expect(await token.balanceOf(outsider.address)).to.equal(0n);
      expect((await market.order(orderId)).remaining).to.equal(usd(400_000));
    });

    it("fails with the token's reason when the seller was frozen, and the seller can still cancel", async function () {
      const { market, token, seller, buyer, orderId } = await askFixture();
      await token.setFrozen(seller.address, true);
      await expect(market.connect(buyer).fill(orderId, usd(10_000), ethers.MaxUint256))
        .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
        .withArgs(CODE.SenderFrozen, seller.address, buyer.address, usd(10_000));
      await market.connect(seller).cancel(orderId);
      expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
    });

    it("fails when the buyer would end below the lot size (the token's rule)", async function () {
      const { market, token, seller, buyer } = await loadFixture(marketFixture);
      await token.setMinHolding(usd(2_000));
      await market.connect(seller).placeAsk(await token.getAddress(), price(100), usd(10_000), usd(2_000), START + WEEK);
      await token.setMinHolding(usd(5_000));
      await expect(market.connect(buyer).fill(1n, usd(2_000), ethers.MaxUint256))
        .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
        .withArgs(CODE.BelowMinimumHolding, seller.address, buyer.address, usd(2_000));
    });
  });

  describe("bids", function () {
    it("escrow the cash of the whole amount with interest to expiry, rounded up", async function () {
      const { market, cash, buyer, deposit, orderId, expiry } = await bidFixture();
      // 2027-03-01 to 2027-03-23 (the expiry date): 22 days.
      const s = settlement(usd(300_000), price(99.25), 1n, 1n, 22n, true);
      expect(deposit).to.equal(s.principal + s.accrued);
      expect(await cash.balanceOf(await market.getAddress())).to.equal(deposit);
      const o = await market.order(orderId);
      expect([o.maker, o.side, o.cash, o.expiry]).to.deep.equal([buyer.address, BigInt(BID), deposit, expiry]);
    });

    it("pay a selling taker out of escrow, rounded down for the buying maker, and refund the rest at the end", async function () {
      const { market, token, cash, seller, buyer, orderId, deposit } = await bidFixture();
      const first = settlement(usd(100_000), price(99.25), 1n, 1n, 15n, false);
      const sellerCash = await cash.balanceOf(seller.address);
      await market.connect(seller).fill(orderId, usd(100_000), first.principal + first.accrued);
      expect(await cash.balanceOf(seller.address)).to.equal(sellerCash + first.principal + first.accrued);
      expect(await token.balanceOf(buyer.address)).to.equal(usd(100_000));
      const left = deposit - first.principal - first.accrued;
      expect((await market.order(orderId)).cash).to.equal(left);

      await time.increaseTo(utc(2027, 3, 20, 12)); // 19 days of accrual now
      const second = settlement(usd(200_000), price(99.25), 1n, 1n, 19n, false);
      const buyerCash = await cash.balanceOf(buyer.address);
      const refund = left - second.principal - second.accrued;
      await expect(market.connect(seller).fill(orderId, usd(200_000), 0n))
        .to.emit(market, "OrderFilled")
        .withArgs(orderId, seller.address, usd(200_000), 0n, refund);
      expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash + refund);
      expect(await cash.balanceOf(await market.getAddress())).to.equal(0n);
    });

    it("deduct the taker fee from a selling taker's proceeds and honour its minimum", async function () {
      const { market, cash, seller, admin, feeAccount, orderId } = await bidFixture();
      await market.connect(admin).setTakerFee(feeAccount.address, 10);
      const s = settlement(usd(100_000), price(99.25), 1n, 1n, 15n, false);
      const total = s.principal + s.accrued;
      const fee = (total * 10n) / 10_000n;
      await expect(market.connect(seller).fill(orderId, usd(100_000), total - fee + 1n))
        .to.be.revertedWithCustomError(market, "MarketCashBelowLimit")
        .withArgs(orderId, total - fee, total - fee + 1n);
      const before = await cash.balanceOf(seller.address);
      await market.connect(seller).fill(orderId, usd(100_000), total - fee);
      expect(await cash.balanceOf(seller.address)).to.equal(before + total - fee);
      expect(await cash.balanceOf(feeAccount.address)).to.equal(fee);
    });

    it("fail with the token's reason when the selling taker is not eligible", async function () {
      const { market, token, buyer, outsider, orderId } = await bidFixture();
      await token.mint(outsider.address, usd(100_000));
      await token.connect(outsider).approve(await market.getAddress(), ethers.MaxUint256);
      await expect(market.connect(outsider).fill(orderId, usd(100_000), 0n))
        .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
        .withArgs(CODE.SenderNotVerified, outsider.address, buyer.address, usd(100_000));
    });

    it("report an underfunded escrow when the face rose after placement (a loss write-up)", async function () {
      const { market, token, seller, orderId } = await bidFixture();
      await token.writeUp(usd(150_000)); // current face 110 % of original
      await expect(market.connect(seller).fill(orderId, usd(300_000), 0n)).to.be.revertedWithCustomError(
        market,
        "MarketBidUnderfunded",
      );
    });
  });

  describe("cancel and expiry", function () {
    it("return exactly what was put in: the lock released, the deposit refunded", async function () {
      const { market, token, cash, seller, buyer } = await loadFixture(marketFixture);
      const t = await token.getAddress();
      const buyerCash = await cash.balanceOf(buyer.address);
      await market.connect(seller).placeAsk(t, price(101), usd(50_000), LOT, START + WEEK);
      await market.connect(buyer).placeBid(t, price(99), usd(50_000), LOT, START + WEEK);
      const deposit = (await market.order(2n)).cash;
      await expect(market.connect(seller).cancel(1n)).to.emit(market, "OrderCancelled").withArgs(1n, seller.address, false, usd(50_000), 0n);
      await expect(market.connect(buyer).cancel(2n)).to.emit(market, "OrderCancelled").withArgs(2n, buyer.address, false, 0n, deposit);
      expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
      expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash);
      expect(await cash.balanceOf(await market.getAddress())).to.equal(0n);
    });

    it("is the maker's alone before expiry and anyone's after it", async function () {
      const { market, token, seller, outsider, orderId, expiry } = await askFixture();
      await expect(market.connect(outsider).cancel(orderId))
        .to.be.revertedWithCustomError(market, "MarketNotCancellable")
        .withArgs(orderId, outsider.address, expiry);
      await time.increaseTo(expiry);
      await expect(market.connect(outsider).cancel(orderId))
        .to.emit(market, "OrderCancelled")
        .withArgs(orderId, outsider.address, true, usd(400_000), 0n);
      expect(await token.lockedOf(seller.address, await market.getAddress())).to.equal(0n);
    });

    it("releases only what is still locked after an enforcement action took part of the lock", async function () {
      const { market, token, seller, orderId } = await askFixture();
      await token.enforcementRelease(seller.address, await market.getAddress(), usd(150_000));
      await expect(market.connect(seller).cancel(orderId))
        .to.emit(market, "OrderCancelled")
        .withArgs(orderId, seller.address, false, usd(250_000), 0n);
    });

    it("loses a race to a fill cleanly: a cancelled order cannot be filled, a filled one cannot be cancelled", async function () {
      const { market, seller, buyer, orderId } = await askFixture();
      await market.connect(seller).cancel(orderId);
      await expect(market.connect(buyer).fill(orderId, LOT, ethers.MaxUint256))
        .to.be.revertedWithCustomError(market, "MarketUnknownOrder")
        .withArgs(orderId);
      await expect(market.connect(seller).cancel(orderId)).to.be.revertedWithCustomError(market, "MarketUnknownOrder");
    });
  });

  describe("record-date convention", function () {
    it("leaves the P&I distributed while the ask is open with the seller, and restarts accrual at the record date", async function () {
      const { market, token, seller, buyer, admin, orderId } = await askFixture();
      // The record date for April's payment, then the payment itself while the ask is still open.
      await time.increaseTo(utc(2027, 3, 20));
      await token.connect(admin).markRecordDate();
      await token.connect(admin).distribute(usd(4_500), usd(10_500));
      // Two thirds of it to the seller (1,000,000 of 1,500,000 issued), whose tokens sat locked in its own wallet.
      expect(await token.claimable(seller.address)).to.equal(usd(10_000));
      await time.increaseTo(utc(2027, 3, 22, 9));
      const q = await market.quote(await token.getAddress(), usd(100_000), price(100));
      expect(q[3]).to.equal(2n); // accrual from the record date (March 20) to March 22
      await market.connect(buyer).fill(orderId, usd(100_000), ethers.MaxUint256);
      expect(await token.claimable(buyer.address)).to.equal(0n);
      expect(await token.claimable(seller.address)).to.equal(usd(10_000));
    });
  });

  describe("views", function () {
    it("give the best bid and ask by price then time, and depth by level", async function () {
      const { market, token, seller, seller2, buyer, buyer2 } = await loadFixture(marketFixture);
      const t = await token.getAddress();
      const e = START + WEEK;
      await market.connect(seller).placeAsk(t, price(101.5), usd(10_000), LOT, e); // 1
      await market.connect(seller2).placeAsk(t, price(101), usd(20_000), LOT, e); // 2
      await market.connect(seller).placeAsk(t, price(101), usd(5_000), LOT, e); // 3
      await market.connect(seller2).placeAsk(t, price(102), usd(7_000), LOT, START + DAY); // 4, expires first
      await market.connect(buyer).placeBid(t, price(99), usd(10_000), LOT, e); // 5
      await market.connect(buyer2).placeBid(t, price(99.5), usd(10_000), LOT, e); // 6

      expect((await market.best(t, ASK)).orderId).to.equal(2n);
      expect((await market.best(t, BID)).orderId).to.equal(6n);
      const asks = await market.depth(t, ASK, 5);
      expect(asks.map((l) => [l.price, l.amount, l.orders])).to.deep.equal([
        [price(101), usd(25_000), 2n],
        [price(101.5), usd(10_000), 1n],
        [price(102), usd(7_000), 1n],
      ]);
      expect((await market.depth(t, BID, 1)).map((l) => l.price)).to.deep.equal([price(99.5)]);
      expect((await market.order(3n)).maker).to.equal(seller.address);

      await time.increaseTo(START + DAY);
      expect((await market.depth(t, ASK, 5)).length).to.equal(2); // the expired order drops out
      await market.connect(seller2).fill(6n, usd(10_000), 0n);
      expect((await market.best(t, BID)).orderId).to.equal(5n);
      await market.connect(seller).cancel(1n);
      await expect(market.order(1n)).to.be.revertedWithCustomError(market, "MarketUnknownOrder");
      expect((await market.best(t, ASK)).orderId).to.equal(2n);
      await market.connect(buyer).cancel(5n);
      expect((await market.best(t, BID)).orderId).to.equal(0n);
    });
  });
});
