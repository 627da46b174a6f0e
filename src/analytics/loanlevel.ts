import { InvalidInputError } from "../errors.js";
import type { LoanRecord } from "../tape/loan.js";
import type { DefaultAssumption } from "./defaults.js";
import { validateDefaultAssumption } from "./defaults.js";
import { requireAnnualRate } from "./inputs.js";
import { defaultMdr, prepaySmm, validatePrepaySpec } from "./speeds.js";
import type { DefaultSpec, PrepaySpec } from "./speeds.js";

/**
 * Loan-by-loan projection of a whole tape, structure-of-arrays so that 100,000 loans × 360 months
 * stay in typed arrays and one tight loop. Each loan follows the same Standard Formulas month as
 * the rep-line projection (level payment recomputed on its balance and remaining term, then
 * prepayment on the balance after scheduled principal); the pool columns are the sums.
 * With a default assumption every loan follows the SF-18 month of the rep line on its own
 * schedule: its defaults sit in foreclosure `lag` months (amortizing on its schedule when P&I is
 * advanced) before liquidation, and it generates no new defaults in its own last `lag` months.
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
  /** Interest after the servicing fee that investors receive (expected interest when P&I is advanced). */
  netInterest: Float64Array;
  /** Balance (performing + in foreclosure) at the end of the month. */
  endingBalance: Float64Array;
  /** The columns below are zero without a default assumption; amounts as in `CashFlowTable`. */
  newDefaults: Float64Array;
  foreclosureBalance: Float64Array;
  defaultedAmortization: Float64Array;
  /** Amortized balance of the loans liquidated this month (ADB). */
  liquidation: Float64Array;
  loss: Float64Array;
  recovery: Float64Array;
  /** Net interest lost on new defaults and loans in foreclosure (SF-18 LOST INT). */
  lostInterest: Float64Array;
  /** Scheduled + defaulted amortization + prepayment + recovery. */
  totalPrincipal: Float64Array;
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
  if (spec.kind === "psa" || spec.kind === "abs" || spec.kind === "hep" || spec.kind === "mhp" || spec.kind === "ppc") {
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

/** Per-month MDR lookup by month and loan age, like `smmLookup` (SDA depends on the age). */
function mdrLookup(spec: DefaultSpec, months: number, maxAge: number): (month: number, age: number) => number {
  if (spec.kind === "sda") {
    const byAge = new Float64Array(maxAge + months + 1);
    for (let a = 1; a < byAge.length; a++) byAge[a] = defaultMdr(spec, a, 0);
    return (_month, age) => byAge[age] as number;
  }
  if (spec.kind === "vector" && spec.unit === "sda") return (month, age) => defaultMdr(spec, month, age - month);
  const byMonth = new Float64Array(months + 1);
  for (let m = 1; m <= months; m++) byMonth[m] = defaultMdr(spec, m, 0);
  return (month) => byMonth[month] as number;
}

function emptyFlows(months: number): LoanLevelFlows {
  const column = () => new Float64Array(months);
  return {
    months, beginningBalance: column(), scheduledPrincipal: column(), prepayment: column(), grossInterest: column(),
    netInterest: column(), endingBalance: column(), newDefaults: column(), foreclosureBalance: column(),
    defaultedAmortization: column(), liquidation: column(), loss: column(), recovery: column(), lostInterest: column(),
    totalPrincipal: column(),
  };
}

export function projectLoans(loans: LoanArrays, prepay: PrepaySpec, servicingFee = 0, defaults?: DefaultAssumption): LoanLevelFlows {
  validateLoanArrays(loans);
  validatePrepaySpec(prepay);
  requireAnnualRate("servicingFee", servicingFee);
  if (defaults !== undefined) {
    validateDefaultAssumption(defaults);
    return projectLoansWithDefaults(loans, prepay, servicingFee, defaults);
  }
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
  const flows = emptyFlows(months);
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
    flows.totalPrincipal[k] = scheduledSum + prepaySum;
  }
  return flows;
}

/**
 * The loan-level month with the standard default assumption (see `projectWithRates` for the
 * rep line). Each loan keeps its last `lag + 1` default cohorts in a ring (balance at default,
 * for the loss cap), so memory is loans × (lag + 1) doubles. When P&I is advanced a cohort
 * amortizes on the loan's schedule until liquidation; rather than shrinking every cohort every
 * month, each loan carries the running product P of (1 − scheduled fraction) and the cohort's
 * amortized balance at liquidation is defaulted × P(now) / P(at default).
 */
function projectLoansWithDefaults(loans: LoanArrays, prepay: PrepaySpec, servicingFee: number, d: DefaultAssumption): LoanLevelFlows {
  const n = loans.balance.length;
  let months = 0;
  let maxAge = 0;
  for (let i = 0; i < n; i++) {
    months = Math.max(months, loans.remainingTerm[i] as number);
    maxAge = Math.max(maxAge, loans.age[i] as number);
  }
  const smmAt = smmLookup(prepay, months, maxAge);
  const mdrAt = mdrLookup(d.rate, months, maxAge);
  const lag = d.lagMonths;
  const ring = lag + 1;
  const cohortAtDefault = new Float64Array(n * ring);
  /** Running product of (1 − scheduled fraction) up to the end of last month, per loan; P(at default) per cohort. */
  const survival = new Float64Array(n).fill(1);
  const cohortSurvival = new Float64Array(n * ring);
  const performing = Float64Array.from(loans.balance);
  const foreclosure = new Float64Array(n);
  const growth = new Float64Array(n);
  for (let i = 0; i < n; i++) growth[i] = Math.pow(1 + (loans.rate[i] as number) / 12, loans.remainingTerm[i] as number);
  const flows = emptyFlows(months);
  const monthlyFee = servicingFee / 12;
  for (let m = 1; m <= months; m++) {
    const k = m - 1;
    const slotNow = m % ring;
    const slotLiquidated = (m - lag) % ring;
    let begin = 0; let scheduledSum = 0; let prepaySum = 0; let grossSum = 0; let netSum = 0; let lostSum = 0;
    let defaultSum = 0; let liquidatedSum = 0; let lossSum = 0; let amDefSum = 0; let foreclosureSum = 0;
    for (let i = 0; i < n; i++) {
      const perf = performing[i] as number;
      const fcl = foreclosure[i] as number;
      if (perf === 0 && fcl === 0) continue;
      const remaining = (loans.remainingTerm[i] as number) - m + 1;
      if (remaining <= 0) continue;
      const r = loans.rate[i] as number / 12;
      const g = growth[i] as number;
      const fraction = remaining === 1 ? 1 : r === 0 ? 1 / remaining : r / (g - 1);
      const age = (loans.age[i] as number) + m;
      const base = i * ring;
      // SF-19 j: no new defaults in the loan's own last `lag` months.
      const newDefaults = remaining > lag ? perf * mdrAt(m, age) : 0;
      const p = survival[i] as number;
      cohortAtDefault[base + slotNow] = newDefaults;
      cohortSurvival[base + slotNow] = p;
      let liquidated = 0;
      if (m - lag >= 1) {
        const atDefault = cohortAtDefault[base + slotLiquidated] as number;
        if (atDefault > 0) {
          // Amortized over months default … m − 1 when advanced (SF-18 ADB), as defaulted otherwise.
          liquidated = d.advance ? atDefault * (p / (cohortSurvival[base + slotLiquidated] as number)) : atDefault;
          const loss = Math.min(atDefault * d.severity, liquidated);
          liquidatedSum += liquidated;
          lossSum += loss;
        }
        cohortAtDefault[base + slotLiquidated] = 0;
      }
      const stillInForeclosure = newDefaults + fcl - liquidated;
      let defaultedAmortization = 0;
      if (d.advance) {
        if (stillInForeclosure > 0) defaultedAmortization = stillInForeclosure * fraction;
        survival[i] = p * (1 - fraction);
      }
      const afterDefaults = perf - newDefaults;
      const scheduled = afterDefaults * fraction;
      const prepayment = Math.min(smmAt(m, age) * perf * (1 - fraction), afterDefaults - scheduled);
      const interestBearing = d.advance ? perf + fcl : perf - newDefaults;
      const netRate = r - (r < monthlyFee ? r : monthlyFee);
      begin += perf + fcl;
      defaultSum += newDefaults;
      amDefSum += defaultedAmortization;
      scheduledSum += scheduled;
      prepaySum += prepayment;
      grossSum += interestBearing * r;
      netSum += interestBearing * netRate;
      lostSum += (newDefaults + fcl) * netRate;
      performing[i] = afterDefaults - scheduled - prepayment;
      foreclosure[i] = stillInForeclosure - defaultedAmortization;
      foreclosureSum += foreclosure[i] as number;
      growth[i] = g / (1 + r);
    }
    flows.beginningBalance[k] = begin;
    flows.newDefaults[k] = defaultSum;
    flows.scheduledPrincipal[k] = scheduledSum;
    flows.defaultedAmortization[k] = amDefSum;
    flows.prepayment[k] = prepaySum;
    flows.grossInterest[k] = grossSum;
    flows.netInterest[k] = netSum;
    flows.lostInterest[k] = lostSum;
    flows.liquidation[k] = liquidatedSum;
    flows.loss[k] = lossSum;
    flows.recovery[k] = liquidatedSum - lossSum;
    flows.foreclosureBalance[k] = foreclosureSum;
    flows.totalPrincipal[k] = scheduledSum + amDefSum + prepaySum + liquidatedSum - lossSum;
    flows.endingBalance[k] = begin - scheduledSum - amDefSum - prepaySum - liquidatedSum;
  }
  return flows;
}
