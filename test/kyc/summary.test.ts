import { expect } from "chai";
import { ZeroHash } from "ethers";

import type { OnboardResult } from "../../src/kyc/onboard.js";
import { batchProgress } from "../../src/tasks/common/progress.js";
import { formatOnboardSummary } from "../../src/kyc/summary.js";

const ONE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const none = { verifiedUntil: 0n, country: 0, classes: 0, frozen: false };

function result(extra: Partial<OnboardResult>): OnboardResult {
  return {
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    signer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    file: "investors.csv",
    dryRun: false,
    plan: [{ row: { line: 2, account: ONE, verifiedUntil: 2_000_000_000n, country: 840, classes: 2 | 4, recordHash: ZeroHash }, action: "new", before: none }],
    onboarded: 1,
    updated: 0,
    unchanged: 0,
    frozen: [],
    transactions: ["0xabc"],
    ...extra,
  };
}

describe("kyc onboarding summary and progress", () => {
  it("prints the counts and the transactions of a run", () => {
    const text = formatOnboardSummary(result({}));
    expect(text).to.match(/^onboarded\s+1$/m);
    expect(text).to.match(/^updated\s+0$/m);
    expect(text).to.match(/^transactions\s+1: 0xabc$/m);
  });

  it("lists each row a dry run would send, with its classes by name", () => {
    const text = formatOnboardSummary(result({ dryRun: true, transactions: [] }));
    expect(text).to.contain("dry run: nothing sent");
    expect(text).to.contain(`line 2: onboard ${ONE} until ${new Date(2_000_000_000_000).toISOString()}, country 840, accredited|qib`);
    expect(text).to.match(/^would onboard\s+1$/m);
  });

  it("warns that frozen accounts stay frozen", () => {
    expect(formatOnboardSummary(result({ frozen: [ONE] }))).to.contain(`1 account(s) in the file are frozen and stay frozen`);
  });

  it("writes one progress line per batch to a log, and redraws one line on a terminal", () => {
    const log: string[] = [];
    const tty: string[] = [];
    const p = (batch: number) => ({ batch, batches: 2, rowsSent: Math.min(batch * 100, 150), rowsToSend: 150, txHash: `0x${batch}` });
    const toLog = batchProgress({ write: (t: string) => log.push(t) });
    const toTty = batchProgress({ isTTY: true, write: (t: string) => tty.push(t) });
    for (const b of [1, 2]) {
      toLog(p(b));
      toTty(p(b));
    }
    expect(log).to.deep.equal(["setInvestors batch 1/2: 100/150 rows sent (tx 0x1)\n", "setInvestors batch 2/2: 150/150 rows sent (tx 0x2)\n"]);
    expect(tty.every((t) => t.startsWith("\r"))).to.equal(true);
    expect(tty.at(-1)?.endsWith("\n")).to.equal(true);
  });
});
