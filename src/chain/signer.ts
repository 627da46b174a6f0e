/**
 * A signer that applies the network's fee policy to every transaction it sends, whoever builds
 * the transaction (a Contract method, a ContractFactory, a plain transfer), and gives it a gas
 * limit with headroom over the node's estimate. Commands never set fees or gas themselves: they
 * get this signer from `connectChain`.
 */
import { AbstractSigner, type Provider, type TransactionLike, type Signer, type TransactionRequest, type TransactionResponse, type TypedDataDomain, type TypedDataField } from "ethers";

import { feeFields, type FeePolicy } from "./fees.js";

/**
 * Gas limit = estimate × 5/4 + 20,000. The node estimates on the latest block; the transaction runs on the
 * next one, where a settlement's accrued interest, a record date or a first-time slot can cost more (a
 * market fill estimated on one anvil block ran out of gas at exactly that estimate on the next). Unused
 * gas is not charged, and on a zero-gas network it costs nothing at all; only the block gas limit bounds it.
 */
export function gasLimitWithHeadroom(estimate: bigint, blockGasLimit?: bigint): bigint {
  const padded = (estimate * 5n) / 4n + 20_000n;
  return blockGasLimit !== undefined && padded > blockGasLimit ? (estimate > blockGasLimit ? estimate : blockGasLimit) : padded;
}

/** Above this estimate the padded limit is checked against the latest block's gas limit (one more call). */
const LARGE_ESTIMATE = 5_000_000n;

export class FeePolicySigner extends AbstractSigner {
  constructor(
    readonly inner: Signer,
    readonly policy: FeePolicy,
  ) {
    super(inner.provider);
  }

  override connect(provider: Provider | null): Signer {
    return new FeePolicySigner(this.inner.connect(provider), this.policy);
  }

  override getAddress(): Promise<string> {
    return this.inner.getAddress();
  }

  override async populateTransaction(tx: TransactionRequest): Promise<TransactionLike<string>> {
    return this.inner.populateTransaction(await this.prepared(tx));
  }

  override estimateGas(tx: TransactionRequest): Promise<bigint> {
    return this.inner.estimateGas({ ...tx, ...feeFields(this.policy, tx) });
  }

  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    return this.inner.sendTransaction(await this.prepared(tx));
  }

  override async signTransaction(tx: TransactionRequest): Promise<string> {
    return this.inner.signTransaction(await this.prepared(tx));
  }

  /** The fee fields of the policy, and a gas limit with headroom unless the caller set one. */
  private async prepared(tx: TransactionRequest): Promise<TransactionRequest> {
    const withFees = { ...tx, ...feeFields(this.policy, tx) };
    if (withFees.gasLimit !== undefined && withFees.gasLimit !== null) return withFees;
    const estimate = await this.inner.estimateGas(withFees);
    let blockGasLimit: bigint | undefined;
    if (estimate > LARGE_ESTIMATE && this.provider !== null) blockGasLimit = (await this.provider.getBlock("latest"))?.gasLimit;
    return { ...withFees, gasLimit: gasLimitWithHeadroom(estimate, blockGasLimit) };
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.inner.signMessage(message);
  }

  override signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string> {
    return this.inner.signTypedData(domain, types, value);
  }
}
