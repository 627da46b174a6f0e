import { expect } from "chai";
import { AbstractSigner, type Provider, type TransactionRequest, type TransactionResponse, type TypedDataDomain, type TypedDataField } from "ethers";

import { FeePolicySigner } from "../../src/chain/index.js";
import { gasLimitWithHeadroom } from "../../src/chain/signer.js";

/** An inner signer that estimates a fixed figure and records what it is asked to send. */
class RecordingSigner extends AbstractSigner {
  readonly sent: TransactionRequest[] = [];
  estimates = 0;
  constructor(private readonly estimate: bigint) {
    super(null);
  }
  override connect(_provider: Provider | null): RecordingSigner {
    return this;
  }
  override getAddress(): Promise<string> {
    return Promise.resolve("0x000000000000000000000000000000000000dEaD");
  }
  override estimateGas(_tx: TransactionRequest): Promise<bigint> {
    this.estimates += 1;
    return Promise.resolve(this.estimate);
  }
  override sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    this.sent.push(tx);
    return Promise.resolve({ hash: "0x01" } as unknown as TransactionResponse);
  }
  override signTransaction(_tx: TransactionRequest): Promise<string> {
    return Promise.resolve("0x");
  }
  override signMessage(_message: string | Uint8Array): Promise<string> {
    return Promise.resolve("0x");
  }
  override signTypedData(_d: TypedDataDomain, _t: Record<string, TypedDataField[]>, _v: Record<string, unknown>): Promise<string> {
    return Promise.resolve("0x");
  }
}

describe("the fee-policy signer's gas limit", () => {
  it("sends with a quarter plus 20,000 over the node's estimate, so a fill estimated on one block still fits the next", async () => {
    const inner = new RecordingSigner(126_912n);
    await new FeePolicySigner(inner, { kind: "zero-gas" }).sendTransaction({ to: "0x000000000000000000000000000000000000bEEF", data: "0x" });
    expect(inner.sent[0]!.gasLimit).to.equal((126_912n * 5n) / 4n + 20_000n);
    expect(inner.sent[0]!.gasPrice).to.equal(0n);
    expect(inner.sent[0]!.type).to.equal(0);
  });

  it("keeps a gas limit the caller set, without asking the node", async () => {
    const inner = new RecordingSigner(126_912n);
    await new FeePolicySigner(inner, { kind: "zero-gas" }).sendTransaction({ to: "0x000000000000000000000000000000000000bEEF", gasLimit: 90_000n });
    expect(inner.sent[0]!.gasLimit).to.equal(90_000n);
    expect(inner.estimates).to.equal(0);
  });

  it("never pads above the block's gas limit, and never cuts below the estimate", () => {
    expect(gasLimitWithHeadroom(100_000n)).to.equal(145_000n);
    expect(gasLimitWithHeadroom(25_000_000n, 30_000_000n)).to.equal(30_000_000n);
    expect(gasLimitWithHeadroom(31_000_000n, 30_000_000n)).to.equal(31_000_000n);
  });
});
