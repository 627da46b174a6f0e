/**
 * `mbs kyc show`: one wallet's registry record, read-only (no role needed), with the status a
 * transfer would meet at the chain's latest block.
 */
import type { Signer } from "ethers";

import { classNames, type InvestorClassName } from "./investors.js";
import { chainTime, openRegistry, parseAccountOption, providerOf, readInvestor } from "./registry.js";

/** Why a wallet is or is not verified, most decisive first (a frozen wallet is blocked whatever its dates). */
export type InvestorStatus = "verified" | "frozen" | "expired" | "revoked" | "never onboarded";

export interface InvestorView {
  registry: string;
  account: string;
  /** The registry's own `isVerified` at the latest block. */
  verified: boolean;
  status: InvestorStatus;
  /** Unix seconds; 0 when never verified or revoked. */
  verifiedUntil: number;
  /** ISO 8601, or null when 0. */
  verifiedUntilIso: string | null;
  country: number;
  classes: InvestorClassName[];
  classBits: number;
  frozen: boolean;
  /** The latest block's time the status refers to (Unix seconds). */
  asOf: number;
}

export function investorStatus(record: { verifiedUntil: bigint; classes: number; frozen: boolean }, now: bigint): InvestorStatus {
  if (record.frozen) return "frozen";
  if (record.classes === 0) return "never onboarded";
  if (record.verifiedUntil === 0n) return "revoked";
  return record.verifiedUntil > now ? "verified" : "expired";
}

export async function showInvestor(options: { registry: string | undefined; account: string | undefined }, runner: Signer): Promise<InvestorView> {
  const account = parseAccountOption(options.account);
  const registry = await openRegistry(options.registry, runner);
  const [record, verified, now] = await Promise.all([
    readInvestor(registry, account),
    registry.contract.getFunction("isVerified").staticCall(account) as Promise<boolean>,
    chainTime(providerOf(runner)),
  ]);
  return {
    registry: registry.address,
    account,
    verified,
    status: investorStatus(record, now),
    verifiedUntil: Number(record.verifiedUntil),
    verifiedUntilIso: record.verifiedUntil === 0n ? null : new Date(Number(record.verifiedUntil) * 1000).toISOString(),
    country: record.country,
    classes: classNames(record.classes),
    classBits: record.classes,
    frozen: record.frozen,
    asOf: Number(now),
  };
}

export function formatInvestor(view: InvestorView): string {
  const rows: [string, string][] = [
    ["account", view.account],
    ["registry", view.registry],
    ["verified", `${view.verified ? "yes" : "no"} (${view.status})`],
    ["verified until", view.verifiedUntilIso === null ? "-" : `${view.verifiedUntilIso} (${view.verifiedUntil})`],
    ["country", view.country === 0 ? "-" : String(view.country)],
    ["classes", view.classes.length === 0 ? "-" : view.classes.join(", ")],
    ["frozen", view.frozen ? "yes" : "no"],
    ["as of block time", new Date(view.asOf * 1000).toISOString()],
  ];
  return rows.map(([k, v]) => `${k.padEnd(17)}${v}`).join("\n");
}
