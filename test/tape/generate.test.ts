import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Rng, generateLoans, scheduledBalanceCents, writeTape } from "../../src/tape/generate.js";
import { loadTape } from "../../src/tape/index.js";
import type { LoanRecord, TapeFormat } from "../../src/tape/loan.js";
import { tmpPath } from "./tmp.js";
import "../helpers/chai-float.js";

const FORMATS: TapeFormat[] = ["generic", "fannie-legacy", "fannie", "freddie"];
const N = 2000;

describe("tape generator", () => {
  for (const format of FORMATS) {
    it(`round-trips ${N} ${format} loans: the reader returns exactly the generated records`, async () => {
      const out = tmpPath(`roundtrip-${format}.txt`);
      expect(await writeTape(out, { format, loans: N, seed: 42, cutoff: "2026-01" })).to.equal(N);
      const { loans, summary } = await loadTape(out, { cutoff: "2026-01" });
      expect(summary.format).to.equal(format);
      expect(loans).to.deep.equal([...generateLoans({ format, loans: N, seed: 42, cutoff: "2026-01" })]);
    });
  }

  it("writes the same bytes for the same seed and different bytes for another seed", async () => {
    const a = tmpPath("seed-a.csv");
    const b = tmpPath("seed-b.csv");
    const c = tmpPath("seed-c.csv");
    await writeTape(a, { format: "generic", loans: 500, seed: 9 });
    await writeTape(b, { format: "generic", loans: 500, seed: 9 });
    await writeTape(c, { format: "generic", loans: 500, seed: 10 });
    expect(readFileSync(a).equals(readFileSync(b))).to.equal(true);
    expect(readFileSync(a).equals(readFileSync(c))).to.equal(false);
  });

  it("draws realistic pools: mean balance, WAC, FICO, terms and state mix in plausible ranges", () => {
    const loans: LoanRecord[] = [...generateLoans({ format: "generic", loans: 20_000, seed: 1 })];
    const mean = (f: (l: LoanRecord) => number): number => loans.reduce((s, l) => s + f(l), 0) / loans.length;
    expect(mean((l) => l.originalUpbCents / 100)).to.be.within(250_000, 360_000);
    expect(mean((l) => l.noteRatePct)).to.be.within(6, 7);
    expect(mean((l) => l.fico ?? 740)).to.be.within(720, 760);
    const share = (p: (l: LoanRecord) => boolean): number => loans.filter(p).length / loans.length;
    expect(share((l) => l.originalTermMonths === 180)).to.be.within(0.12, 0.18);
    expect(share((l) => l.state === "CA")).to.be.within(0.1, 0.15);
    expect(share((l) => l.ltvPct === 80)).to.be.within(0.25, 0.4);
    expect(new Set(loans.map((l) => l.state)).size).to.be.above(45);
  });

  it("amortises current balances on the level-payment schedule", () => {
    // $100,000 at 6 % for 360 months: the standard payment is $599.55; after one payment the
    // balance is 100,000 − (599.55 − 500.00) = $99,900.45.
    expect(scheduledBalanceCents(10_000_000, 6, 360, 1)).to.equal(9_990_045);
    expect(scheduledBalanceCents(10_000_000, 6, 360, 0)).to.equal(10_000_000);
    expect(scheduledBalanceCents(10_000_000, 6, 360, 360)).to.equal(0);
  });

  it("has a seeded PRNG that repeats per seed and fills [0, 1)", () => {
    const a = new Rng(5);
    const b = new Rng(5);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs.slice(0, 5)).to.deep.equal(Array.from({ length: 5 }, () => b.next()));
    expect(Math.min(...xs)).to.be.at.least(0);
    expect(Math.max(...xs)).to.be.below(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).to.be.closeToNumber(0.5, 0.02);
  });
});
