/**
 * Fannie Mae legacy Performance file (31 `|`-separated fields, one row per loan and month,
 * possibly unsorted): each loan's state at a cut-off month, to age an Acquisition-file tape with
 * real balances instead of taking every loan at its original balance.
 */
import { ValidationError, type LocatedIssue } from "../errors.js";
import { Fields, RowContext, centsAt, monthAt, monthString, readInt, wholeAt } from "./fields.js";
import { readLines } from "./lines.js";

/** A loan as of the latest reporting month at or before the cut-off. */
export interface PerformanceAtCutoff {
  /** Reporting month index of the row used. */
  period: number;
  /** Latest reported UPB up to the cut-off; undefined while Fannie still masks it. */
  currentUpbCents: number | undefined;
  loanAgeMonths: number;
  remainingTermMonths: number;
  /** Zero-balance code and month when the loan left the pool at or before the cut-off. */
  zeroBalance: { code: string; date: string } | undefined;
}

const PIPE = 124;

export async function readLegacyPerformance(file: string, cutoff: number, maxIssues = 100): Promise<Map<string, PerformanceAtCutoff>> {
  const loans = new Map<string, PerformanceAtCutoff>();
  /** Latest reported UPB per loan and the period it was reported for (rows may come in any order). */
  const upbs = new Map<string, { period: number; cents: number }>();
  const ctx = new RowContext(file, cutoff);
  const issues: LocatedIssue[] = [];
  const f = new Fields(true);
  for await (const batch of readLines(file)) {
    for (let k = 0; k < batch.count; k++) {
      const start = batch.start(k);
      const end = batch.end(k);
      if (start === end) continue;
      ctx.line = batch.firstLine + k;
      f.scan(batch.text, start, end, PIPE, false);
      if (batch.invalidUtf8.includes(ctx.line)) ctx.fail("(line)", batch.line(k).slice(0, 60), "invalid UTF-8 bytes");
      else if (f.count !== 31) ctx.fail("(line)", String(f.count), `expected 31 |-separated performance fields, found ${f.count}`);
      else readRow(ctx, f, cutoff, loans, upbs);
      for (const p of ctx.problems.splice(0)) {
        if (issues.length >= maxIssues) throw new ValidationError(file, issues, true);
        issues.push(p);
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(file, issues);
  for (const [id, upb] of upbs) {
    const loan = loans.get(id);
    if (loan !== undefined) loan.currentUpbCents = upb.cents;
  }
  return loans;
}

function readRow(
  ctx: RowContext,
  f: Fields,
  cutoff: number,
  loans: Map<string, PerformanceAtCutoff>,
  upbs: Map<string, { period: number; cents: number }>,
): void {
  const t = f.text;
  const id = f.raw(0);
  const period = monthAt(t, f.start(1), f.end(1), "MM/DD/YYYY");
  if (Number.isNaN(period)) {
    ctx.fail("MONTHLY_RPT_PRD", f.raw(1), "expected a valid date as MM/DD/YYYY");
    return;
  }
  if (period > cutoff) return;
  if (!f.isEmpty(4)) {
    const cents = centsAt(t, f.start(4), f.end(4));
    if (!(cents >= 0 && Number.isSafeInteger(cents))) ctx.fail("LAST_UPB", f.raw(4), "expected an amount in dollars, not negative");
    else {
      const seen = upbs.get(id);
      if (seen === undefined || seen.period < period) upbs.set(id, { period, cents });
    }
  }
  const age = readInt(ctx, f, 5, "LOAN_AGE", -1, 480, -1);
  const rem = f.isEmpty(6) ? 0 : wholeAt(t, f.start(6), f.end(6));
  if (Number.isNaN(rem)) ctx.fail("MONTHS_TO_LEGAL_MAT", f.raw(6), "expected a whole number of months");
  const zbCode = f.raw(12);
  let zeroBalance: PerformanceAtCutoff["zeroBalance"];
  if (zbCode.length > 0) {
    const zb = monthAt(t, f.start(13), f.end(13), "MM/YYYY");
    zeroBalance = { code: zbCode, date: Number.isNaN(zb) ? f.raw(13) : monthString(zb) };
  }
  const prev = loans.get(id);
  // A loan's zero-balance row is its last; otherwise the latest month up to the cut-off wins.
  if (prev !== undefined && (prev.zeroBalance !== undefined || prev.period >= period)) return;
  loans.set(id, {
    period,
    currentUpbCents: undefined,
    loanAgeMonths: Math.max(0, age ?? 0),
    remainingTermMonths: Math.max(0, rem),
    zeroBalance,
  });
}
