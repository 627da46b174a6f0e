/**
 * `mbs kyc revoke`: end an investor's verification now (tokens refuse their transfers from the next
 * block). The reason is recorded on chain as `keccak256(utf8(reason))` — ethers' `id(reason)` —
 * in the `InvestorRevoked` event: the text itself stays off chain, in the compliance file.
 */
import { id, type Signer } from "ethers";

import { InvalidInputError } from "../errors.js";
import { openRegistry, parseAccountOption, readInvestor, requireComplianceRole, sendRegistryTransaction } from "./registry.js";

export interface RevokeOptions {
  registry: string | undefined;
  account: string | undefined;
  reason: string | undefined;
}

export interface RevokeResult {
  registry: string;
  account: string;
  reason: string;
  /** `id(reason)`, the bytes32 the event carries. */
  reasonHash: string;
  /** Undefined when the verification was already revoked (nothing sent). */
  txHash: string | undefined;
}

/** The bytes32 a revocation reason is recorded as. */
export function revocationReasonHash(reason: string): string {
  return id(reason);
}

export async function revokeInvestor(options: RevokeOptions, signer: Signer): Promise<RevokeResult> {
  const account = parseAccountOption(options.account);
  const reason = options.reason;
  if (reason === undefined || reason.trim() === "") throw new InvalidInputError("--reason", "required: why the verification ends (its hash goes on chain)");
  const registry = await openRegistry(options.registry, signer);
  await requireComplianceRole(registry, await signer.getAddress());
  const record = await readInvestor(registry, account);
  if (record.classes === 0) {
    throw new InvalidInputError("--account", `${account} was never onboarded in the KYC registry at ${registry.address}: nothing to revoke`);
  }
  const reasonHash = revocationReasonHash(reason);
  const base = { registry: registry.address, account, reason, reasonHash };
  if (record.verifiedUntil === 0n) return { ...base, txHash: undefined };
  const txHash = await sendRegistryTransaction(
    registry,
    { operation: "revoke", accounts: [account] },
    () => registry.contract.getFunction("revoke").send(account, reasonHash),
  );
  return { ...base, txHash };
}
