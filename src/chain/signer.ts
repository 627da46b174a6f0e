/**
 * A signer that applies the network's fee policy to every transaction it sends, whoever builds
 * the transaction (a Contract method, a ContractFactory, a plain transfer). Commands never set
 * fees themselves: they get this signer from `connectChain`.
 */
import { AbstractSigner, type Provider, type TransactionLike, type Signer, type TransactionRequest, type TransactionResponse, type TypedDataDomain, type TypedDataField } from "ethers";

import { feeFields, type FeePolicy } from "./fees.js";

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
    return this.inner.populateTransaction({ ...tx, ...feeFields(this.policy, tx) });
  }

  override estimateGas(tx: TransactionRequest): Promise<bigint> {
    return this.inner.estimateGas({ ...tx, ...feeFields(this.policy, tx) });
  }

  override sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    return this.inner.sendTransaction({ ...tx, ...feeFields(this.policy, tx) });
  }

  override signTransaction(tx: TransactionRequest): Promise<string> {
    return this.inner.signTransaction({ ...tx, ...feeFields(this.policy, tx) });
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.inner.signMessage(message);
  }

  override signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string> {
    return this.inner.signTypedData(domain, types, value);
  }
}
