/**
 * Tapes the documentation calls valid go all the way through validation, eligibility and the
 * commitment, and loans a due-diligence desk would refuse stay out of the pool. Each case is a
 * fixture in test/fixtures/tapes/ (issue 9).
 */
import { expect } from "chai";
import { join } from "node:path";
import { ValidationError } from "../../src/errors.js";
import { verifyLoanProof } from "../../src/pool/commitment.js";
import { DTI_ABOVE_RANGE_VALUE } from "../../src/pool/eligibility.js";
import { DTI_ABOVE_RANGE_OR_UNKNOWN, MISSING_UINT16 } from "../../src/pool/leaf.js";
import { buildPool } from "../../src/pool/pipeline.js";
import { formatStats } from "../../src/pool/report.js";
import { loadRules, type EligibilityRules } from "../../src/pool/rules.js";
import { scheduledBalanceCents } from "../../src/tape/consistency.js";
import { loadTape, readTape } from "../../src/tape/index.js";
import { aLoan } from "./fixtures.js";

const TAPES = join(import.meta.dirname, "../fixtures/tapes");
const RULES = "examples/rules/agency-conforming.json";

/** The agency-conforming rules without the state cap (these fixtures hold a handful of loans). */
async function conforming(): Promise<EligibilityRules> {
  const rules = await loadRules(RULES);
  const { maxStateConcentrationPct: _, ...limits } = rules.limits;
  return { ...rules, limits };
}

describe("documented tapes through the pool build", () => {
  it("commits decimal LTV and CLTV in hundredths and a DTI of 0 apart from a missing DTI", async () => {
    const pool = await buildPool(readTape(join(TAPES, "generic-decimal-ratios-dti-zero.csv"), { cutoff: "2026-01" }), await conforming());
    expect(pool.includedCount).to.equal(4);
    const d1 = pool.commitment.proof("D1");
    const d2 = pool.commitment.proof("D2");
    const d4 = pool.commitment.proof("D4");
    expect(d1.leaf).to.include({ ltvCentiPct: 6050, cltvCentiPct: 6050, dtiCentiPct: 3600 });
    expect(d2.leaf).to.include({ ltvCentiPct: 7999, cltvCentiPct: 8950, dtiCentiPct: 0 });
    expect(d4.leaf).to.include({ dtiCentiPct: MISSING_UINT16 });
    for (const p of [d1, d2, d4]) expect(verifyLoanProof(pool.commitment.root, p.leaf, p.proof)).to.equal(true);
    expect(pool.stats.ltvPct.min).to.equal(60.5);
    expect(pool.stats.dtiPct.min).to.equal(0);
  });

  it("keeps a Freddie DTI of 999 (above 65 % or n/a) out of a DTI ≤ 50 pool even though missing DTI is allowed", async () => {
    const rules = await conforming();
    expect(rules.missing.dtiPct).to.equal("allow");
    const pool = await buildPool(readTape(join(TAPES, "freddie-dti-999.txt"), { cutoff: "2026-01" }), rules);
    expect(pool.includedCount).to.equal(2);
    expect(pool.excluded).to.deep.equal([
      { loanId: "F24Q40000002", line: 2, rule: "dtiMaxPct", value: DTI_ABOVE_RANGE_VALUE, limit: 50 },
    ]);
    expect(pool.commitment.has("F24Q40000002")).to.equal(false);
    expect(pool.stats.dtiAboveRangeOrUnknown).to.equal(0);
  });

  it("commits a Freddie DTI of 999 as 'above range or n/a' when no DTI rule applies", async () => {
    const { loans } = await loadTape(join(TAPES, "freddie-dti-999.txt"), { cutoff: "2026-01" });
    const pool = await buildPool(loans, { ...(await loadRules(RULES)), limits: {} });
    expect(pool.commitment.proof("F24Q40000002").leaf.dtiCentiPct).to.equal(DTI_ABOVE_RANGE_OR_UNKNOWN);
  });

  it("states a 14-month-seasoned Freddie pool at its scheduled balance, not its original one", async () => {
    const tape = readTape(join(TAPES, "freddie-seasoned-14-months.txt"), { cutoff: "2026-01" });
    const pool = await buildPool(tape, { ...(await loadRules(RULES)), limits: {} });
    const { loans } = await loadTape(join(TAPES, "freddie-seasoned-14-months.txt"), { cutoff: "2026-01" });
    const scheduled = loans.reduce((s, l) => s + scheduledBalanceCents(l.originalUpbCents, l.noteRatePct, 360, 14), 0);
    expect(loans.every((l) => l.loanAgeMonths === 14 && l.currentUpbProjected === true)).to.equal(true);
    expect(tape.summary.projectedBalances).to.equal(20);
    expect(pool.stats.currentUpbCents).to.equal(scheduled);
    // 14 payments on 30-year loans near 6.5 % repay about 1.3 % of principal.
    expect(pool.stats.factor).to.be.within(0.98, 0.99);
    // …and the report says the balances are projected, not reported.
    expect(pool.stats).to.include({ projectedCurrentUpbLoans: 20, projectedCurrentUpbCents: scheduled });
    expect(formatStats(pool.stats)).to.include("current UPB of 20 of 20 loans").and.include("projected to the cut-off");
  });

  it("keeps interest-only and adjustable-rate loans out of a fixed-rate fully amortizing pool", async () => {
    const pool = await buildPool(readTape(join(TAPES, "freddie-io-arm.txt"), { cutoff: "2026-01" }), await conforming());
    expect(pool.includedCount).to.equal(1);
    expect(pool.excluded.map((e) => [e.loanId, e.rule, e.value])).to.deep.equal([
      ["F24Q40000002", "amortization", "interest-only"],
      ["F24Q40000003", "products", "ARM"],
    ]);
  });
});

describe("loan records handed to the pool build directly", () => {
  it("lists every loan the leaf cannot carry with its line and field, instead of throwing at the first", async () => {
    const loans = [aLoan({ loanId: "A", line: 2 }), aLoan({ loanId: "B", line: 3, ltvPct: 60.555 }), aLoan({ loanId: "C", line: 4, fico: 720.5 })];
    const err = await buildPool(loans, { ...(await conforming()), limits: {} }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.line, i.field, i.reason])).to.deep.equal([
      [3, "ltvPct", "loan B: more than 2 decimals cannot be committed exactly (hundredths of a percent)"],
      [4, "fico", "loan C: must be a whole score below 65535"],
    ]);
  });
});
