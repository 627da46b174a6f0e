import { InvalidInputError } from "../errors.js";
import { balancePerDollar } from "./amortization.js";
import { requireAnnualRate, requireFinite, requireFraction, requireNonNegative, requireWholeMonths } from "./inputs.js";
import { bisect } from "./solve.js";

/**
 * Prepayment and default speeds of the SIFMA Uniform Practices Standard Formulas (SF-4 … SF-22).
 * Units: SMM, CPR, MDR, CDR and ABS are decimals (0.06 = 6 %); PSA and SDA are percent of the
 * standard curve (100 = 100 % PSA). "Age" is the loan age in months at the end of the month being
 * projected, so projection month m of a pool with original term T and WAM W has age T − W + m.
 */

/** CPR = 1 − (1 − SMM)^12. Also CDR from MDR. */
export function cprFromSmm(smm: number): number {
  return 1 - Math.pow(1 - smm, 12);
}

/** SMM = 1 − (1 − CPR)^(1/12). Also MDR from CDR. */
export function smmFromCpr(cpr: number): number {
  return 1 - Math.pow(1 - cpr, 1 / 12);
}

/** 100 % PSA: 0.2 % CPR × age up to 6 % at age 30, flat after; scaled by psa/100, capped at 100 %. */
export function psaCpr(psa: number, age: number): number {
  if (age <= 0) return 0;
  return Math.min(1, (psa / 100) * 0.06 * (Math.min(age, 30) / 30));
}

export function psaSmm(psa: number, age: number): number {
  return smmFromCpr(psaCpr(psa, age));
}

/**
 * 100 % SDA: CDR 0.02 % × age to 0.60 % at 30, flat to 60, falling 0.0095 % a month to 0.03 % at
 * 120, flat after; scaled by sda/100 and capped at 100 %.
 */
export function sdaCdr(sda: number, age: number): number {
  if (age <= 0) return 0;
  let base: number;
  if (age <= 30) base = 0.0002 * age;
  else if (age <= 60) base = 0.006;
  else if (age <= 120) base = 0.006 - 0.000095 * (age - 60);
  else base = 0.0003;
  return Math.min(1, (sda / 100) * base);
}

export function sdaMdr(sda: number, age: number): number {
  return smmFromCpr(sdaCdr(sda, age));
}

/**
 * ABS (absolute prepayment of the original count): SMM = ABS / (1 − ABS × (month − 1)), month
 * counted from origination; 100 % once the original count is exhausted.
 */
export function absSmm(abs: number, month: number): number {
  const denominator = 1 - abs * (month - 1);
  return denominator <= 0 ? 1 : Math.min(1, abs / denominator);
}

/** A voluntary prepayment assumption. Vectors give one value per projection month; the last repeats. */
export type PrepaySpec =
  | { kind: "psa"; psa: number }
  | { kind: "cpr"; cpr: number }
  | { kind: "smm"; smm: number }
  | { kind: "abs"; abs: number }
  | { kind: "vector"; unit: "psa" | "cpr" | "smm"; values: readonly number[] };

/** A default assumption; same conventions as `PrepaySpec`. */
export type DefaultSpec =
  | { kind: "sda"; sda: number }
  | { kind: "cdr"; cdr: number }
  | { kind: "mdr"; mdr: number }
  | { kind: "vector"; unit: "sda" | "cdr" | "mdr"; values: readonly number[] };

function vectorValue(values: readonly number[], month: number): number {
  // Checked non-empty by the validators, so the last element exists.
  return values[Math.min(month, values.length) - 1] as number;
}

function validateRate(input: string, value: number): void {
  requireFraction(input, value);
}

export function validatePrepaySpec(spec: PrepaySpec): void {
  switch (spec.kind) {
    case "psa": requireNonNegative("psa", spec.psa); break;
    case "cpr": validateRate("cpr", spec.cpr); break;
    case "smm": validateRate("smm", spec.smm); break;
    case "abs": validateRate("abs", spec.abs); break;
    case "vector": {
      if (spec.values.length === 0) throw new InvalidInputError("prepayment vector", "is empty");
      spec.values.forEach((v, i) => {
        const name = `prepayment vector[${i + 1}]`;
        if (spec.unit === "psa") requireNonNegative(name, v);
        else validateRate(name, v);
      });
    }
  }
}

export function validateDefaultSpec(spec: DefaultSpec): void {
  switch (spec.kind) {
    case "sda": requireNonNegative("sda", spec.sda); break;
    case "cdr": validateRate("cdr", spec.cdr); break;
    case "mdr": validateRate("mdr", spec.mdr); break;
    case "vector": {
      if (spec.values.length === 0) throw new InvalidInputError("default vector", "is empty");
      spec.values.forEach((v, i) => {
        const name = `default vector[${i + 1}]`;
        if (spec.unit === "sda") requireNonNegative(name, v);
        else validateRate(name, v);
      });
    }
  }
}

/** SMM for projection month `month` (1-based) of a pool whose loans were `startAge` months old. */
export function prepaySmm(spec: PrepaySpec, month: number, startAge: number): number {
  const age = startAge + month;
  switch (spec.kind) {
    case "psa": return psaSmm(spec.psa, age);
    case "cpr": return smmFromCpr(spec.cpr);
    case "smm": return spec.smm;
    // SF-13: the ABS month counts from origination, like the PSA age.
    case "abs": return absSmm(spec.abs, age);
    case "vector": {
      const v = vectorValue(spec.values, month);
      return spec.unit === "psa" ? psaSmm(v, age) : spec.unit === "cpr" ? smmFromCpr(v) : v;
    }
  }
}

/** MDR for projection month `month` (1-based); same age convention as `prepaySmm`. */
export function defaultMdr(spec: DefaultSpec, month: number, startAge: number): number {
  const age = startAge + month;
  switch (spec.kind) {
    case "sda": return sdaMdr(spec.sda, age);
    case "cdr": return smmFromCpr(spec.cdr);
    case "mdr": return spec.mdr;
    case "vector": {
      const v = vectorValue(spec.values, month);
      return spec.unit === "sda" ? sdaMdr(v, age) : spec.unit === "cdr" ? smmFromCpr(v) : v;
    }
  }
}

/** The SMM of each of `months` projection months, as one array (month m at index m − 1). */
export function smmVector(spec: PrepaySpec, months: number, startAge: number): Float64Array {
  const out = new Float64Array(months);
  for (let m = 1; m <= months; m++) out[m - 1] = prepaySmm(spec, m, startAge);
  return out;
}

export function mdrVector(spec: DefaultSpec, months: number, startAge: number): Float64Array {
  const out = new Float64Array(months);
  for (let m = 1; m <= months; m++) out[m - 1] = defaultMdr(spec, m, startAge);
  return out;
}

/** Two observations of a pool's factor and the schedule they amortize on. */
export interface FactorObservation {
  /** Factor at the earlier date (current balance / original balance). */
  factor1: number;
  /** Factor at the later date. */
  factor2: number;
  /** Loan age in months at the earlier factor (payments made). */
  age1: number;
  /** Loan age in months at the later factor; defaults to age1 + 1. */
  age2?: number;
  /** Gross coupon (WAC) of the loans, annual decimal. */
  annualRate: number;
  /** Original term of the loans, months. */
  termMonths: number;
  /**
   * Loan age since origination at the earlier factor, for the PSA curve, when it differs from the
   * amortization age `age1` (a Ginnie Mae pool issued with 359 months left amortizes on a
   * 359-month schedule while its loans date from a month earlier). Defaults to `age1`.
   */
  loanAge1?: number;
}

export interface MeasuredSpeed {
  /** Scheduled factor at age2 had nobody prepaid since age1: F1 × BAL(age2) / BAL(age1). */
  scheduledFactor: number;
  /** Average single monthly mortality over the interval. */
  smm: number;
  cpr: number;
  /** The constant PSA that carries factor1 at age1 to factor2 at age2. */
  psa: number;
}

function validateObservation(o: FactorObservation): Required<FactorObservation> {
  const age2 = o.age2 ?? o.age1 + 1;
  const loanAge1 = o.loanAge1 ?? o.age1;
  requireWholeMonths("loanAge1", loanAge1);
  requireAnnualRate("annualRate", o.annualRate);
  requireWholeMonths("termMonths", o.termMonths, 1);
  requireWholeMonths("age1", o.age1);
  requireWholeMonths("age2", age2);
  if (age2 <= o.age1) throw new InvalidInputError("age2", `must be later than age1 (${o.age1}), got ${age2}`);
  if (age2 >= o.termMonths) throw new InvalidInputError("age2", `must be before the end of the ${o.termMonths}-month term, got ${age2}`);
  requireFinite("factor1", o.factor1);
  if (o.factor1 <= 0 || o.factor1 > 1) throw new InvalidInputError("factor1", `must be in (0, 1], got ${o.factor1}`);
  if (o.factor2 < 0 || o.factor2 > o.factor1) {
    throw new InvalidInputError("factor2", `must be in [0, factor1 = ${o.factor1}], got ${o.factor2}`);
  }
  return { ...o, age2, loanAge1 };
}

/**
 * Projects `factor` from `age1` to `age2` on the amortization schedule at a constant PSA, the PSA
 * month being `loanAge1 − age1` months ahead of the schedule's age.
 */
export function projectFactorAtPsa(
  factor: number, annualRate: number, termMonths: number, age1: number, age2: number, psa: number, loanAge1 = age1,
): number {
  let f = factor;
  for (let age = age1 + 1; age <= age2; age++) {
    const scheduled = balancePerDollar(annualRate, termMonths, age) / balancePerDollar(annualRate, termMonths, age - 1);
    f *= scheduled * (1 - psaSmm(psa, age - age1 + loanAge1));
  }
  return f;
}

/**
 * SIFMA SF-11: Fsched = F1 × BAL2 / BAL1, SMM = 1 − (F2 / Fsched)^(1/n) over n months (for one
 * month, (Fsched − F2) / Fsched); the pool-average PSA is the constant PSA that reproduces F2,
 * found by bisection because the PSA ramp makes it non-linear in the factor.
 */
export function speedFromFactors(observation: FactorObservation): MeasuredSpeed {
  const o = validateObservation(observation);
  const months = o.age2 - o.age1;
  const scheduledFactor = (o.factor1 * balancePerDollar(o.annualRate, o.termMonths, o.age2)) /
    balancePerDollar(o.annualRate, o.termMonths, o.age1);
  const survival = Math.min(1, o.factor2 / scheduledFactor);
  const smm = months === 1 ? (scheduledFactor - o.factor2) / scheduledFactor : 1 - Math.pow(survival, 1 / months);
  const psa = o.factor2 >= scheduledFactor
    ? 0
    : bisect((p) => projectFactorAtPsa(o.factor1, o.annualRate, o.termMonths, o.age1, o.age2, p, o.loanAge1) - o.factor2, 0, maxPsaFor(o), 1e-10);
  return { scheduledFactor, smm: Math.max(0, smm), cpr: cprFromSmm(Math.max(0, smm)), psa };
}

/** A PSA at which every month of the interval has 100 % CPR bounds the bisection from above. */
function maxPsaFor(o: Required<FactorObservation>): number {
  return (100 / 0.06) * Math.max(1, 30 / (o.loanAge1 + 1));
}
