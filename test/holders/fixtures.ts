/**
 * The class token `mbs holders` tests work on: a KYC registry, a cash token and a `PoolToken` deployed with the given
 * rules on the in-process network, investors with random addresses (so a sorted list is not the creation order),
 * all onboarded; the admin holds the token's compliance role, the issuer its issuer role.
 */
import type { HDNodeWallet } from "ethers";
import type { network } from "hardhat";

import type { PoolToken } from "../../typechain-types/index.js";

type Connection = Awaited<ReturnType<typeof network.create>>;

export const ACCREDITED = 2;
export const US = 840;
export const HOLDER_LIMIT_REACHED = 14n;
export const usd = (dollars: number) => BigInt(dollars) * 1_000_000n;

export interface ClassTokenOptions {
  rules: { allowedClasses: number; minHolding: bigint; maxHolders: number; lockupUntil: bigint; blockedCountries: number[] };
  faceCap: bigint;
  investors: number;
  /** How long the investors' KYC stays valid. */
  verifiedForSeconds: bigint;
}

export async function deployClassToken({ ethers, networkHelpers }: Pick<Connection, "ethers" | "networkHelpers">, options: ClassTokenOptions) {
  const [admin, issuer, outsider] = await ethers.getSigners();
  const registry = await ethers.deployContract("KycRegistry", [admin!.address, admin!.address]);
  const cash = await ethers.deployContract("TestStablecoin", [admin!.address]);
  const randomWallet = async (): Promise<HDNodeWallet> => {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 18n);
    return wallet;
  };
  const investors = await Promise.all(Array.from({ length: options.investors }, randomWallet));
  const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + options.verifiedForSeconds;
  await registry.setInvestors(investors.map((w) => ({ account: w.address, verifiedUntil: until, country: US, classes: ACCREDITED, recordHash: ethers.ZeroHash })));
  const token = (await ethers.deployContract("PoolToken", [
    "MBS 2026-1 Class A", "MBS26A", await registry.getAddress(), await cash.getAddress(), admin!.address, options.rules, options.faceCap,
  ])) as unknown as PoolToken;
  await token.grantRole(await token.ISSUER_ROLE(), issuer!.address);
  await token.grantRole(await token.COMPLIANCE_ROLE(), admin!.address);
  return { admin: admin!, issuer: issuer!, outsider: outsider!, registry, token, address: await token.getAddress(), investors };
}
