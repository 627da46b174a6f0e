/**
 * Reading investors' records from the KYC registry in bulk (view calls only), for the checks a
 * deal or an investor file must pass before anything is sent.
 */
import { Contract, type ContractRunner } from "ethers";

import type { InvestorRecord } from "./investors.js";

const REGISTRY_ABI = [
  "function investor(address account) view returns (tuple(uint64 verifiedUntil, uint16 country, uint8 classes, bool frozen))",
];

/** Reads the registry records of every allocated investor (view calls only). */
export async function readInvestorRecords(
  registryAddress: string,
  investors: readonly string[],
  runner: ContractRunner,
): Promise<Map<string, InvestorRecord>> {
  const registry = new Contract(registryAddress, REGISTRY_ABI, runner);
  const unique = [...new Set(investors)];
  const records = new Map<string, InvestorRecord>();
  const batch = 32; // bounded concurrency: a remote node should not see thousands of calls at once
  for (let i = 0; i < unique.length; i += batch) {
    const slice = unique.slice(i, i + batch);
    const rows = await Promise.all(slice.map((who) => registry.getFunction("investor").staticCall(who)));
    slice.forEach((who, k) => {
      const row = rows[k] as { verifiedUntil: bigint; country: bigint; classes: bigint; frozen: boolean };
      records.set(who, {
        verifiedUntil: row.verifiedUntil,
        country: Number(row.country),
        classes: Number(row.classes),
        frozen: row.frozen,
      });
    });
  }
  return records;
}
