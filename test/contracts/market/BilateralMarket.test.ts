import { expect } from "chai";

import type { BilateralMarket } from "../../../typechain-types/index.js";
import { ASK, BID, CODE, DAY, START, ethers, marketFixture, networkHelpers, price, settlement, usd } from "./helpers/marketFixtures.js";

const { loadFixture, time } = networkHelpers;

/** IBilateralMarket.TradeTerms, as `TradeProposed` announces them and confirmTrade takes them back. */
interface Terms {
  trancheId: bigint;
  seller: string;
  buyer: string;
  proposer: bigint;
  amount: bigint;
  price: bigint;
  expiry: bigint;
  escrowed: boolean;
  deposit: bigint;
}

/** The terms as `TradeProposed` announced them: what a confirming or withdrawing party passes back. */
async function proposedTerms(desk: BilateralMarket, tradeId: bigint): Promise<Terms> {
  const [event] = await desk.queryFilter(desk.filters.TradeProposed(tradeId));
  const t = event!.args.terms;
  return {
    trancheId: t.trancheId,
    seller: t.seller,
    buyer: t.buyer,
    proposer: t.proposer,
    amount: t.amount,
    price: t.price,
    expiry: t.expiry,
    escrowed: t.escrowed,
    deposit: t.deposit,
  };
}

async function sellerProposedFixture() {
  const f = await loadFixture(marketFixture);
  const expiry = START + 2n * DAY;
  await f.desk
    .connect(f.seller)
    .proposeTrade(await f.token.getAddress(), f.buyer.address, ASK, usd(250_000), price(100.75), expiry, true, 0n);
  return { ...f, tradeId: 1n, terms: await proposedTerms(f.desk, 1n) };
}

async function buyerProposedFixture() {
  const f = await loadFixture(marketFixture);
  const expiry = START + 2n * DAY;
  await f.desk
    .connect(f.buyer)
    .proposeTrade(await f.token.getAddress(), f.seller.address, BID, usd(250_000), price(99.5), expiry, true, 0n);
  return { ...f, tradeId: 1n, terms: await proposedTerms(f.desk, 1n) };
}

describe("BilateralMarket", function () {
  it("settles a seller's proposal on the buyer's confirmation: tokens to the buyer, cash to the seller", async function () {
    const { desk, token, cash, seller, buyer, tradeId, terms } = await sellerProposedFixture();
    expect(await token.lockedOf(seller.address, await desk.getAddress())).to.equal(usd(250_000));
    expect(await desk.tradeHash(tradeId)).to.equal(await desk.hashTerms(terms));
    const s = settlement(usd(250_000), price(100.75), 1n, 1n, 15n, true);
    const total = s.principal + s.accrued;
    const before = await cash.balanceOf(seller.address);
    await expect(desk.connect(buyer).confirmTrade(tradeId, terms, total))
      .to.emit(desk, "TradeConfirmed")
      .withArgs(tradeId, buyer.address, 0n)
      .and.to.emit(desk, "Traded")
      .withArgs(await token.getAddress(), seller.address, buyer.address, tradeId, usd(250_000), s.currentFace, price(100.75), s.principal, s.accrued, 15n, 0n);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(250_000));
    expect(await cash.balanceOf(seller.address)).to.equal(before + total);
    expect(await desk.tradeHash(tradeId)).to.equal(ethers.ZeroHash);
    await expect(desk.connect(buyer).confirmTrade(tradeId, terms, total)).to.be.revertedWithCustomError(desk, "MarketUnknownTrade");
  });

  it("settles a buyer's proposal out of its deposit on the seller's confirmation, refunding the rest", async function () {
    const { desk, token, cash, seller, buyer, tradeId, terms } = await buyerProposedFixture();
    // Deposit: interest to the expiry date (March 18: 17 days), rounded up.
    const d = settlement(usd(250_000), price(99.5), 1n, 1n, 17n, true);
    expect(terms.deposit).to.equal(d.principal + d.accrued);
    expect(await cash.balanceOf(await desk.getAddress())).to.equal(terms.deposit);
    const s = settlement(usd(250_000), price(99.5), 1n, 1n, 15n, false);
    const refund = terms.deposit - s.principal - s.accrued;
    const buyerCash = await cash.balanceOf(buyer.address);
    await expect(desk.connect(seller).confirmTrade(tradeId, terms, s.principal + s.accrued))
      .to.emit(desk, "TradeConfirmed")
      .withArgs(tradeId, seller.address, refund);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(250_000));
    expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash + refund);
    expect(await cash.balanceOf(await desk.getAddress())).to.equal(0n);
  });

  it("takes the confirmation from the counterparty only, with the exact terms proposed", async function () {
    const { desk, seller, buyer, buyer2, tradeId, terms } = await sellerProposedFixture();
    await expect(desk.connect(seller).confirmTrade(tradeId, terms, ethers.MaxUint256))
      .to.be.revertedWithCustomError(desk, "MarketNotCounterparty")
      .withArgs(tradeId, seller.address);
    await expect(desk.connect(buyer2).confirmTrade(tradeId, terms, ethers.MaxUint256))
      .to.be.revertedWithCustomError(desk, "MarketNotCounterparty")
      .withArgs(tradeId, buyer2.address);
    const cheaper = { ...terms, price: price(90) };
    await expect(desk.connect(buyer).confirmTrade(tradeId, cheaper, ethers.MaxUint256))
      .to.be.revertedWithCustomError(desk, "MarketUnknownTrade")
      .withArgs(tradeId);
  });

  it("lets either party withdraw before the second confirmation, returning the proposer's leg exactly", async function () {
    const { desk, token, seller, buyer, tradeId, terms } = await sellerProposedFixture();
    await expect(desk.connect(buyer).withdrawTrade(tradeId, terms))
      .to.emit(desk, "TradeWithdrawn")
      .withArgs(tradeId, buyer.address, usd(250_000), 0n);
    expect(await token.lockedOf(seller.address, await desk.getAddress())).to.equal(0n);
    await expect(desk.connect(buyer).confirmTrade(tradeId, terms, ethers.MaxUint256)).to.be.revertedWithCustomError(
      desk,
      "MarketUnknownTrade",
    );
  });

  it("refunds a buying proposer's whole deposit on withdrawal, and lets anyone clean up after expiry", async function () {
    const { desk, cash, buyer, outsider, tradeId, terms } = await buyerProposedFixture();
    const before = await cash.balanceOf(buyer.address);
    await expect(desk.connect(outsider).withdrawTrade(tradeId, terms))
      .to.be.revertedWithCustomError(desk, "MarketNotParty")
      .withArgs(tradeId, outsider.address);
    await time.increaseTo(terms.expiry);
    await expect(desk.connect(outsider).confirmTrade(tradeId, terms, 0n)).to.be.revertedWithCustomError(desk, "MarketTradeExpired");
    await desk.connect(outsider).withdrawTrade(tradeId, terms);
    expect(await cash.balanceOf(buyer.address)).to.equal(before + terms.deposit);
  });

  it("fails with the token's reason when the buyer lost its eligibility, and stays withdrawable", async function () {
    const { desk, token, seller, buyer, tradeId, terms } = await sellerProposedFixture();
    await token.setEligible(buyer.address, false);
    await expect(desk.connect(buyer).confirmTrade(tradeId, terms, ethers.MaxUint256))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(CODE.RecipientNotVerified, seller.address, buyer.address, usd(250_000));
    await desk.connect(seller).withdrawTrade(tradeId, terms);
  });

  describe("without escrow", function () {
    it("moves nothing at the proposal and both legs by allowance at the confirmation", async function () {
      const { desk, token, cash, seller, buyer, admin, feeAccount } = await loadFixture(marketFixture);
      await desk.connect(admin).setTakerFee(feeAccount.address, 10);
      await desk.connect(buyer).proposeTrade(await token.getAddress(), seller.address, BID, usd(100_000), price(99), START + DAY, false, 0n);
      const terms = await proposedTerms(desk, 1n);
      expect(terms.escrowed).to.equal(false);
      expect(terms.deposit).to.equal(0n);
      expect(await cash.balanceOf(await desk.getAddress())).to.equal(0n);
      // The seller confirms (the taker): the buying proposer's price, rounded down; the fee out of the proceeds.
      const s = settlement(usd(100_000), price(99), 1n, 1n, 15n, false);
      const total = s.principal + s.accrued;
      const fee = (total * 10n) / 10_000n;
      const [sellerCash, buyerCash] = [await cash.balanceOf(seller.address), await cash.balanceOf(buyer.address)];
      await desk.connect(seller).confirmTrade(1n, terms, total - fee);
      expect(await cash.balanceOf(seller.address)).to.equal(sellerCash + total - fee);
      expect(await cash.balanceOf(buyer.address)).to.equal(buyerCash - total);
      expect(await cash.balanceOf(feeAccount.address)).to.equal(fee);
      expect(await token.balanceOf(buyer.address)).to.equal(usd(100_000));
    });

    it("fails with the token's reason when the proposing seller no longer has the tokens", async function () {
      const { desk, token, seller, seller2, buyer } = await loadFixture(marketFixture);
      await desk.connect(seller).proposeTrade(await token.getAddress(), buyer.address, ASK, usd(600_000), price(100), START + DAY, false, 0n);
      const terms = await proposedTerms(desk, 1n);
      await token.connect(seller).transfer(seller2.address, usd(500_000));
      await expect(desk.connect(buyer).confirmTrade(1n, terms, ethers.MaxUint256)).to.be.revertedWithCustomError(token, "TokenTransferRestricted");
      await expect(desk.connect(seller).withdrawTrade(1n, terms)).to.emit(desk, "TradeWithdrawn").withArgs(1n, seller.address, 0n, 0n);
    });
  });

  it("announces requests for quotes and links the answers to them", async function () {
    const { desk, token, seller, buyer } = await loadFixture(marketFixture);
    const t = await token.getAddress();
    await expect(desk.connect(buyer).requestQuote(t, BID, usd(100_000), START + DAY))
      .to.emit(desk, "QuoteRequested")
      .withArgs(1n, t, buyer.address, BID, usd(100_000), START + DAY);
    await expect(desk.connect(seller).proposeTrade(t, buyer.address, ASK, usd(100_000), price(100.5), START + DAY, true, 1n))
      .to.emit(desk, "TradeProposed");
    const terms = await proposedTerms(desk, 2n);
    const [event] = await desk.queryFilter(desk.filters.TradeProposed(2n));
    expect(event!.args.rfqId).to.equal(1n);
    await desk.connect(buyer).confirmTrade(2n, terms, ethers.MaxUint256);
    expect(await token.balanceOf(buyer.address)).to.equal(usd(100_000));
  });

  it("refuses a proposal to oneself or with a zero price", async function () {
    const { desk, token, seller } = await loadFixture(marketFixture);
    const t = await token.getAddress();
    await expect(desk.connect(seller).proposeTrade(t, seller.address, ASK, usd(1_000), price(100), START + DAY, true, 0n))
      .to.be.revertedWithCustomError(desk, "MarketSelfTrade");
    await expect(desk.connect(seller).proposeTrade(t, ethers.Wallet.createRandom().address, ASK, usd(1_000), 0n, START + DAY, true, 0n))
      .to.be.revertedWithCustomError(desk, "MarketInvalidPrice");
  });
});
