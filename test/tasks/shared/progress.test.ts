import { expect } from "chai";

import { progressBar } from "../../../src/tasks/common/progress.js";

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
