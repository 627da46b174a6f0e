/**
 * Cross-field checks a due-diligence reviewer runs on every row, and the scheduled balance of
 * loans whose tape carries none. The policy (which finding is an error, which a warning, and
 * why) is docs/loan-tape-checks.md; each layout calls `checkConsistency` once per parsed row.
 */
import { monthString, type RowContext } from "./fields.js";
import type { LoanRecord } from "./loan.js";

/**
 * Scheduled balance (cents) of a level-payment loan after `k` payments: the amortisation
 * identity B_k = P·((1+r)^n − (1+r)^k)/((1+r)^n − 1) (SIFMA's amortized balance), rounded to
 * the cent.
 */
export function scheduledBalanceCents(principalCents: number, ratePct: number, termMonths: number, k: number): number {
  if (k <= 0) return principalCents;
  if (k >= termMonths) return 0;
  const r = ratePct / 1200;
  if (r === 0) return Math.round(principalCents * (1 - k / termMonths));
  const growthN = Math.pow(1 + r, termMonths);
  return Math.round((principalCents * (growthN - Math.pow(1 + r, k))) / (growthN - 1));
}

/**
 * For a tape without a current balance: the loan's scheduled balance after `loanAgeMonths`
 * level payments at its note rate over its original term, flagged as projected. A loan whose
 * schedule has run out by then is an error (nothing left to pool).
 */
export function projectCurrentBalance(ctx: RowContext, r: LoanRecord, ageField: string): void {
  if (r.originalUpbCents <= 0 || r.noteRatePct <= 0 || r.originalTermMonths <= 0) return; // already reported
  r.currentUpbProjected = true;
  r.currentUpbCents = scheduledBalanceCents(r.originalUpbCents, r.noteRatePct, r.originalTermMonths, r.loanAgeMonths);
  if (r.currentUpbCents <= 0) {
    ctx.fail(ageField, String(r.loanAgeMonths), `the scheduled balance at the cut-off is zero: ${r.loanAgeMonths} of ${r.originalTermMonths} payments made`);
  }
}

/** What a row may say beyond the LoanRecord, for the checks. */
export interface RowFacts {
  /** Month index of the row's cut-off (the user's cut-off, or the row's reporting period). */
  asOf: number | undefined;
  /** First payment month index (NaN when absent). */
  firstPayment: number;
  /** Origination month index (NaN when absent) and the field that holds it. */
  origination: number;
  originationField: string;
  /** Maturity month index from the tape (NaN when absent), its field and text. */
  maturity: number;
  maturityField: string;
  maturityRaw: string;
  /** Field names for messages. */
  currentUpbField: string;
  ltvField: string;
}

/**
 * Errors: origination after the cut-off; maturity date other than first payment + term − 1;
 * current UPB above original on a fixed-rate loan that is not interest-only; LTV above CLTV.
 */
export function checkConsistency(ctx: RowContext, r: LoanRecord, facts: RowFacts): void {
  const { asOf } = facts;
  if (asOf !== undefined && facts.origination > asOf) {
    ctx.fail(
      facts.originationField,
      monthString(facts.origination),
      `origination ${monthString(facts.origination)} is after the cut-off ${monthString(asOf)}: the loan did not exist at the cut-off`,
    );
  }
  if (!Number.isNaN(facts.maturity) && !Number.isNaN(facts.firstPayment) && r.originalTermMonths > 0) {
    const first = facts.firstPayment;
    const expected = first + r.originalTermMonths - 1;
    if (facts.maturity < first) ctx.fail(facts.maturityField, facts.maturityRaw, "maturity date is before the first payment date");
    else if (facts.maturity !== expected) {
      ctx.fail(
        facts.maturityField,
        facts.maturityRaw,
        `maturity ${monthString(facts.maturity)} does not match the term: first payment ${r.firstPaymentDate} + ${r.originalTermMonths} months matures ${monthString(expected)}`,
      );
    }
  }
  if (r.product === "FRM" && r.interestOnly !== true && !r.currentUpbProjected && r.currentUpbCents > r.originalUpbCents && r.originalUpbCents > 0) {
    ctx.fail(
      facts.currentUpbField,
      dollars(r.currentUpbCents),
      `current UPB ${dollars(r.currentUpbCents)} is above the original UPB ${dollars(r.originalUpbCents)} on a fixed-rate amortizing loan (negative amortization or a data error)`,
    );
  }
  if (r.ltvPct !== undefined && r.cltvPct !== undefined && r.ltvPct > r.cltvPct) {
    ctx.fail(facts.ltvField, String(r.ltvPct), `LTV ${r.ltvPct} % is above CLTV ${r.cltvPct} %: the combined LTV counts every lien, so it is at least the LTV`);
  }
}

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
