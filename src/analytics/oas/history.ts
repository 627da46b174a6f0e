import { ValidationError } from "../../errors.js";
import type { LocatedIssue } from "../../errors.js";
import { marketRateAt } from "./marketrates.js";

/**
 * Loan-month payoff history for fitting the prepayment model, from Fannie Mae's legacy
 * performance file (`|`-delimited, 31 fields; Fannie Mae's published performance layout). Only the
 * fields the model needs are read: LOAN_ID (1), MONTHLY_RPT_PRD (2, MM/DD/YYYY), LAST_RT (4),
 * LOAN_AGE (6) and ZERO_BAL_CODE (13). A month whose zero-balance code is 01 (prepaid or matured)
 * is a payoff; other codes (repurchase, short sale, REO …) end the loan's history without one.
 */
export interface PayoffHistory {
  /** Note rate − market mortgage rate, percentage points, per loan-month. */
  incentive: Float64Array;
  age: Float64Array;
  /** The loan's cumulative in-the-money incentive before this month (percentage-point-months). */
  burnoutExposure: Float64Array;
  /** 1 when the loan paid off in this month. */
  payoff: Uint8Array;
  /** Calendar year of each loan-month (for reporting actual vs fitted speeds). */
  year: Int32Array;
  loans: number;
}

interface Row {
  loanId: string;
  year: number;
  month: number;
  rate: number;
  age: number;
  payoff: boolean;
}

export function parsePerformanceRows(file: string, text: string): Row[] {
  const rows: Row[] = [];
  const issues: LocatedIssue[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && issues.length < 100; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const f = raw.split("|");
    const line = i + 1;
    if (f.length !== 31) {
      issues.push({ file, line, reason: `expected 31 fields, found ${f.length}` });
      continue;
    }
    const date = /^(\d{2})\/\d{2}\/(\d{4})$/.exec(f[1] as string);
    const rate = Number(f[3]);
    const age = Number(f[5]);
    if (!date) issues.push({ file, line, field: "MONTHLY_RPT_PRD", value: f[1] as string, reason: "expected MM/DD/YYYY" });
    else if ((f[3] as string).trim() === "" || !Number.isFinite(rate) || rate <= 0 || rate >= 100) {
      issues.push({ file, line, field: "LAST_RT", value: f[3] as string, reason: "not a note rate in percent" });
    } else if (!Number.isInteger(age) || age < -1) {
      issues.push({ file, line, field: "LOAN_AGE", value: f[5] as string, reason: "not a whole number of months ≥ −1" });
    } else {
      // Age −1 is a report before the first payment is due: treat it as age 0 (unseasoned).
      rows.push({ loanId: f[0] as string, year: Number(date[2]), month: Number(date[1]), rate, age: Math.max(0, age), payoff: f[12] === "01" });
    }
  }
  if (issues.length > 0) throw new ValidationError(file, issues, issues.length >= 100);
  return rows;
}

/** Orders each loan's months by (year, month) — the file sorts dates as strings — and builds the arrays. */
export function payoffHistory(rows: readonly Row[], marketRate: (year: number, month: number) => number = marketRateAt): PayoffHistory {
  const byLoan = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byLoan.get(r.loanId);
    if (list) list.push(r);
    else byLoan.set(r.loanId, [r]);
  }
  const n = rows.length;
  const h: PayoffHistory = {
    incentive: new Float64Array(n), age: new Float64Array(n), burnoutExposure: new Float64Array(n),
    payoff: new Uint8Array(n), year: new Int32Array(n), loans: byLoan.size,
  };
  let k = 0;
  for (const list of byLoan.values()) {
    list.sort((a, b) => a.year - b.year || a.month - b.month);
    let exposure = 0;
    for (const r of list) {
      const incentive = r.rate - marketRate(r.year, r.month);
      h.incentive[k] = incentive;
      h.age[k] = r.age;
      h.burnoutExposure[k] = exposure;
      h.payoff[k] = r.payoff ? 1 : 0;
      h.year[k] = r.year;
      if (incentive > 0) exposure += incentive;
      k++;
      if (r.payoff) break;
    }
  }
  return {
    incentive: h.incentive.subarray(0, k), age: h.age.subarray(0, k), burnoutExposure: h.burnoutExposure.subarray(0, k),
    payoff: h.payoff.subarray(0, k), year: h.year.subarray(0, k), loans: h.loans,
  };
}
