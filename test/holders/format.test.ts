import { expect } from "chai";

import type { CountHoldersResult } from "../../src/holders/count.js";
import { countHoldersJson, formatCountHolders, formatTokenAmount } from "../../src/holders/format.js";

const TOKEN = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const SIGNER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

const counted: CountHoldersResult = {
  token: TOKEN, symbol: "MBS27A", signer: SIGNER, outcome: "counted", holders: 1_234, block: 41, fromBlock: 0, transfers: 5_678,
  totalSupply: 600_000_000_000n, decimals: 6, gasEstimate: 3_250_000n, blockGasLimit: 30_000_000n,
  txHash: `0x${"ab".repeat(32)}`, minedInBlock: 42, retried: undefined,
};

describe("mbs holders count output", () => {
  it("writes token amounts with thousands, at least cents, every significant digit and the exact base units", () => {
    expect(formatTokenAmount(10_000_000_000n, 6)).to.equal("10,000.00 (10000000000 base units)");
    expect(formatTokenAmount(1n, 6)).to.equal("0.000001 (1 base units)");
    expect(formatTokenAmount(5n * 10n ** 18n, 18)).to.equal("5.00 (5000000000000000000 base units)");
    expect(formatTokenAmount(1_234n, 0)).to.equal("1,234 (1234 base units)");
  });

  it("reports a sent proof with the count, the transaction, the block read and the gas", () => {
    expect(formatCountHolders(counted).split("\n")).to.deep.equal([
      `counted 1,234 holder(s) of MBS27A ${TOKEN} in tx ${counted.txHash} (block 42); holderCount() is now exact and a holder cap may be set`,
      "holders        1,234 non-zero balance(s), listed in ascending address order",
      "read at block  41 (5,678 Transfer log(s) of blocks 0–41)",
      "total supply   600,000.00 (600000000000 base units), held in full by the listed holders",
      "gas estimate   3,250,000 (block gas limit 30,000,000)",
      `signer         ${SIGNER}`,
    ]);
  });

  it("says when the first proof was overtaken and read again", () => {
    const text = formatCountHolders({ ...counted, retried: "the proof read at block 40 was refused with X" });
    expect(text.split("\n").at(-1)).to.equal("note: the proof read at block 40 was refused with X; read again and proven at block 41");
  });

  it("gives JSON with amounts as decimal strings and null for what did not happen", () => {
    const json = JSON.parse(JSON.stringify(countHoldersJson({ ...counted, outcome: "dry-run", txHash: undefined, minedInBlock: undefined }))) as Record<string, unknown>;
    expect(json).to.deep.equal({
      token: TOKEN, symbol: "MBS27A", signer: SIGNER, outcome: "dry-run", sent: false, holders: 1_234, block: 41, fromBlock: 0, transfers: 5_678,
      totalSupply: "600000000000", decimals: 6, gasEstimate: "3250000", blockGasLimit: "30000000", txHash: null, minedInBlock: null, retried: null,
    });
  });
});
