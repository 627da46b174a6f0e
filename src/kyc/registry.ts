/**
 * The KYC registry as the `mbs kyc` commands use it: an address checked to be a KycRegistry on
 * the connected chain (src/chain's opener), the signer's COMPLIANCE_ROLE checked before anything
 * is sent, typed reads of one investor's record, and sending with the registry's errors decoded.
 */
import type { ContractTransactionResponse, Signer } from "ethers";

import { chainTime, openContract, parseAccount, providerOf, requireRole, sendTransaction, type OpenedContract, type TransactionContext, type WaitOptions } from "../chain/index.js";
import type { InvestorRecord } from "./investors.js";

export { MissingRoleError } from "../chain/index.js";
export { chainTime, providerOf };

/**
 * The functions and errors the commands use (test/kyc/registry.test.ts checks them against the
 * compiled contract). Human-readable, so the commands load without compiled artifacts; the errors
 * are listed so a revert is reported by name with its values.
 */
export const KYC_REGISTRY_ABI = [
  "function COMPLIANCE_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function investor(address account) view returns (tuple(uint64 verifiedUntil, uint16 country, uint8 classes, bool frozen))",
  "function isVerified(address account) view returns (bool)",
  "function setInvestors(tuple(address account, uint64 verifiedUntil, uint16 country, uint8 classes, bytes32 recordHash)[] updates)",
  "function revoke(address account, bytes32 reason)",
  "function setFrozen(address account, bool frozen)",
  "error KycZeroAddress()",
  "error KycExpiryInPast(address account, uint64 verifiedUntil, uint256 nowTimestamp)",
  "error KycInvalidClasses(address account, uint8 classes)",
  "error KycInvalidCountry(address account, uint16 country)",
  "error KycMalformedUpdate()",
  "error KycUnknownInvestor(address account)",
  "error KycAlreadyRevoked(address account)",
  "error KycFreezeUnchanged(address account, bool frozen)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

export type KycRegistryHandle = OpenedContract;

/** Checks `address` is a KycRegistry on the chain `runner` reads (`input` names the option in errors). */
export async function openRegistry(address: string | undefined, runner: Signer, input = "--registry"): Promise<KycRegistryHandle> {
  return openContract({ address, abi: KYC_REGISTRY_ABI, runner, input, kind: "KycRegistry", probe: "COMPLIANCE_ROLE" });
}

/** "the KYC registry at 0x…", as messages name it. */
export function registryLabel(registry: KycRegistryHandle): string {
  return `the KYC registry at ${registry.address}`;
}

/** Throws MissingRoleError unless `account` may onboard, revoke and freeze. */
export async function requireComplianceRole(registry: KycRegistryHandle, account: string): Promise<void> {
  await requireRole(registry, "COMPLIANCE_ROLE", account, "the KYC registry");
}

/** Sends one registry transaction through src/chain: waited for, its revert decoded with the registry's errors. */
export async function sendRegistryTransaction(
  registry: KycRegistryHandle,
  ctx: Omit<TransactionContext, "contract">,
  send: () => Promise<ContractTransactionResponse>,
  wait: WaitOptions = {},
): Promise<string> {
  const { hash } = await sendTransaction({ ...ctx, contract: registryLabel(registry) }, registry.contract.interface, send, wait);
  return hash;
}

/** One investor's stored record (all zero if never onboarded). */
export async function readInvestor(registry: KycRegistryHandle, account: string): Promise<InvestorRecord> {
  const row = (await registry.contract.getFunction("investor").staticCall(account)) as {
    verifiedUntil: bigint;
    country: bigint;
    classes: bigint;
    frozen: boolean;
  };
  return { verifiedUntil: row.verifiedUntil, country: Number(row.country), classes: Number(row.classes), frozen: row.frozen };
}

/** `--account`: a non-zero address. */
export function parseAccountOption(value: string | undefined, input = "--account"): string {
  return parseAccount(value, input, "the investor's wallet address");
}
