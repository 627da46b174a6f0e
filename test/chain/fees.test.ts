import { expect } from "chai";

import { choosePolicy, feeFields } from "../../src/chain/index.js";

const GWEI = 1_000_000_000n;

describe("fees per network", () => {
  it("treats blocks with a zero base fee as a zero-gas chain, whatever tip the node suggests (hardhat node says 1 gwei)", () => {
    expect(choosePolicy({ gasPrice: GWEI, baseFeePerGas: 0n })).to.deep.equal({ kind: "zero-gas" });
    expect(choosePolicy({ gasPrice: 0n, baseFeePerGas: 0n })).to.deep.equal({ kind: "zero-gas" });
  });

  it("treats a pre-London node asking a gas price of 0, and a network configured at gas price 0, as zero-gas", () => {
    expect(choosePolicy({ gasPrice: 0n, baseFeePerGas: null })).to.deep.equal({ kind: "zero-gas" });
    expect(choosePolicy({ gasPrice: 7n * GWEI, baseFeePerGas: 7n, configuredGasPrice: 0n })).to.deep.equal({ kind: "zero-gas" });
  });

  it("keeps the node's pricing on a chain that charges gas: EIP-1559 with a base fee, legacy without", () => {
    expect(choosePolicy({ gasPrice: 20n * GWEI, baseFeePerGas: 10n * GWEI })).to.deep.equal({ kind: "eip1559" });
    expect(choosePolicy({ gasPrice: 20n * GWEI, baseFeePerGas: null })).to.deep.equal({ kind: "legacy" });
  });

  it("puts legacy type-0 at gas price 0 on every transaction of a zero-gas chain, keeping a price the caller set", () => {
    expect(feeFields({ kind: "zero-gas" })).to.deep.equal({ type: 0, gasPrice: 0n });
    expect(feeFields({ kind: "zero-gas" }, { gasPrice: 5n })).to.deep.equal({ type: 0 });
    expect(feeFields({ kind: "eip1559" })).to.deep.equal({});
  });
});
