/**
 * Applying the rule file. Per-loan rules run as the tape streams (EligibilityFilter.check); the
 * one pool-level rule, maximum state concentration, runs once at the end over the compact store
 * (resolveStateConcentration), because a state's share is only known when every loan is in.
 *
 * Per-loan rules are checked in this fixed order and the first failure is reported:
 *   products, amortization, propertyTypes, occupancy, purposes, states,
 *   originalUpbMinUsd, originalUpbMaxUsd, currentUpbMinUsd, currentUpbMaxUsd,
 *   noteRateMinPct, noteRateMaxPct, seasoningMinMonths, seasoningMaxMonths (loan age),
 *   ficoMin, ficoMax, ltvMaxPct, cltvMaxPct, dtiMaxPct.
 * A rule reading a missing field applies the field's missing policy: "allow" passes the rule,
 * "exclude" excludes the loan as `missing.<field>`. Limits are inclusive (ficoMin 620 admits 620).
 * A DTI the tape gives only as "above its range or not available" (Freddie 999) fails any
 * dtiMaxPct, whatever the missing-DTI policy: it may well be above the limit.
 */
import type { LoanStore } from "./store.js";
import type { PoolLoan } from "./leaf.js";
import type { Amortization, EligibilityRules, MissingField, NumericRule, SetRule } from "./rules.js";

export type ExclusionRule = NumericRule | SetRule | `missing.${MissingField}`;

export interface Exclusion {
  loanId: string;
  line: number;
  /** The rule key that excluded the loan (the first failing one, in the documented order). */
  rule: ExclusionRule;
  /** The loan's value in the rule's unit (dollars for Usd rules); null when missing. For the
   *  concentration rule: the state's share of current UPB (%) when the loan was dropped. */
  value: number | string | null;
  /** The rule's limit as written in the rule file. */
  limit: number | string | readonly string[];
  /** The loan's state, for the concentration rule. */
  state?: string;
}

/** The exclusion value of a DTI the tape gives only as "above its range or not available". */
export const DTI_ABOVE_RANGE_VALUE = "above the tape's range or not available (Freddie 999: > 65 % or n/a)";

type Check = (loan: PoolLoan) => Omit<Exclusion, "loanId" | "line"> | undefined;

export class EligibilityFilter {
  private readonly checks: Check[];
  private readonly quick: QuickPass;

  constructor(readonly rules: EligibilityRules) {
    this.checks = compile(rules);
    this.quick = new QuickPass(rules);
  }

  /** The first rule `loan` fails, or undefined when it passes every per-loan rule. */
  check(loan: PoolLoan): Exclusion | undefined {
    if (this.quick.passes(loan)) return undefined;
    for (const check of this.checks) {
      const failure = check(loan);
      if (failure !== undefined) return { loanId: loan.loanId, line: loan.line, ...failure };
    }
    return undefined;
  }
}

/**
 * Every per-loan rule as plain bounds and flags, tested in one call with no closure per rule:
 * most loans pass, and only the others go through the ordered checks to name the rule they fail
 * (a third of the filter's time on a 1,000,000-loan tape). It applies exactly the checks that
 * `compile` builds: a loan passes here if and only if none of them excludes it.
 */
class QuickPass {
  private readonly products: readonly string[] | undefined;
  private readonly amortization: readonly string[] | undefined;
  private readonly interestOnlyMissingOk: boolean;
  private readonly propertyTypes: readonly string[] | undefined;
  private readonly occupancy: readonly string[] | undefined;
  private readonly purposes: readonly string[] | undefined;
  private readonly states: readonly string[] | undefined;
  /** A missing value passes the field's rules (no rule reads it, or its policy is "allow"). */
  private readonly propertyTypeMissingOk: boolean;
  private readonly occupancyMissingOk: boolean;
  private readonly purposeMissingOk: boolean;
  private readonly stateMissingOk: boolean;
  private readonly ficoMissingOk: boolean;
  private readonly ltvMissingOk: boolean;
  private readonly cltvMissingOk: boolean;
  private readonly dtiMissingOk: boolean;
  // Inclusive bounds in the loan's units (cents for balances); ±Infinity where no rule applies.
  private readonly originalUpbMin: number;
  private readonly originalUpbMax: number;
  private readonly currentUpbMin: number;
  private readonly currentUpbMax: number;
  private readonly noteRateMin: number;
  private readonly noteRateMax: number;
  private readonly ageMin: number;
  private readonly ageMax: number;
  private readonly ficoMin: number;
  private readonly ficoMax: number;
  private readonly ltvMax: number;
  private readonly cltvMax: number;
  private readonly dtiMax: number;

  constructor({ limits, sets, missing }: EligibilityRules) {
    const min = (limit: number | undefined, scale = 1) => (limit === undefined ? -Infinity : limit * scale);
    const max = (limit: number | undefined, scale = 1) => (limit === undefined ? Infinity : limit * scale);
    const missingOk = (field: MissingField, ...rules: unknown[]) => rules.every((r) => r === undefined) || missing[field] !== "exclude";
    this.products = sets.products;
    this.amortization = sets.amortization;
    this.interestOnlyMissingOk = missingOk("interestOnly", sets.amortization);
    this.propertyTypes = sets.propertyTypes;
    this.occupancy = sets.occupancy;
    this.purposes = sets.purposes;
    this.states = sets.states;
    this.propertyTypeMissingOk = missingOk("propertyType", sets.propertyTypes);
    this.occupancyMissingOk = missingOk("occupancy", sets.occupancy);
    this.purposeMissingOk = missingOk("purpose", sets.purposes);
    // The concentration rule reads the state too, when no state list does (see compile).
    this.stateMissingOk = missingOk("state", sets.states ?? limits.maxStateConcentrationPct);
    this.ficoMissingOk = missingOk("fico", limits.ficoMin, limits.ficoMax);
    this.ltvMissingOk = missingOk("ltvPct", limits.ltvMaxPct);
    this.cltvMissingOk = missingOk("cltvPct", limits.cltvMaxPct);
    this.dtiMissingOk = missingOk("dtiPct", limits.dtiMaxPct);
    this.originalUpbMin = min(limits.originalUpbMinUsd, 100);
    this.originalUpbMax = max(limits.originalUpbMaxUsd, 100);
    this.currentUpbMin = min(limits.currentUpbMinUsd, 100);
    this.currentUpbMax = max(limits.currentUpbMaxUsd, 100);
    this.noteRateMin = min(limits.noteRateMinPct);
    this.noteRateMax = max(limits.noteRateMaxPct);
    this.ageMin = min(limits.seasoningMinMonths);
    this.ageMax = max(limits.seasoningMaxMonths);
    this.ficoMin = min(limits.ficoMin);
    this.ficoMax = max(limits.ficoMax);
    this.ltvMax = max(limits.ltvMaxPct);
    this.cltvMax = max(limits.cltvMaxPct);
    this.dtiMax = max(limits.dtiMaxPct);
  }

  passes(loan: PoolLoan): boolean {
    // Written as the checks' failure conditions negated (`!(v < min)`, not `v >= min`), so a
    // value that compares false either way passes here exactly when it passes there.
    return (
      (this.products === undefined || this.products.includes(loan.product)) &&
      inSetOrMissingOk(this.amortization, amortizationOf(loan), this.interestOnlyMissingOk) &&
      inSetOrMissingOk(this.propertyTypes, loan.propertyType, this.propertyTypeMissingOk) &&
      inSetOrMissingOk(this.occupancy, loan.occupancy, this.occupancyMissingOk) &&
      inSetOrMissingOk(this.purposes, loan.purpose, this.purposeMissingOk) &&
      (loan.state === undefined ? this.stateMissingOk : this.states === undefined || this.states.includes(loan.state)) &&
      !(loan.originalUpbCents < this.originalUpbMin) &&
      !(loan.originalUpbCents > this.originalUpbMax) &&
      !(loan.currentUpbCents < this.currentUpbMin) &&
      !(loan.currentUpbCents > this.currentUpbMax) &&
      !(loan.noteRatePct < this.noteRateMin) &&
      !(loan.noteRatePct > this.noteRateMax) &&
      !(loan.loanAgeMonths < this.ageMin) &&
      !(loan.loanAgeMonths > this.ageMax) &&
      (loan.fico === undefined ? this.ficoMissingOk : !(loan.fico < this.ficoMin) && !(loan.fico > this.ficoMax)) &&
      (loan.ltvPct === undefined ? this.ltvMissingOk : !(loan.ltvPct > this.ltvMax)) &&
      (loan.cltvPct === undefined ? this.cltvMissingOk : !(loan.cltvPct > this.cltvMax)) &&
      (loan.dtiAboveRangeOrUnknown === true
        ? this.dtiMax === Infinity
        : loan.dtiPct === undefined
          ? this.dtiMissingOk
          : !(loan.dtiPct > this.dtiMax))
    );
  }
}

/** The loan's value for the `amortization` rule. */
export function amortizationOf(loan: Pick<PoolLoan, "interestOnly">): Amortization | undefined {
  return loan.interestOnly === undefined ? undefined : loan.interestOnly ? "interest-only" : "fully-amortizing";
}

function inSetOrMissingOk(allowed: readonly string[] | undefined, v: string | undefined, missingOk: boolean): boolean {
  if (v === undefined) return missingOk;
  return allowed === undefined || allowed.includes(v);
}

function compile(rules: EligibilityRules): Check[] {
  const checks: Check[] = [];
  const { limits, sets, missing } = rules;
  const missingRule = (field: MissingField) => ({ rule: `missing.${field}` as const, value: null, limit: "exclude" });

  const inSet = <F extends "product" | "propertyType" | "occupancy" | "purpose" | "state">(rule: SetRule, field: F, allowed: readonly string[] | undefined) => {
    if (allowed === undefined) return;
    checks.push((loan) => {
      const v = loan[field];
      if (v === undefined) return field !== "product" && missing[field as MissingField] === "exclude" ? missingRule(field as MissingField) : undefined;
      return allowed.includes(v) ? undefined : { rule, value: v, limit: allowed };
    });
  };
  inSet("products", "product", sets.products);
  const amortization = sets.amortization;
  if (amortization !== undefined) {
    checks.push((loan) => {
      const v = amortizationOf(loan);
      if (v === undefined) return missing.interestOnly === "exclude" ? missingRule("interestOnly") : undefined;
      return amortization.includes(v) ? undefined : { rule: "amortization", value: v, limit: amortization };
    });
  }
  inSet("propertyTypes", "propertyType", sets.propertyTypes);
  inSet("occupancy", "occupancy", sets.occupancy);
  inSet("purposes", "purpose", sets.purposes);
  inSet("states", "state", sets.states);
  if (sets.states === undefined && limits.maxStateConcentrationPct !== undefined && missing.state === "exclude") {
    // The concentration rule reads the state too; a loan without one cannot be attributed.
    checks.push((loan) => (loan.state === undefined ? missingRule("state") : undefined));
  }

  const bound = (rule: NumericRule, kind: "min" | "max", read: (loan: PoolLoan) => number | undefined, field?: MissingField, scale = 1) => {
    const limit = limits[rule];
    if (limit === undefined) return;
    const scaled = limit * scale;
    checks.push((loan) => {
      const v = read(loan);
      if (v === undefined) return field !== undefined && missing[field] === "exclude" ? missingRule(field) : undefined;
      const fails = kind === "min" ? v < scaled : v > scaled;
      return fails ? { rule, value: v / scale, limit } : undefined;
    });
  };
  // Balances are compared in integer cents (limits were checked to be whole cents).
  bound("originalUpbMinUsd", "min", (l) => l.originalUpbCents, undefined, 100);
  bound("originalUpbMaxUsd", "max", (l) => l.originalUpbCents, undefined, 100);
  bound("currentUpbMinUsd", "min", (l) => l.currentUpbCents, undefined, 100);
  bound("currentUpbMaxUsd", "max", (l) => l.currentUpbCents, undefined, 100);
  bound("noteRateMinPct", "min", (l) => l.noteRatePct);
  bound("noteRateMaxPct", "max", (l) => l.noteRatePct);
  bound("seasoningMinMonths", "min", (l) => l.loanAgeMonths);
  bound("seasoningMaxMonths", "max", (l) => l.loanAgeMonths);
  bound("ficoMin", "min", (l) => l.fico, "fico");
  bound("ficoMax", "max", (l) => l.fico, "fico");
  bound("ltvMaxPct", "max", (l) => l.ltvPct, "ltvPct");
  bound("cltvMaxPct", "max", (l) => l.cltvPct, "cltvPct");
  const dtiMax = limits.dtiMaxPct;
  if (dtiMax !== undefined) {
    checks.push((loan) =>
      loan.dtiAboveRangeOrUnknown === true ? { rule: "dtiMaxPct", value: DTI_ABOVE_RANGE_VALUE, limit: dtiMax } : undefined,
    );
  }
  bound("dtiMaxPct", "max", (l) => l.dtiPct, "dtiPct");
  return checks;
}

/**
 * The maximum-state-concentration procedure. Deterministic and documented in
 * docs/loan-commitment.md §Eligibility:
 *
 *   while the state with the largest current UPB (ties: alphabetically first) holds more than
 *   capPct % of the pool's current UPB: drop that state's last loan on the tape (with a non-zero
 *   balance) that is still in the pool.
 *
 * Dropping from the largest state first reaches the cap with the fewest dollars removed, and
 * "last on the tape first" lets an issuer set priorities by ordering the tape. Loans without a
 * state count toward the pool total but belong to no state. Works on the compact store, O(loans)
 * memory, O(dropped × states) time. Returns a 0/1 drop flag per store index and an exclusion per
 * dropped loan, in drop order.
 */
export function resolveStateConcentration(store: LoanStore, capPct: number): { drop: Uint8Array; exclusions: Exclusion[] } {
  const n = store.length;
  const drop = new Uint8Array(n);
  const exclusions: Exclusion[] = [];
  // Summed by 16-bit state code in a typed array: a Map update per loan cost more than the rest.
  const byCode = new Float64Array(0x1_0000);
  const present = new Uint8Array(0x1_0000);
  let poolTotal = 0;
  for (let i = 0; i < n; i++) {
    const upb = store.currentUpbCents(i);
    const code = store.stateCode(i);
    poolTotal += upb;
    byCode[code]! += upb;
    present[code] = 1;
  }
  const totals = new Map<number, number>();
  for (let code = 1; code < 0x1_0000; code++) if (present[code] === 1) totals.set(code, byCode[code]!);
  // Per state over the cap, the store indices in tape order, consumed from the end; listed only
  // for the states that lose loans (usually one or two), on their first drop.
  const members = new Map<number, number[]>();
  const membersOf = (code: number): number[] => {
    let list = members.get(code);
    if (list === undefined) {
      list = [];
      for (let i = 0; i < n; i++) if (store.stateCode(i) === code) list.push(i);
      members.set(code, list);
    }
    return list;
  };
  // Exact comparison of S / T > cap / 100 in integers: cents are < 2^53, the cap has ≤ 4 decimals.
  const capScaled = BigInt(Math.round(capPct * 10_000));
  const overCap = (s: number, t: number) => BigInt(s) * 1_000_000n > capScaled * BigInt(t);

  for (;;) {
    let top = 0;
    let topUpb = -1;
    for (const [code, upb] of totals) {
      if (upb > topUpb || (upb === topUpb && code < top)) [top, topUpb] = [code, upb];
    }
    if (topUpb <= 0 || !overCap(topUpb, poolTotal)) break;
    const list = membersOf(top);
    let i: number | undefined;
    while ((i = list.pop()) !== undefined && store.currentUpbCents(i) === 0);
    if (i === undefined) break; // unreachable: a state with a positive total has a positive loan
    const upb = store.currentUpbCents(i);
    exclusions.push({
      loanId: store.loanId(i),
      line: store.line(i),
      rule: "maxStateConcentrationPct",
      value: (100 * topUpb) / poolTotal,
      limit: capPct,
      state: String.fromCharCode(top >> 8, top & 0xff),
    });
    drop[i] = 1;
    totals.set(top, topUpb - upb);
    poolTotal -= upb;
  }
  return { drop, exclusions };
}

/** One line a person can read: why the loan was excluded. */
export function describeExclusion(e: Exclusion): string {
  const limit = Array.isArray(e.limit) ? `[${e.limit.join(", ")}]` : String(e.limit);
  if (e.rule.startsWith("missing.")) return `${e.rule.slice(8)} is missing (${e.rule} = "exclude")`;
  if (e.rule === "maxStateConcentrationPct") {
    return `state ${e.state} held ${(e.value as number).toFixed(2)} % of current UPB, above the ${limit} % cap`;
  }
  if (Array.isArray(e.limit)) return `${e.rule}: ${String(e.value)} is not one of ${limit}`;
  const kind = /Min/.test(e.rule) ? "below the minimum" : "above the maximum";
  return `${e.rule}: ${String(e.value)} is ${kind} ${limit}`;
}
