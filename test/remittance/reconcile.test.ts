import { expect } from "chai";
import { join } from "node:path";
import { processRemittance, assertSubmittable, ReconciliationError } from "../../src/remittance/period.js";
import { DEFAULT_POLICY, policyWith, PolicyError } from "../../src/remittance/policy.js";
import { scheduledInstallments } from "../../src/remittance/schedule.js";
import { stateFromRows, stateFromTape, type PoolState } from "../../src/remittance/state.js";
import { loadRemittance } from "../../src/remittance/reader.js";
import { monthIndex } from "../../src/tape/fields.js";
import { unpackReconciliationWarnings } from "../../src/remittance/warnings.js";
import { fixtures, tempFile } from "./helpers.js";

const FEB = monthIndex("2026-02", "YYYY-MM");
const JAN = FEB - 1;

/** A pool of two $100,000 loans at 6 % with 360 months left, as tokenized at the 2026-01 cut-off. */
function twoLoans(): PoolState {
  return stateFromTape(
    [
      { loanId: "A", currentUpbCents: 10_000_000, noteRatePct: 6, remainingTermMonths: 360 },
      { loanId: "B", currentUpbCents: 10_000_000, noteRatePct: 6, remainingTermMonths: 360 },
    ],
    JAN,
  );
}

const HEADER = "loan_id,period,ending_upb,status,modified,zero_balance,zero_balance_upb,liquidation_proceeds,recovery,beginning_upb,scheduled_principal,unscheduled_principal";
// $100,000 at 6 % over 360 months: payment $599.55, interest $500.00, principal $99.55.
const A_PAID = "A,2026-02,99900.45,current,,,,,,,,";

async function run(rows: string[], state = twoLoans(), options = {}) {
  const file = tempFile("r.csv", `${HEADER}\n${rows.join("\n")}\n`);
  return processRemittance(file, state, options);
}

describe("reconciliation", () => {
  it("schedules a level payment: $200,000 at 6 % over 360 months pays $199.10 principal and $1,000.00 interest", () => {
    expect(scheduledInstallments(20_000_000, 6, 360, 1)).to.deep.equal({ principalCents: 19_910, interestCents: 100_000 });
    // Two installments: the second on the amortised balance.
    const two = scheduledInstallments(20_000_000, 6, 360, 2);
    expect(two.principalCents).to.equal(19_910 + 20_010);
    expect(two.interestCents).to.equal(100_000 + 99_900);
  });

  it("derives scheduled principal and interest of a current loan from last period's state", async () => {
    const p = await run([A_PAID, "B,2026-02,99900.45,current,,,,,,,,"]);
    expect(p.flags).to.deep.equal([]);
    const a = p.lines.find((l) => l.loanId === "A")!;
    expect(a).to.include({ scheduledPrincipalCents: 9_955, curtailmentCents: 0, interestCents: 50_000, status: "current" });
  });

  it("splits a payoff into this month's scheduled principal and the payoff", async () => {
    const p = await run([A_PAID, "B,2026-02,0,current,,prepaid,99900.45,,,,,"]);
    const b = p.lines.find((l) => l.loanId === "B")!;
    expect(b).to.include({ status: "prepaid", scheduledPrincipalCents: 9_955, payoffCents: 9_990_045, interestCents: 50_000, endingUpbCents: 0 });
    expect(p.report.payoffCount).to.equal(1);
  });

  it("treats principal beyond the schedule as a curtailment", async () => {
    const p = await run([A_PAID, "B,2026-02,94900.45,current,,,,,,,,"]);
    expect(p.lines[1]).to.include({ scheduledPrincipalCents: 9_955, curtailmentCents: 500_000 });
  });

  it("books a liquidation's proceeds and the rest of the balance as a realized loss", async () => {
    const p = await run([A_PAID, "B,2026-02,0,reo,,liquidated,100000.00,65000.00,,,,"]);
    expect(p.lines[1]).to.include({ status: "liquidated", liquidationProceedsCents: 6_500_000, realizedLossCents: 3_500_000, endingUpbCents: 0 });
    expect(p.report.liquidationCount).to.equal(1);
  });

  it("books a later recovery on a liquidated loan without touching the pool balance", async () => {
    const first = await run([A_PAID, "B,2026-02,0,reo,,liquidated,100000.00,65000.00,,,,"]);
    const next = await processRemittance(
      tempFile("r.csv", `${HEADER}\nA,2026-03,99800.40,current,,,,,,,,\nB,2026-03,0,current,,liquidated,0,,1200.00,,,\n`),
      first.reconciliation.next,
    );
    expect(next.flags).to.deep.equal([]);
    expect(next.report.recoveries).to.equal(1_200_000_000n);
    expect(next.report.endingLoanCount).to.equal(1);
  });

  describe("flags", () => {
    const cases: [string, string[], string, "error" | "warning", number][] = [
      ["UPB rising without a modification flag", [A_PAID, "B,2026-02,100500.00,current,,,,,,,,"], "upb-rise-unmodified", "error", 3],
      ["UPB rising by a modification (no capitalisation line on chain)", [A_PAID, "B,2026-02,100500.00,current,Y,,,,,,,"], "capitalization", "error", 3],
      ["a loan vanished", [A_PAID], "loan-vanished", "error", 0],
      ["a loan not in the pool", [A_PAID, "B,2026-02,99900.45,current,,,,,,,,", "C,2026-02,5.00,current,,,,,,,,"], "unknown-loan", "error", 4],
      ["principal short of the schedule", [A_PAID, "B,2026-02,99950.00,current,,,,,,,,"], "principal-vs-schedule", "warning", 3],
      ["delinquency jumping more than one bucket", [A_PAID, "B,2026-02,100000.00,60,,,,,,,,"], "delinquency-jump", "warning", 3],
      ["a liquidation without proceeds", [A_PAID, "B,2026-02,0,reo,,liquidated,100000.00,,,,,"], "liquidation-without-proceeds", "error", 3],
      ["a beginning balance that is not last period's ending", [A_PAID, "B,2026-02,99900.45,current,,,,,,99999.00,,"], "beginning-balance-mismatch", "error", 3],
      ["scheduled and unscheduled principal that do not add up to the balance drop", [A_PAID, "B,2026-02,99900.45,current,,,,,,,99.55,5.00"], "principal-does-not-tie", "error", 3],
    ];
    for (const [what, rows, code, severity, line] of cases) {
      it(`flags ${what} as ${code} (${severity}) at line ${line}`, async () => {
        const p = await run(rows);
        const flag = p.flags.find((f) => f.code === code);
        expect(flag, JSON.stringify(p.flags)).to.not.equal(undefined);
        expect(flag!.severity).to.equal(severity);
        expect(flag!.line).to.equal(line);
        if (severity === "error") expect(() => assertSubmittable(p)).to.throw(ReconciliationError, code);
      });
    }

    it("flags a paid-off loan reappearing and leaves its row out", async () => {
      const first = await run([A_PAID, "B,2026-02,0,current,,prepaid,99900.45,,,,,"]);
      const next = await processRemittance(
        tempFile("r.csv", `${HEADER}\nA,2026-03,99800.40,current,,,,,,,,\nB,2026-03,5000.00,current,,,,,,,,\n`),
        first.reconciliation.next,
      );
      expect(next.flags.map((f) => f.code)).to.deep.equal(["paid-off-reappeared"]);
      expect(next.lines.map((l) => l.loanId)).to.deep.equal(["A"]);
    });

    it("flags totals that do not match the cash remitted", async () => {
      const p = await run([A_PAID, "B,2026-02,99900.45,current,,,,,,,,"], twoLoans(), { declaredCashCents: 2 * 59_955 - 1 });
      expect(p.flags.map((f) => f.code)).to.deep.equal(["cash-mismatch"]);
      expect(p.flags[0]!.reason).to.include("short by $0.01");
      const ok = await run([A_PAID, "B,2026-02,99900.45,current,,,,,,,,"], twoLoans(), { declaredCashCents: 2 * 59_955 });
      expect(ok.flags).to.deep.equal([]);
    });

    it("follows the policy: a flag re-rated to a warning no longer blocks, an ignored one is not reported", async () => {
      const rows = [A_PAID, "B,2026-02,100500.00,current,,,,,,,,"];
      const lenient = await run(rows, twoLoans(), { policy: policyWith({ "upb-rise-unmodified": "warning" }) });
      expect(lenient.flags[0]!.severity).to.equal("warning");
      expect(() => assertSubmittable(lenient)).to.not.throw();
      // The warning goes on chain with the report: one upb-rise-unmodified (code 3, bits 48–63).
      expect(lenient.report.reconciliationWarnings).to.equal(1n << 48n);
      const ignored = await run(rows, twoLoans(), { policy: policyWith({ "upb-rise-unmodified": "ignore" }) });
      expect(ignored.flags).to.deep.equal([]);
      expect(ignored.report.reconciliationWarnings).to.equal(0n);
    });

    it("refuses a policy naming an unknown flag or setting", () => {
      expect(() => policyWith({ "upb-up": "error" })).to.throw(PolicyError, "unknown flag");
      expect(() => policyWith({ "loan-vanished": "fatal" })).to.throw(PolicyError, "expected error, warning or ignore");
      expect(Object.keys(DEFAULT_POLICY)).to.have.length(12);
    });
  });

  describe("on the real Fannie Mae 2000Q1 sample", () => {
    it("ties every month: beginning − principal − liquidated balance = ending, loan by loan and in total", async () => {
      const { rows } = await loadRemittance(join(fixtures, "fannie-legacy-2000-11.txt"));
      let state = stateFromRows(rows, 0, rows[0]!.period);
      for (const m of ["2000-12", "2001-01", "2001-02"]) {
        const p = await processRemittance(join(fixtures, `fannie-legacy-${m}.txt`), state);
        for (const l of p.lines) {
          const out = l.scheduledPrincipalCents + l.curtailmentCents + l.payoffCents + l.liquidationProceedsCents + l.realizedLossCents;
          expect(l.beginningUpbCents - out, l.loanId).to.equal(l.endingUpbCents);
        }
        const r = p.report;
        expect(r.beginningPoolBalance - r.scheduledPrincipal - r.curtailments - r.payoffs - r.liquidationProceeds - r.realizedLoss).to.equal(r.endingPoolBalance);
        expect(p.reconciliation.errors, m).to.equal(0);
        state = p.reconciliation.next;
      }
    });

    it("warns where the real servicer collected less principal than the schedule", async () => {
      const { rows } = await loadRemittance(join(fixtures, "fannie-legacy-2000-11.txt"));
      const p = await processRemittance(join(fixtures, "fannie-legacy-2000-12.txt"), stateFromRows(rows, 0, rows[0]!.period));
      expect(p.flags.every((f) => f.code === "principal-vs-schedule" && f.severity === "warning")).to.equal(true);
      expect(p.flags.length).to.be.greaterThan(0);
      expect(unpackReconciliationWarnings(p.report.reconciliationWarnings)).to.deep.equal([{ code: "principal-vs-schedule", count: p.reconciliation.warnings }]);
    });
  });
});
