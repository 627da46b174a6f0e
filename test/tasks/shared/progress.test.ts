import { expect } from "chai";

import { countProgress, progressBar } from "../../../src/tasks/common/progress.js";

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, isTTY, write: (t: string) => out.push(t) };
}

describe("tokenize progress bar", () => {
  it("prints one line per 10 % of the tape in a log", () => {
    const s = sink(false);
    const report = progressBar(s, () => 0);
    for (let loans = 0; loans <= 100; loans += 5) report({ phase: "tape", loansRead: loans, bytesRead: loans, totalBytes: 100 });
    expect(s.out).to.have.length(11);
    expect(s.out[10]).to.match(/^tape: 100%\s+100 loans/);
  });

  it("redraws one terminal line, at most every 100 ms, and ends it before the next phase", () => {
    const s = sink(true);
    let t = 0;
    const report = progressBar(s, () => t);
    report({ phase: "tape", loansRead: 10, bytesRead: 10, totalBytes: 100 });
    t = 50;
    report({ phase: "tape", loansRead: 20, bytesRead: 20, totalBytes: 100 }); // too soon: skipped
    t = 200;
    report({ phase: "tape", loansRead: 100, bytesRead: 100, totalBytes: 100 });
    report({ phase: "deploy" });
    expect(s.out.filter((l) => l.startsWith("\r"))).to.have.length(2);
    expect(s.out[1]).to.match(/\[#{30}\] 100%/);
    expect(s.out[2]).to.equal("\n");
    expect(s.out[3]).to.match(/^deploying the pool/);
  });
});

describe("mbs holders count progress", () => {
  it("prints the log walk and the balance checks a line per 10 % in a log, then one line per step", () => {
    const s = sink(false);
    const report = countProgress(s);
    for (let done = 1_000; done <= 20_000; done += 1_000) report({ phase: "logs", blocksDone: done, blocksTotal: 20_000, toBlock: 19_999 });
    for (let done = 16; done <= 32; done += 16) report({ phase: "balances", accountsDone: done, accountsTotal: 32, block: 19_999 });
    report({ phase: "proof", holders: 32, block: 19_999, attempt: 1 });
    report({ phase: "send", holders: 32, block: 19_999, gasEstimate: 120_345n });
    expect(s.out).to.deep.equal([
      ...[1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 14_000, 16_000, 18_000, 20_000].map((done) =>
        `Transfer logs to block 19999: ${String(Math.floor(done / 2_000) * 10).padStart(3)}%  ${done.toLocaleString("en-US")}/20,000 blocks\n`),
      "balances at block 19999:  50%  16/32 holders\n",
      "balances at block 19999: 100%  32/32 holders\n",
      "proof: 32 holder(s) at block 19999\n",
      "sending countHolders with 32 holder(s) (estimated 120,345 gas) …\n",
    ]);
  });

  it("redraws one terminal line per phase and ends it before the next step", () => {
    const s = sink(true);
    const report = countProgress(s);
    report({ phase: "logs", blocksDone: 5, blocksTotal: 10, toBlock: 9 });
    report({ phase: "logs", blocksDone: 10, blocksTotal: 10, toBlock: 9 });
    report({ phase: "retry", reason: "the proof read at block 9 was refused with X", block: 9 });
    expect(s.out).to.deep.equal([
      "\rTransfer logs to block 9:  50%  5/10 blocks",
      "\rTransfer logs to block 9: 100%  10/10 blocks",
      "\n",
      "the proof read at block 9 was refused with X; reading on from block 10\n",
    ]);
  });
});
