/**
 * Named fixtures shared by the KycRegistry and PoolToken unit tests. One in-process network per test
 * run (this module is evaluated once), snapshots via `networkHelpers.loadFixture`.
 */
import { network } from "hardhat";

import type { KycRegistry, PoolToken, TestStablecoin } from "../../../typechain-types/index.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** Investor-class bits, as the registry defines them. */
export const CLASS = { RETAIL: 1, ACCREDITED: 2, QIB: 4, INSTITUTIONAL: 8, NON_US: 16 } as const;
/** ISO 3166-1 numeric codes. */
export const COUNTRY = { US: 840, GB: 826, BLOCKED: 408 } as const;
/** The ABI reason codes of ITransferRestrictions. */
export const CODE = {
  None: 0,
  Paused: 1,
  SenderNotVerified: 2,
  SenderKycExpired: 3,
  SenderFrozen: 4,
  RecipientNotVerified: 5,
  RecipientKycExpired: 6,
  RecipientFrozen: 7,
  RecipientClassNotAllowed: 8,
  SenderCountryBlocked: 9,
  RecipientCountryBlocked: 10,
  InsufficientBalance: 11,
  InsufficientUnfrozenBalance: 12,
  BelowMinimumHolding: 13,
  HolderLimitReached: 14,
  LockupActive: 15,
  InvalidRecipient: 16,
  SpenderFrozen: 17,
} as const;

/** 6-decimal settlement units, so face and cash share units. */
export const usd = (dollars: number | bigint): bigint => BigInt(dollars) * 1_000_000n;
export const INDEX_SCALE = 10n ** 27n;
/** The class's committed original face in the fixtures: $10 million (issued: $1 million, so mints have room). */
export const FACE_CAP = 10_000_000n * 1_000_000n;
export const ONE_YEAR = 365n * 86_400n;

export interface Rules {
  allowedClasses: number;
  minHolding: bigint;
  maxHolders: number;
  lockupUntil: bigint;
  blockedCountries: number[];
}

/** The tranche's rules: professional investors only, a $1,000 lot, one sanctioned country. */
export const DEFAULT_RULES: Rules = {
  allowedClasses: CLASS.ACCREDITED | CLASS.QIB | CLASS.INSTITUTIONAL | CLASS.NON_US,
  minHolding: usd(1_000),
  maxHolders: 0,
  lockupUntil: 0n,
  blockedCountries: [COUNTRY.BLOCKED],
};

export async function latestTime(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** The platform: registry with five onboarded investors (and one stranger), and the test stablecoin. */
export async function platformFixture() {
  const [admin, compliance, issuer, pauser, distributor, escrow, alice, bob, carol, dave, erin, frank, outsider, otherEscrow] =
    await ethers.getSigners();
  if (!otherEscrow) throw new Error("the network needs at least 14 accounts");
  const registry: KycRegistry = await ethers.deployContract("KycRegistry", [admin!.address, compliance!.address]);
  const cash: TestStablecoin = await ethers.deployContract("TestStablecoin", [admin!.address]);
  const until = (await latestTime()) + ONE_YEAR;
  const row = (account: string, classes: number, country: number) => ({
    account,
    verifiedUntil: until,
    country,
    classes,
    recordHash: ethers.id(`kyc/${account}`),
  });
  await registry.connect(compliance).setInvestors([
    row(alice!.address, CLASS.ACCREDITED, COUNTRY.US),
    row(bob!.address, CLASS.QIB | CLASS.INSTITUTIONAL, COUNTRY.US),
    row(carol!.address, CLASS.RETAIL, COUNTRY.US),
    row(dave!.address, CLASS.INSTITUTIONAL, COUNTRY.BLOCKED),
    row(erin!.address, CLASS.ACCREDITED | CLASS.NON_US, COUNTRY.GB),
  ]);
  return {
    registry,
    cash,
    verifiedUntil: until,
    admin: admin!,
    compliance: compliance!,
    issuer: issuer!,
    pauser: pauser!,
    distributor: distributor!,
    escrow: escrow!,
    /** A second escrow (another market): locks are per (holder, escrow). */
    otherEscrow: otherEscrow!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    dave: dave!,
    erin: erin!,
    frank: frank!,
    outsider: outsider!,
  };
}

export async function deployPool(
  platform: Awaited<ReturnType<typeof platformFixture>>,
  rules: Rules = DEFAULT_RULES,
): Promise<PoolToken> {
  const { registry, cash, admin, compliance, issuer, pauser, distributor, escrow, otherEscrow } = platform;
  const pool: PoolToken = await ethers.deployContract("PoolToken", [
    "MBS 2026-1 Class A",
    "MBS26A",
    await registry.getAddress(),
    await cash.getAddress(),
    admin.address,
    rules,
    FACE_CAP,
  ]);
  await pool.connect(admin).grantRole(await pool.ISSUER_ROLE(), issuer.address);
  await pool.connect(admin).grantRole(await pool.COMPLIANCE_ROLE(), compliance.address);
  await pool.connect(admin).grantRole(await pool.PAUSER_ROLE(), pauser.address);
  await pool.connect(admin).grantRole(await pool.DISTRIBUTOR_ROLE(), distributor.address);
  await pool.connect(admin).grantRole(await pool.ESCROW_ROLE(), escrow.address);
  await pool.connect(admin).grantRole(await pool.ESCROW_ROLE(), otherEscrow.address);
  await cash.connect(admin).mint(distributor.address, usd(1_000_000_000));
  await cash.connect(distributor).approve(await pool.getAddress(), ethers.MaxUint256);
  return pool;
}

/** A deployed, empty tranche. */
export async function emptyPoolFixture() {
  const platform = await platformFixture();
  return { ...platform, pool: await deployPool(platform) };
}

/** Mints Alice $600k and Bob $400k of original face; the issuance window stays open. */
async function issueToAliceAndBob<F extends Awaited<ReturnType<typeof emptyPoolFixture>>>(f: F): Promise<F> {
  await f.pool.connect(f.issuer).mint(f.alice.address, usd(600_000));
  await f.pool.connect(f.issuer).mint(f.bob.address, usd(400_000));
  return f;
}

/** Pays one distribution of $5,000 interest and $10,000 principal. */
async function distributeOnce<F extends Awaited<ReturnType<typeof emptyPoolFixture>>>(f: F): Promise<F> {
  await f.pool.connect(f.distributor).distribute(usd(5_000), usd(10_000));
  return f;
}

/** Alice holds $600k and Bob $400k of original face; the issuance window is still open. No holder count. */
export async function issuedPoolFixture() {
  return issueToAliceAndBob(await emptyPoolFixture());
}

/** As `issuedPoolFixture`, after one distribution of $5,000 interest and $10,000 principal. */
export async function distributedPoolFixture() {
  return distributeOnce(await issuedPoolFixture());
}

/**
 * The empty tranche of `emptyPoolFixture` (same rules, no cap yet), counting its holders from the start: compliance
 * proved it holderless with `countHolders([])` (ADR 0021), so a holder cap may be set on it.
 */
export async function countingPoolFixture() {
  const f = await emptyPoolFixture();
  await f.pool.connect(f.compliance).countHolders([]);
  return f;
}

/** As `issuedPoolFixture` on a tranche that counts its holders: `holderCount()` is 2. */
export async function issuedCountingPoolFixture() {
  return issueToAliceAndBob(await countingPoolFixture());
}

/** As `distributedPoolFixture` on a tranche that counts its holders. */
export async function distributedCountingPoolFixture() {
  return distributeOnce(await issuedCountingPoolFixture());
}

/** The index increment and dust of one distribution, computed independently of the contract. */
export function splitDistribution(cash: bigint, supply: bigint): { increment: bigint; dust: bigint } {
  const scaled = cash * INDEX_SCALE;
  return { increment: scaled / supply, dust: scaled % supply };
}
