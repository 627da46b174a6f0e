/**
 * Applying the rule file. Per-loan rules run as the tape streams (EligibilityFilter.check); the
 * one pool-level rule, maximum state concentration, runs once at the end over the compact store
 * (resolveStateConcentration), because a state's share is only known when every loan is in.
 *
 * Per-loan rules are checked in this fixed order and the first failure is reported:
 *   products, propertyTypes, occupancy, purposes, states,
 *   originalUpbMinUsd, originalUpbMaxUsd, currentUpbMinUsd, currentUpbMaxUsd,
 *   noteRateMinPct, noteRateMaxPct, seasoningMinMonths, seasoningMaxMonths (loan age),
 *   ficoMin, ficoMax, ltvMaxPct, cltvMaxPct, dtiMaxPct.
 * A rule reading a missing field applies the field's missing policy: "allow" passes the rule,
 * "exclude" excludes the loan as `missing.<field>`. Limits are inclusive (ficoMin 620 admits 620).
 */
import type { LoanStore } from "./store.js";
import type { PoolLoan } from "./leaf.js";
import type { EligibilityRules, MissingField, NumericRule, SetRule } from "./rules.js";

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

type Check = (loan: PoolLoan) => Omit<Exclusion, "loanId" | "line"> | undefined;

export class EligibilityFilter {
  private readonly checks: Check[];

  constructor(readonly rules: EligibilityRules) {
    this.checks = compile(rules);
  }

  /** The first rule `loan` fails, or undefined when it passes every per-loan rule. */
  check(loan: PoolLoan): Exclusion | undefined {
    for (const check of this.checks) {
      const failure = check(loan);
      if (failure !== undefined) return { loanId: loan.loanId, line: loan.line, ...failure };
    }
    return undefined;
  }
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
  const totals = new Map<number, number>();
  let poolTotal = 0;
  for (let i = 0; i < n; i++) {
    const upb = store.currentUpbCents(i);
    poolTotal += upb;
    const code = store.stateCode(i);
    if (code !== 0) totals.set(code, (totals.get(code) ?? 0) + upb);
  }
  // Per state, the store indices in tape order, consumed from the end.
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const code = store.stateCode(i);
    if (code === 0) continue;
    let list = members.get(code);
    if (list === undefined) members.set(code, (list = []));
    list.push(i);
  }
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
    const list = members.get(top)!;
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
