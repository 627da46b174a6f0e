/**
 * `mbs kyc freeze`: block (or with `--unfreeze`, unblock) a wallet on every pool at once. Any
 * non-zero address can be frozen, onboarded or not, so a sanctioned wallet can be blocked before it
 * ever applies.
 */
import type { Signer } from "ethers";

import { openRegistry, parseAccountOption, readInvestor, requireComplianceRole, sendRegistryTransaction } from "./registry.js";

export interface FreezeOptions {
  registry: string | undefined;
  account: string | undefined;
  frozen: boolean;
}

export interface FreezeResult {
  registry: string;
  account: string;
  frozen: boolean;
  /** Undefined when the wallet already was in that state (nothing sent). */
  txHash: string | undefined;
}

export async function setInvestorFrozen(options: FreezeOptions, signer: Signer): Promise<FreezeResult> {
  const account = parseAccountOption(options.account);
  const registry = await openRegistry(options.registry, signer);
  await requireComplianceRole(registry, await signer.getAddress());
  const base = { registry: registry.address, account, frozen: options.frozen };
  if ((await readInvestor(registry, account)).frozen === options.frozen) return { ...base, txHash: undefined };
  const txHash = await sendRegistryTransaction(
    registry,
    { operation: options.frozen ? "freeze" : "unfreeze", accounts: [account] },
    () => registry.contract.getFunction("setFrozen").send(account, options.frozen),
  );
  return { ...base, txHash };
}
