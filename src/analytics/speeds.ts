import { InvalidInputError } from "../errors.js";
import { balancePerDollar } from "./amortization.js";
import { requireAnnualRate, requireFinite, requireFraction, requireNonNegative, requirePositive, requireWholeMonths } from "./inputs.js";
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

/**
 * A linear seasoning ramp of CPR by loan age, the shape of the PSA, HEP, MHP and prospectus (PPC)
 * curves: 100 % of the curve is `startCpr` in month 1 rising linearly to `peakCpr` at month
 * `peakMonth`, flat after. Rates are annual decimals.
 */
export interface RampCurve {
  startCpr: number;
  peakCpr: number;
  peakMonth: number;
}

/** 100 % HEP (home-equity prepayment curve): x % HEP is x/10 % CPR in month 1 rising to x % CPR at month 10. */
export const HEP_PER_100: Readonly<RampCurve> = Object.freeze({ startCpr: 0.1, peakCpr: 1, peakMonth: 10 });
/** 100 % MHP (manufactured-housing prepayment curve): 3.7 % CPR in month 1, +0.1 % a month to 6 % at month 24. */
export const MHP_CURVE: Readonly<RampCurve> = Object.freeze({ startCpr: 0.037, peakCpr: 0.06, peakMonth: 24 });
/**
 * 100 % PPC, the prospectus prepayment curve. Each prospectus defines its own; this default is
 * the common fixed-rate home-equity definition, 4 % CPR in month 1 rising to 20 % at month 12.
 */
export const DEFAULT_PPC_CURVE: Readonly<RampCurve> = Object.freeze({ startCpr: 0.04, peakCpr: 0.2, peakMonth: 12 });

/** CPR of 100 % of a ramp curve at `age` (month `age` of the loan's life; 0 before month 1). */
export function rampCpr(curve: RampCurve, age: number): number {
  if (age <= 0) return 0;
  if (age >= curve.peakMonth || curve.peakMonth <= 1) return curve.peakCpr;
  return curve.startCpr + ((curve.peakCpr - curve.startCpr) * (age - 1)) / (curve.peakMonth - 1);
}

/** CPR of `percent` % of a ramp curve at `age`, capped at 100 %. */
export function curveCpr(percent: number, curve: RampCurve, age: number): number {
  return Math.min(1, (percent / 100) * rampCpr(curve, age));
}

/**
 * HEP is stated as the peak CPR itself: x % HEP = (x/100 × 100 % HEP curve) whose peak is x % CPR,
 * so `hep` is a percent of CPR at the peak, and the curve starts at a tenth of it.
 */
export function hepCpr(hep: number, age: number): number {
  return Math.min(1, (hep / 100) * rampCpr(HEP_PER_100, age));
}

export function validateRampCurve(input: string, c: RampCurve): void {
  requireFraction(`${input} start CPR`, c.startCpr);
  requireFraction(`${input} peak CPR`, c.peakCpr);
  requireWholeMonths(`${input} peak month`, c.peakMonth, 1);
}

/** A voluntary prepayment assumption. Vectors give one value per projection month; the last repeats. */
export type PrepaySpec =
  | { kind: "psa"; psa: number }
  | { kind: "cpr"; cpr: number }
  | { kind: "smm"; smm: number }
  | { kind: "abs"; abs: number }
  /** Percent of the home-equity curve (20 = 20 % HEP: 2 % CPR in month 1 to 20 % at month 10). */
  | { kind: "hep"; hep: number }
  /** Percent of the manufactured-housing curve (100 = 3.7 % CPR rising to 6 % at month 24). */
  | { kind: "mhp"; mhp: number }
  /** Percent of a prospectus prepayment curve (the default curve unless `curve` is given). */
  | { kind: "ppc"; ppc: number; curve?: RampCurve }
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
    case "hep": requireNonNegative("hep", spec.hep); break;
    case "mhp": requireNonNegative("mhp", spec.mhp); break;
    case "ppc": requireNonNegative("ppc", spec.ppc); if (spec.curve) validateRampCurve("ppc curve", spec.curve); break;
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
    case "hep": return smmFromCpr(hepCpr(spec.hep, age));
    case "mhp": return smmFromCpr(curveCpr(spec.mhp, MHP_CURVE, age));
    case "ppc": return smmFromCpr(curveCpr(spec.ppc, spec.curve ?? DEFAULT_PPC_CURVE, age));
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

/**
 * SIFMA SF-13: the ABS speed that carries factor F1 at age AGE1 to F2 at AGE2 on a schedule going
 * from BAL1 to BAL2: ABS = ((F2/F1) − (BAL2/BAL1)) / (AGE1 × (F2/F1) − AGE2 × (BAL2/BAL1)). Under ABS
 * the survivors fall from 1 − ABS × AGE1 to 1 − ABS × AGE2 of the original count.
 */
export function absFromFactors(observation: FactorObservation): number {
  const o = validateObservation(observation);
  const factorRatio = o.factor2 / o.factor1;
  const scheduleRatio = balancePerDollar(o.annualRate, o.termMonths, o.age2) / balancePerDollar(o.annualRate, o.termMonths, o.age1);
  const denominator = o.loanAge1 * factorRatio - (o.loanAge1 + o.age2 - o.age1) * scheduleRatio;
  if (denominator === 0) return 0;
  return Math.max(0, (factorRatio - scheduleRatio) / denominator);
}

/** One pool of a group whose average speed is measured (SF-11): its original face and two factors. */
export interface PoolFactorObservation extends FactorObservation {
  /** Pool identifier, for messages. */
  pool: string;
  /** Original face of the pool; factors × face are its balances. */
  originalFace: number;
}

export interface AverageSpeed {
  /** Pools in the average (present at the start with good factors). */
  pools: number;
  /** Σ face × F1: the aggregate balance at the start. */
  startBalance: number;
  /** Σ face × F1 × BAL2/BAL1: where the aggregate would be had nobody prepaid. */
  scheduledBalance: number;
  /** Σ face × F2. */
  endBalance: number;
  /** Months in the period. */
  months: number;
  smm: number;
  cpr: number;
  /** The single PSA that, applied to every pool at its own age, reproduces the aggregate end balance. */
  psa: number;
}

/**
 * SIFMA SF-11/12: the average prepayment rate of several pools over the same period. SMM and CPR
 * from the aggregate actual and scheduled balances; the PSA by iteration (bisection) as the one
 * speed that, projected on every pool at its own age, gives the aggregate actual balance — never
 * an average of the pools' own PSAs.
 */
export function averageSpeed(observations: readonly PoolFactorObservation[]): AverageSpeed {
  if (observations.length === 0) throw new InvalidInputError("pools", "there are no pools to average");
  const pools = observations.map((o) => {
    requirePositive(`pool ${o.pool} original face`, o.originalFace);
    try {
      return { face: o.originalFace, o: validateObservation(o) };
    } catch (error) {
      if (error instanceof InvalidInputError) throw new InvalidInputError(`pool ${o.pool} ${error.input}`, error.reason);
      throw error;
    }
  });
  const months = (pools[0] as { o: Required<FactorObservation> }).o.age2 - (pools[0] as { o: Required<FactorObservation> }).o.age1;
  for (const { o } of pools) {
    if (o.age2 - o.age1 !== months) {
      throw new InvalidInputError(`pool ${(o as PoolFactorObservation).pool}`, `covers ${o.age2 - o.age1} months, the others ${months}: every pool must span the same period`);
    }
  }
  let startBalance = 0;
  let scheduledBalance = 0;
  let endBalance = 0;
  for (const { face, o } of pools) {
    startBalance += face * o.factor1;
    scheduledBalance += (face * o.factor1 * balancePerDollar(o.annualRate, o.termMonths, o.age2)) / balancePerDollar(o.annualRate, o.termMonths, o.age1);
    endBalance += face * o.factor2;
  }
  const survival = Math.min(1, endBalance / scheduledBalance);
  const smm = 1 - Math.pow(survival, 1 / months);
  const projected = (psa: number) => {
    let sum = 0;
    for (const { face, o } of pools) sum += face * projectFactorAtPsa(o.factor1, o.annualRate, o.termMonths, o.age1, o.age2, psa, o.loanAge1);
    return sum;
  };
  const upper = Math.max(...pools.map(({ o }) => maxPsaFor(o)));
  const psa = endBalance >= scheduledBalance ? 0 : bisect((p) => projected(p) - endBalance, 0, upper, 1e-10);
  return { pools: pools.length, startBalance, scheduledBalance, endBalance, months, smm, cpr: cprFromSmm(smm), psa };
}
