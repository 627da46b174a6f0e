/**
 * The KYC registry's logs, decoded without a chain: the packed record word `InvestorUpdated`
 * carries (the word the registry stores, `InvestorWord` in contracts/libraries/InvestorWord.sol)
 * and the replay that rebuilds every investor record from the logs alone, as an auditor would.
 */
import { getAddress, Interface } from "ethers";

import { MbsError } from "../errors.js";
import type { InvestorRecord } from "./investors.js";

/** The registry's events, in human-readable ABI (test/kyc/registry.network.test.ts checks them against the compiled contract). */
export const KYC_REGISTRY_EVENTS = [
  "event InvestorUpdated(address indexed account, uint256 record, bytes32 recordHash)",
  "event InvestorRevoked(address indexed account, bytes32 reason)",
  "event InvestorFrozen(address indexed account, bool frozen)",
] as const;

/**
 * Bit layout of a record word (as Solidity packs `IKycRegistry.Investor` in one slot):
 * bits 0–63 verifiedUntil, 64–79 country, 80–87 classes, 88 frozen; bits 89–255 are always zero.
 */
export const INVESTOR_WORD_LAYOUT = {
  verifiedUntil: { shift: 0n, bits: 64n },
  country: { shift: 64n, bits: 16n },
  classes: { shift: 80n, bits: 8n },
  frozen: { shift: 88n, bits: 1n },
} as const;

const WORD_BITS = 89n;
const mask = (bits: bigint) => (1n << bits) - 1n;
const field = (word: bigint, name: keyof typeof INVESTOR_WORD_LAYOUT) =>
  (word >> INVESTOR_WORD_LAYOUT[name].shift) & mask(INVESTOR_WORD_LAYOUT[name].bits);

/** A value that is not a registry record word, or a record that does not fit one. */
export class InvestorWordError extends MbsError {}

/** The record a registry word holds. Throws InvestorWordError for a negative word or one with bits above the freeze flag set. */
export function decodeInvestorWord(word: bigint): InvestorRecord {
  if (word < 0n || word >> WORD_BITS !== 0n) {
    throw new InvestorWordError(`0x${word.toString(16)} is not a KYC registry record word: only bits 0–88 may be set`, { word });
  }
  return {
    verifiedUntil: field(word, "verifiedUntil"),
    country: Number(field(word, "country")),
    classes: Number(field(word, "classes")),
    frozen: field(word, "frozen") === 1n,
  };
}

/** The word the registry stores for `record`. Throws InvestorWordError naming the field that does not fit its bits. */
export function encodeInvestorWord(record: InvestorRecord): bigint {
  const values = {
    verifiedUntil: record.verifiedUntil,
    country: BigInt(record.country),
    classes: BigInt(record.classes),
    frozen: record.frozen ? 1n : 0n,
  };
  let word = 0n;
  for (const name of Object.keys(INVESTOR_WORD_LAYOUT) as (keyof typeof INVESTOR_WORD_LAYOUT)[]) {
    const { shift, bits } = INVESTOR_WORD_LAYOUT[name];
    const value = values[name];
    if (value < 0n || value > mask(bits)) {
      throw new InvestorWordError(`${name} ${value} does not fit the record word's ${bits} bits (0–${mask(bits)})`, { field: name, value });
    }
    word |= value << shift;
  }
  return word;
}

/** One registry event, decoded. `record` is the word stored by the update (freeze flag included, see IKycRegistry). */
export type RegistryEvent =
  | { name: "InvestorUpdated"; account: string; record: InvestorRecord; recordHash: string }
  | { name: "InvestorRevoked"; account: string; reason: string }
  | { name: "InvestorFrozen"; account: string; frozen: boolean };

const EVENTS = new Interface(KYC_REGISTRY_EVENTS);

/** The registry event a log holds, or null for a log of another event (another contract, or one the registry may add). */
export function decodeRegistryLog(log: { topics: readonly string[]; data: string }): RegistryEvent | null {
  const parsed = EVENTS.parseLog({ topics: [...log.topics], data: log.data });
  if (parsed === null) return null;
  const account = getAddress(String(parsed.args.account));
  switch (parsed.name) {
    case "InvestorUpdated":
      return { name: "InvestorUpdated", account, record: decodeInvestorWord(parsed.args.record as bigint), recordHash: String(parsed.args.recordHash) };
    case "InvestorRevoked":
      return { name: "InvestorRevoked", account, reason: String(parsed.args.reason) };
    default:
      return { name: "InvestorFrozen", account, frozen: Boolean(parsed.args.frozen) };
  }
}

const NEVER_ONBOARDED: InvestorRecord = { verifiedUntil: 0n, country: 0, classes: 0, frozen: false };

/**
 * Every record the registry holds, rebuilt from its events in log order (from its deployment on): an
 * update sets the whole record, a revocation clears verifiedUntil, a freeze sets or lifts the flag —
 * exactly what the contract does to its storage. Keys are checksummed addresses.
 */
export function replayRegistryEvents(events: Iterable<RegistryEvent>): Map<string, InvestorRecord> {
  const records = new Map<string, InvestorRecord>();
  for (const event of events) {
    const before = records.get(event.account) ?? NEVER_ONBOARDED;
    if (event.name === "InvestorUpdated") records.set(event.account, { ...event.record });
    else if (event.name === "InvestorRevoked") records.set(event.account, { ...before, verifiedUntil: 0n });
    else records.set(event.account, { ...before, frozen: event.frozen });
  }
  return records;
}
