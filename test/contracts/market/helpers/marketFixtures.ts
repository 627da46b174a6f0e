/**
 * Named fixtures for the market's unit tests: a 6-decimal stablecoin, a tranche token (the agreed per-escrow
 * lock API; a mock until the real token's split lands), its pool record (coupon 5.5 %, cut-off 2027-03-01), the
 * order book and the bilateral desk with the token's escrow role, and four eligible investors with tokens or cash.
 */
import { network } from "hardhat";
import { keccak256 } from "ethers";

import type {
  BilateralMarket,
  LoanPool,
  MockTrancheToken,
  TestStablecoin,
  TrancheMarket,
} from "../../../../typechain-types/index.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** 6-decimal units: face and cash share them. */
export const usd = (dollars: number | bigint): bigint => BigInt(dollars) * 1_000_000n;
/** A price per 100 of current face, as the market takes it (8 decimals): `price(101.5)`. */
export const price = (points: number): bigint => BigInt(Math.round(points * 1e8));
/** Unix time of a UTC date. */
export const utc = (year: number, month: number, day: number, hour = 0): bigint =>
  BigInt(Date.UTC(year, month - 1, day, hour) / 1000);

export const BID = 0;
export const ASK = 1;
export const COUPON_PPM = 55_000n; // 5.5 %
export const CUTOFF = utc(2027, 3, 1);
/** Trading starts mid-month so that accrued interest is never zero by accident. */
export const START = utc(2027, 3, 16, 10);
export const LOT = usd(1_000);
export const DAY = 86_400n;

/** The reason codes of ITransferRestrictions the tests meet. */
export const CODE = { Paused: 1, SenderNotVerified: 2, SenderFrozen: 4, RecipientNotVerified: 5, BelowMinimumHolding: 13 } as const;

export async function marketFixture() {
  await networkHelpers.time.increaseTo(START - 60n);
  const [admin, seller, seller2, buyer, buyer2, feeAccount, outsider] = await ethers.getSigners();
  const cash: TestStablecoin = await ethers.deployContract("TestStablecoin", [admin!.address]);
  const token: MockTrancheToken = await ethers.deployContract("MockTrancheToken", [await cash.getAddress()]);
  // LoanPool checks the class token's face cap against its record ($10 million: 1e9 cents, in 6-decimal units).
  await token.setFaceCap(1_000_000_000n * 10n ** BigInt(Number(await token.decimals()) - 2));
  const pool: LoanPool = await ethers.deployContract("LoanPool", [
    {
      merkleRoot: keccak256("0x01"),
      tapeHash: keccak256("0x02"),
      statsHash: keccak256("0x03"),
      rulesHash: keccak256("0x04"),
      upbCents: 1_000_000_000n,
      loanCount: 10n,
      cutoffDate: CUTOFF,
    },
    "MBSC 2027-1",
    "mbs-chain Trust 2027-1",
    true,
    0n,
    [{ token: await token.getAddress(), couponPpm: COUPON_PPM, seniority: 1, originalFaceCents: 1_000_000_000n }],
  ]);
  const market: TrancheMarket = await ethers.deployContract("TrancheMarket", [admin!.address]);
  const desk: BilateralMarket = await ethers.deployContract("BilateralMarket", [admin!.address]);
  for (const venue of [market, desk]) {
    await venue.grantRole(await venue.LISTING_ROLE(), admin!.address);
    await venue.grantRole(await venue.FEE_ROLE(), admin!.address);
    await venue.listTranche(await pool.getAddress(), 0);
    await token.setEscrow(await venue.getAddress(), true);
  }
  await token.setMinHolding(LOT);
  for (const investor of [seller, seller2, buyer, buyer2]) {
    await token.setEligible(investor!.address, true);
    await cash.mint(investor!.address, usd(10_000_000));
    for (const venue of [market, desk]) {
      await cash.connect(investor!).approve(await venue.getAddress(), ethers.MaxUint256);
      await token.connect(investor!).approve(await venue.getAddress(), ethers.MaxUint256);
    }
  }
  await token.mint(seller!.address, usd(1_000_000));
  await token.mint(seller2!.address, usd(500_000));
  // The waterfall's distributor: holds cash to pay P&I.
  await cash.mint(admin!.address, usd(10_000_000));
  await cash.approve(await token.getAddress(), ethers.MaxUint256);
  await networkHelpers.time.increaseTo(START);
  return { admin: admin!, seller: seller!, seller2: seller2!, buyer: buyer!, buyer2: buyer2!, feeAccount: feeAccount!, outsider: outsider!, cash, token, pool, market, desk };
}

/** The trade a test can compute by hand: principal and accrued (maker-favour rounding is the caller's). */
export function settlement(
  amount: bigint,
  priceUnits: bigint,
  classFace: bigint,
  classOriginal: bigint,
  days: bigint,
  roundUp: boolean,
): { currentFace: bigint; principal: bigint; accrued: bigint } {
  const div = (a: bigint, b: bigint) => (roundUp ? (a + b - 1n) / b : a / b);
  const currentFace = (amount * classFace) / classOriginal;
  return {
    currentFace,
    principal: div(currentFace * priceUnits, 100n * 10n ** 8n),
    accrued: div(currentFace * COUPON_PPM * days, 1_000_000n * 360n),
  };
}
