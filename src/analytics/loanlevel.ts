import { InvalidInputError } from "../errors.js";
import type { LoanRecord } from "../tape/loan.js";
import { requireAnnualRate } from "./inputs.js";
import { prepaySmm, validatePrepaySpec } from "./speeds.js";
import type { PrepaySpec } from "./speeds.js";

/**
 * Loan-by-loan projection of a whole tape, structure-of-arrays so that 100,000 loans × 360 months
 * stay in typed arrays and one tight loop. Each loan follows the same Standard Formulas month as
 * the rep-line projection (level payment recomputed on its balance and remaining term, then
 * prepayment on the balance after scheduled principal); the pool columns are the sums.
 * Defaults are not modelled loan by loan: run the rep-line projection for default scenarios.
 */
export interface LoanArrays {
  /** Current balance of each loan (currency units, e.g. dollars). */
  balance: Float64Array;
  /** Gross note rate of each loan, annual decimal. */
  rate: Float64Array;
  /** Remaining term of each loan, months. */
  remainingTerm: Int32Array;
  /** Age of each loan, months (for age-dependent speeds such as PSA). */
  age: Int32Array;
}

/** Pool-level monthly totals of a loan-level projection; index k is month k + 1. */
export interface LoanLevelFlows {
  months: number;
  beginningBalance: Float64Array;
  scheduledPrincipal: Float64Array;
  prepayment: Float64Array;
  grossInterest: Float64Array;
  /** Interest after the servicing fee. */
  netInterest: Float64Array;
  endingBalance: Float64Array;
}

/** Builds the typed arrays from tape records; amounts go from integer cents to currency units. */
export function loanArraysFromRecords(loans: readonly LoanRecord[]): LoanArrays {
  const n = loans.length;
  const out: LoanArrays = {
    balance: new Float64Array(n),
    rate: new Float64Array(n),
    remainingTerm: new Int32Array(n),
    age: new Int32Array(n),
  };
  loans.forEach((loan, i) => {
    out.balance[i] = loan.currentUpbCents / 100;
    out.rate[i] = loan.noteRatePct / 100;
    out.remainingTerm[i] = loan.remainingTermMonths;
    out.age[i] = loan.loanAgeMonths;
  });
  validateLoanArrays(out, (i) => `loan ${loans[i]?.loanId ?? i + 1} (line ${loans[i]?.line ?? "?"})`);
  return out;
}

export function validateLoanArrays(loans: LoanArrays, name: (index: number) => string = (i) => `loan[${i}]`): void {
  const n = loans.balance.length;
  if (n === 0) throw new InvalidInputError("loans", "the tape is empty");
  if (loans.rate.length !== n || loans.remainingTerm.length !== n || loans.age.length !== n) {
    throw new InvalidInputError("loans", "balance, rate, remainingTerm and age arrays differ in length");
  }
  for (let i = 0; i < n; i++) {
    const b = loans.balance[i] as number;
    if (!(b >= 0) || !Number.isFinite(b)) throw new InvalidInputError(`${name(i)} balance`, `must be a non-negative number, got ${b}`);
    requireAnnualRate(`${name(i)} rate`, loans.rate[i] as number);
    if ((loans.remainingTerm[i] as number) < 0) {
      throw new InvalidInputError(`${name(i)} remainingTerm`, `must not be negative, got ${loans.remainingTerm[i]}`);
    }
    if ((loans.age[i] as number) < 0) throw new InvalidInputError(`${name(i)} age`, `must not be negative, got ${loans.age[i]}`);
  }
}

/**
 * Per-month SMM lookup. PSA and ABS depend on each loan's age, the other speeds only on the month,
 * so both are tabulated once and the inner loop does no `pow` except for PSA vectors (month × age).
 */
function smmLookup(spec: PrepaySpec, months: number, maxAge: number): (month: number, age: number) => number {
  if (spec.kind === "psa" || spec.kind === "abs") {
    const byAge = new Float64Array(maxAge + months + 1);
    // prepaySmm(spec, a, 0) is the SMM at loan age a for these age-driven speeds.
    for (let a = 1; a < byAge.length; a++) byAge[a] = prepaySmm(spec, a, 0);
    return (_month, age) => byAge[age] as number;
  }
  if (spec.kind === "vector" && spec.unit === "psa") {
    return (month, age) => prepaySmm(spec, month, age - month);
  }
  const byMonth = new Float64Array(months + 1);
  for (let m = 1; m <= months; m++) byMonth[m] = prepaySmm(spec, m, 0);
  return (month) => byMonth[month] as number;
}

export function projectLoans(loans: LoanArrays, prepay: PrepaySpec, servicingFee = 0): LoanLevelFlows {
  validateLoanArrays(loans);
  validatePrepaySpec(prepay);
  requireAnnualRate("servicingFee", servicingFee);
  const n = loans.balance.length;
  let months = 0;
  let maxAge = 0;
  for (let i = 0; i < n; i++) {
    months = Math.max(months, loans.remainingTerm[i] as number);
    maxAge = Math.max(maxAge, loans.age[i] as number);
  }
  const smmAt = smmLookup(prepay, months, maxAge);
  const balance = Float64Array.from(loans.balance);
  const monthlyRate = new Float64Array(n);
  // growth[i] = (1 + r)^remaining, divided by (1 + r) each month instead of a pow per loan-month.
  const growth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = (loans.rate[i] as number) / 12;
    monthlyRate[i] = r;
    growth[i] = Math.pow(1 + r, loans.remainingTerm[i] as number);
  }
  const flows: LoanLevelFlows = {
    months,
    beginningBalance: new Float64Array(months),
    scheduledPrincipal: new Float64Array(months),
    prepayment: new Float64Array(months),
    grossInterest: new Float64Array(months),
    netInterest: new Float64Array(months),
    endingBalance: new Float64Array(months),
  };
  const monthlyFee = servicingFee / 12;
  for (let m = 1; m <= months; m++) {
    let begin = 0;
    let scheduledSum = 0;
    let prepaySum = 0;
    let interestSum = 0;
    let feeSum = 0;
    for (let i = 0; i < n; i++) {
      const b = balance[i] as number;
      if (b === 0) continue;
      const remaining = (loans.remainingTerm[i] as number) - m + 1;
      if (remaining <= 0) continue;
      const r = monthlyRate[i] as number;
      const g = growth[i] as number;
      let scheduled: number;
      if (remaining === 1) scheduled = b;
      else if (r === 0) scheduled = b / remaining;
      else scheduled = (b * r) / (g - 1);
      const prepayment = (smmAt(m, (loans.age[i] as number) + m)) * (b - scheduled);
      begin += b;
      scheduledSum += scheduled;
      prepaySum += prepayment;
      interestSum += b * r;
      feeSum += b * (r < monthlyFee ? r : monthlyFee);
      balance[i] = b - scheduled - prepayment;
      growth[i] = g / (1 + r);
    }
    const k = m - 1;
    flows.beginningBalance[k] = begin;
    flows.scheduledPrincipal[k] = scheduledSum;
    flows.prepayment[k] = prepaySum;
    flows.grossInterest[k] = interestSum;
    flows.netInterest[k] = interestSum - feeSum;
    flows.endingBalance[k] = begin - scheduledSum - prepaySum;
  }
  return flows;
}
