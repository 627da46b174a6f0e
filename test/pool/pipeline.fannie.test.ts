import { expect } from "chai";
import { readFile } from "node:fs/promises";
import { readTape } from "../../src/tape/index.js";
import { buildPool } from "../../src/pool/pipeline.js";
import { loadRules, validateRules } from "../../src/pool/rules.js";
import { sha256File } from "../../src/pool/digest.js";
import { FANNIE_2000Q1 } from "../helpers/realData.js";
import "../helpers/chai-float.js";

const TAPE = FANNIE_2000Q1.acquisition;

/** The fields this test needs, read straight from the pipe-delimited legacy layout (loan-formats.md §3a). */
interface RawLoan {
  id: string;
  rate: number;
  upb: number;
  term: number;
  ltv: number | undefined;
  dti: number | undefined;
  fico: number | undefined;
  state: string;
}

async function rawLoans(): Promise<RawLoan[]> {
  const text = await readFile(TAPE, "utf8");
  const opt = (s: string | undefined) => (s === undefined || s === "" ? undefined : Number(s));
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((line) => {
      const f = line.split("|");
      return { id: f[0]!, rate: Number(f[3]), upb: Number(f[4]), term: Number(f[5]), ltv: opt(f[8]), dti: opt(f[11]), fico: opt(f[12]), state: f[18]! };
    });
}

function weighted(loans: readonly RawLoan[], x: (l: RawLoan) => number | undefined): number {
  const having = loans.filter((l) => x(l) !== undefined);
  return having.reduce((s, l) => s + l.upb * x(l)!, 0) / having.reduce((s, l) => s + l.upb, 0);
}

describe("pool pipeline on the real Fannie Mae 2000Q1 acquisition sample", function () {
  this.timeout(30_000);

  it("matches stats computed independently from the raw file, and the README's total UPB", async () => {
    const raw = await rawLoans();
    const pool = await buildPool(readTape(TAPE), validateRules({}, "no-rules.json"));
    expect(pool.includedCount).to.equal(5_000);
    // README: "5,000 loans (original UPB $601,351,000 in total)"; a new-issue tape, so current = original.
    expect(pool.stats.originalUpbCents).to.equal(601_351_000_00);
    expect(pool.stats.currentUpbCents).to.equal(raw.reduce((s, l) => s + l.upb * 100, 0));
    expect(pool.stats.wacPct).to.be.closeToNumber(weighted(raw, (l) => l.rate), 1e-9);
    expect(pool.stats.waOriginalTermMonths).to.be.closeToNumber(weighted(raw, (l) => l.term), 1e-9);
    expect(pool.stats.fico.weightedAverage).to.be.closeToNumber(weighted(raw, (l) => l.fico), 1e-9);
    expect(pool.stats.fico.missing).to.equal(raw.filter((l) => l.fico === undefined).length);
    expect(pool.stats.ltvPct.weightedAverage).to.be.closeToNumber(weighted(raw, (l) => l.ltv), 1e-9);
    expect(pool.stats.dtiPct.weightedAverage).to.be.closeToNumber(weighted(raw, (l) => l.dti), 1e-9);
    const ca = pool.strats.find((t) => t.dimension === "state")!.rows[0]!;
    expect(ca.key).to.equal("CA");
    expect(ca.count).to.equal(raw.filter((l) => l.state === "CA").length);
    expect(pool.commitment.leafCount).to.equal(5_000);
  });

  it("hashes the tape file to the same sha256 the tape reader computes in its own pass", async () => {
    const tape = readTape(TAPE, { contentHash: true });
    for await (const _ of tape);
    expect(await sha256File(TAPE)).to.equal(`0x${tape.summary.sha256}`);
  });

  it("excludes loans under the example agency rules for reasons the raw file confirms", async () => {
    const raw = new Map((await rawLoans()).map((l) => [l.id, l]));
    const pool = await buildPool(readTape(TAPE), await loadRules("examples/rules/agency-conforming.json"));
    expect(pool.includedCount + pool.excluded.length).to.equal(5_000);
    expect(pool.excluded.length).to.be.greaterThan(0);
    for (const e of pool.excluded) {
      const l = raw.get(e.loanId)!;
      if (e.rule === "ficoMin") expect(l.fico, e.loanId).to.be.below(620);
      else if (e.rule === "missing.fico") expect(l.fico, e.loanId).to.equal(undefined);
      else if (e.rule === "dtiMaxPct") expect(l.dti, e.loanId).to.be.above(50);
      else if (e.rule === "ltvMaxPct") expect(l.ltv, e.loanId).to.be.above(97);
    }
    for (const e of pool.excluded) expect(pool.commitment.has(e.loanId)).to.equal(false);
  });
});
