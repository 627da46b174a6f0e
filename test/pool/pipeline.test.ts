import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { buildPool } from "../../src/pool/pipeline.js";
import { EligibilityFilter } from "../../src/pool/eligibility.js";
import { LEAF_ENCODING, leafTuple, loanLeaf } from "../../src/pool/leaf.js";
import { validateRules } from "../../src/pool/rules.js";
import { PoolStatsAccumulator } from "../../src/pool/stats.js";
import { sha256Json } from "../../src/pool/digest.js";
import { verifyLoanProof } from "../../src/pool/commitment.js";
import { aLoan, randomLoans, streamOf } from "./fixtures.js";

const RULES = validateRules({ ficoMin: 620, ltvMaxPct: 95, products: ["FRM"], maxStateConcentrationPct: 15, missing: { ltvPct: "allow" } }, "rules.json");

describe("pool/pipeline", () => {
  it("streams a tape into included loans, exclusions with reasons, stats and a commitment", async function () {
    this.timeout(20_000); // the reference StandardMerkleTree is slow
    // ~10 % per state from the generator, plus 100 extra CA loans to push CA over the 15 % cap.
    const loans = [...randomLoans(500, 21), ...randomLoans(100, 22).map((l) => ({ ...l, state: "CA" }))];
    const progress: number[] = [];
    const pool = await buildPool(streamOf(loans), RULES, { progressEvery: 250, onProgress: (n) => progress.push(n) });

    expect(pool.loansRead).to.equal(600);
    expect(progress).to.deep.equal([250, 500, 600]);
    expect(pool.includedCount + pool.excluded.length).to.equal(600);
    const excludedIds = new Set(pool.excluded.map((e) => e.loanId));
    expect(excludedIds.size).to.equal(pool.excluded.length);

    // Independently: the per-loan survivors, then the concentration drops reported by the pipeline.
    const filter = new EligibilityFilter(RULES);
    const perLoan = loans.filter((l) => filter.check(l) === undefined);
    const drops = pool.excluded.filter((e) => e.rule === "maxStateConcentrationPct");
    expect(drops.length).to.be.greaterThan(0);
    const included = perLoan.filter((l) => !excludedIds.has(l.loanId));
    expect(included.length).to.equal(pool.includedCount);

    const stateTotals = new Map<string, number>();
    for (const l of included) stateTotals.set(l.state!, (stateTotals.get(l.state!) ?? 0) + l.currentUpbCents);
    const total = included.reduce((s, l) => s + l.currentUpbCents, 0);
    for (const [state, upb] of stateTotals) expect((100 * upb) / total, state).to.be.at.most(15);

    const expected = new PoolStatsAccumulator();
    for (const l of included) expected.add(l);
    expect(pool.stats).to.deep.equal(expected.result());
    expect(pool.statsHash).to.equal(sha256Json({ stats: pool.stats, strats: pool.strats }));
    expect(pool.rulesHash).to.equal(sha256Json(RULES.source));

    const oz = StandardMerkleTree.of(included.map((l) => leafTuple(loanLeaf(l))), [...LEAF_ENCODING]);
    expect(pool.commitment.root).to.equal(oz.root);
    expect(pool.commitment.leafCount).to.equal(included.length);
    const sample = included[17]!;
    const { leaf, proof } = pool.commitment.proof(sample.loanId);
    expect(verifyLoanProof(pool.commitment.root, leaf, proof)).to.equal(true);
    expect(pool.commitment.has(pool.excluded[0]!.loanId)).to.equal(false);
  });

  it("accepts a plain array as well as an async stream", async () => {
    const loans = [aLoan({ loanId: "A" }), aLoan({ loanId: "B", fico: 500 })];
    const pool = await buildPool(loans, validateRules({ ficoMin: 620 }, "rules.json"));
    expect(pool.includedCount).to.equal(1);
    expect(pool.excluded).to.deep.equal([{ loanId: "B", line: 1, rule: "ficoMin", value: 500, limit: 620 }]);
  });

  it("fails with counts when no loan is eligible", async () => {
    let error: unknown;
    await buildPool(streamOf([aLoan({ fico: 500 })]), RULES).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/no loan passed the eligibility rules \(1 read, 1 excluded\)/);
  });

  it("propagates a tape reader's error instead of committing a partial pool", async () => {
    async function* broken() {
      yield aLoan({ loanId: "A" });
      throw new Error("tape.txt:2 noteRate: not a number");
    }
    let error: unknown;
    await buildPool(broken(), RULES).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/tape\.txt:2/);
  });
});
