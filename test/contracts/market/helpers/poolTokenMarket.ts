/**
 * The market on the real tranche token (PoolToken with its KYC registry, transfer rules, per-escrow locks,
 * pull-based P&I and record dates), its pool record (coupon 5.5 %, cut-off 2027-03-01), both venues with the escrow
 * role, a distributor holding cash, and eligible investors holding tokens or cash and approvals to both venues.
 */
import { keccak256 } from "ethers";
import type { network } from "hardhat";

import type { BilateralMarket, KycRegistry, PoolToken, TestStablecoin, TrancheMarket } from "../../../../typechain-types/index.js";
import { CUTOFF, DAY, LOT, START, usd } from "./marketFixtures.js";

type Connection = Awaited<ReturnType<typeof network.create>>;

/** ITransferRestrictions reason codes the tests meet. */
export const CODE = { SenderFrozen: 4, RecipientNotVerified: 5, RecipientKycExpired: 6, RecipientCountryBlocked: 10 } as const;
export const ACCREDITED = 2;
export const US = 840;
const NORTH_KOREA = 408;

/** The fixture on `connection` (each test file has its own chain, so that fixtures never meet a later clock). */
export function poolTokenMarketOn(connection: Connection) {
  const { ethers } = connection;
  const { time } = connection.networkHelpers;
  return async function poolTokenMarketFixture() {
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
  };
}
