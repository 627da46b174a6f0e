/**
 * Fees per network. A permissioned chain with free gas (Besu QBFT with `min-gas-price=0` and a
 * zero base fee, anvil `--gas-price 0 --base-fee 0`, `hardhat node --network permissioned`) gets
 * legacy type-0 transactions at gas price 0 — what Ignition sends there too — so unfunded accounts
 * can transact. Such a chain is recognised as Ignition recognises it: blocks with a base fee of 0
 * (the node may still suggest a tip — hardhat node says 1 gwei — which an unfunded account cannot
 * pay), or, before London, a node asking a gas price of 0. Anything else keeps the node's own
 * pricing: EIP-1559 where blocks have a base fee, legacy at `eth_gasPrice` where they do not.
 */
import type { Provider, TransactionRequest } from "ethers";

export type FeePolicy =
  | { kind: "zero-gas" }
  | { kind: "eip1559" }
  | { kind: "legacy" };

export interface FeeProbe {
  /** `eth_gasPrice`. */
  gasPrice: bigint;
  /** The latest block's base fee; null before London. */
  baseFeePerGas: bigint | null;
  /** A fixed gas price from the network's configuration (Hardhat `networks.<name>.gasPrice`), if any. */
  configuredGasPrice?: bigint | undefined;
}

/** The policy a chain calls for, from what its node reports (pure: tested without a node). */
export function choosePolicy(probe: FeeProbe): FeePolicy {
  if (probe.configuredGasPrice === 0n) return { kind: "zero-gas" };
  if (probe.baseFeePerGas === 0n) return { kind: "zero-gas" };
  if (probe.baseFeePerGas === null && probe.gasPrice === 0n) return { kind: "zero-gas" };
  return probe.baseFeePerGas === null ? { kind: "legacy" } : { kind: "eip1559" };
}

/** Asks the node (two reads) which policy applies. */
export async function detectFeePolicy(provider: Provider, configuredGasPrice?: bigint): Promise<FeePolicy> {
  const [gasPriceHex, block] = await Promise.all([
    (provider as Provider & { send?: (m: string, p: unknown[]) => Promise<string> }).send?.("eth_gasPrice", []) ?? Promise.resolve(undefined),
    provider.getBlock("latest"),
  ]);
  const gasPrice = gasPriceHex === undefined ? ((await provider.getFeeData()).gasPrice ?? 0n) : BigInt(gasPriceHex);
  return choosePolicy({ gasPrice, baseFeePerGas: block?.baseFeePerGas ?? null, configuredGasPrice });
}

/**
 * The fee fields to put on a transaction under `policy`; empty when the node's (or Hardhat's)
 * own pricing applies. Fields the caller already set are kept.
 */
export function feeFields(policy: FeePolicy, tx: TransactionRequest = {}): TransactionRequest {
  if (policy.kind !== "zero-gas") return {};
  if (tx.gasPrice !== undefined && tx.gasPrice !== null) return { type: 0 };
  return { type: 0, gasPrice: 0n };
}
