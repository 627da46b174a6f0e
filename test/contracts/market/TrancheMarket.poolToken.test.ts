/**
 * The market against the real tranche token: its KYC registry, transfer rules with reason codes,
 * per-escrow locks, pull-based P&I and record dates decide, not a mock.
 */
import { expect } from "chai";
import { keccak256 } from "ethers";
import { network } from "hardhat";

import type { BilateralMarket, KycRegistry, PoolToken, TestStablecoin, TrancheMarket } from "../../../typechain-types/index.js";
import { ASK, BID, CUTOFF, DAY, LOT, START, price, settlement, usd, utc } from "./helpers/marketFixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** ITransferRestrictions reason codes the tests meet. */
const CODE = { SenderFrozen: 4, RecipientNotVerified: 5, RecipientKycExpired: 6, RecipientCountryBlocked: 10 } as const;
const ACCREDITED = 2;
const US = 840;
const NORTH_KOREA = 408;

async function poolTokenMarketFixture() {
  await time.increaseTo(START - 3_600n);
  const [admin, compliance, distributor, seller, seller2, buyer, buyer2, blocked, stranger, recovered] = await ethers.getSigners();
  const registry: KycRegistry = await ethers.deployContract("KycRegistry", [admin!.address, compliance!.address]);
  const cash: TestStablecoin = await ethers.deployContract("TestStablecoin", [admin!.address]);
  const rules = { allowedClasses: ACCREDITED, minHolding: LOT, maxHolders: 100, lockupUntil: 0n, blockedCountries: [NORTH_KOREA] };
  const token: PoolToken = await ethers.deployContract("PoolToken", ["MBS 2027-1 A", "MBS27A", await registry.getAddress(), await cash.getAddress(), admin!.address, rules, usd(1_500_000)]);
  for (const [role, who] of [["ISSUER_ROLE", admin], ["COMPLIANCE_ROLE", compliance], ["DISTRIBUTOR_ROLE", distributor]] as const) {
    await token.grantRole(await token[role](), who!.address);
  }
  const until = START + 365n * DAY;
  const row = (account: string, country = US) => ({ account, verifiedUntil: until, country, classes: ACCREDITED, recordHash: keccak256(account) });
  await registry.connect(compliance!).setInvestors([
    row(seller!.address), row(seller2!.address), row(buyer!.address), row(buyer2!.address), row(recovered!.address), row(blocked!.address, NORTH_KOREA),
  ]);
  const pool = await ethers.deployContract("LoanPool", [
    { merkleRoot: keccak256("0x01"), tapeHash: keccak256("0x02"), statsHash: keccak256("0x03"), rulesHash: keccak256("0x04"), upbCents: 150_000_000n, loanCount: 10n, cutoffDate: CUTOFF },
    "MBSC 2027-1", "mbs-chain Trust 2027-1", true, 0n,
    [{ token: await token.getAddress(), couponPpm: 55_000n, seniority: 1, originalFaceCents: 150_000_000n }],
  ]);
  const market: TrancheMarket = await ethers.deployContract("TrancheMarket", [admin!.address]);
  const desk: BilateralMarket = await ethers.deployContract("BilateralMarket", [admin!.address]);
  for (const venue of [market, desk]) {
    await venue.grantRole(await venue.LISTING_ROLE(), admin!.address);
    await venue.listTranche(await pool.getAddress(), 0);
    await token.grantRole(await token.ESCROW_ROLE(), await venue.getAddress());
  }
  await token.mint(seller!.address, usd(1_000_000));
  await token.mint(seller2!.address, usd(500_000));
  for (const investor of [seller, seller2, buyer, buyer2, blocked, recovered]) {
    await cash.mint(investor!.address, usd(10_000_000));
    for (const venue of [market, desk]) {
      await cash.connect(investor!).approve(await venue.getAddress(), ethers.MaxUint256);
      await token.connect(investor!).approve(await venue.getAddress(), ethers.MaxUint256);
    }
  }
  await cash.mint(distributor!.address, usd(10_000_000));
  await cash.connect(distributor!).approve(await token.getAddress(), ethers.MaxUint256);
  await time.increaseTo(START);
  const t = await token.getAddress();
  return { admin: admin!, compliance: compliance!, distributor: distributor!, seller: seller!, seller2: seller2!, buyer: buyer!, buyer2: buyer2!, blocked: blocked!, stranger: stranger!, recovered: recovered!, registry, cash, token, t, market, desk };
}

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

  it("leaves the P&I paid while the ask is open with the seller and accrues from the record date", async function () {
    const { market, token, t, seller, buyer, distributor } = await loadFixture(poolTokenMarketFixture);
    await market.connect(seller).placeAsk(t, price(100), usd(300_000), LOT, START + 30n * DAY);
    await time.increaseTo(utc(2027, 3, 31, 12));
    // The waterfall's record date on the token (INTERFACES.md), by the distributor role.
    await token.connect(distributor).getFunction("markRecordDate").send();
    // A buyer settling after the record date pays accrued from the record date (March 31 counts as the 30th).
    await time.increaseTo(utc(2027, 4, 3, 9));
    const q = await market.quote(t, usd(100_000), price(100));
    expect(q[3]).to.equal(3n);
    await market.connect(buyer).fill(1n, usd(100_000), ethers.MaxUint256);
    // The period's cash goes to the holders of record: the seller for all of its 1,000,000.
    await token.connect(distributor).distribute(usd(6_875), usd(15_000));
    expect(await token.claimable(seller.address)).to.equal((usd(21_875) * 1_000_000n) / 1_500_000n);
    expect(await token.claimable(buyer.address)).to.equal(0n);
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
