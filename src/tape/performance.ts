/**
 * Monthly performance (servicing) files: each loan's state at a cut-off month, so a tape without
 * balances (Fannie legacy Acquisition, Freddie origination) takes the real balances instead of
 * projected scheduled ones. Two layouts, told apart by their first line:
 * - Fannie Mae legacy Performance file: 31 `|`-separated fields, period `MM/DD/YYYY`;
 * - Freddie Mac monthly performance file (`sample_svcg_YYYY.txt`, `historical_data_time_…`):
 *   32 fields, period `YYYYMM`.
 * Rows may come in any order.
 */
import { ValidationError, type LocatedIssue } from "../errors.js";
import { Fields, RowContext, centsAt, monthAt, monthString, readInt, wholeAt, type DateShape } from "./fields.js";
import { readLines } from "./lines.js";

/** Which tape layout a performance file goes with. */
export type PerformanceKind = "fannie-legacy" | "freddie";

/** Where a performance layout keeps what the cut-off state needs (0-based field indices). */
interface PerformanceLayout {
  kind: PerformanceKind;
  fields: number;
  period: number;
  periodField: string;
  periodShape: DateShape;
  upb: number;
  upbField: string;
  age: number;
  ageField: string;
  remaining: number;
  remainingField: string;
  zeroBalanceCode: number;
  zeroBalanceDate: number;
  zeroBalanceShape: DateShape;
  /** A reported 0 without a zero-balance code means "masked", not "paid". */
  zeroIsMasked: boolean;
}

const FANNIE_LEGACY_PERFORMANCE: PerformanceLayout = {
  kind: "fannie-legacy",
  fields: 31,
  period: 1,
  periodField: "MONTHLY_RPT_PRD",
  periodShape: "MM/DD/YYYY",
  upb: 4,
  upbField: "LAST_UPB",
  age: 5,
  ageField: "LOAN_AGE",
  remaining: 6,
  remainingField: "MONTHS_TO_LEGAL_MAT",
  zeroBalanceCode: 12,
  zeroBalanceDate: 13,
  zeroBalanceShape: "MM/YYYY",
  zeroIsMasked: false,
};

const FREDDIE_PERFORMANCE: PerformanceLayout = {
  kind: "freddie",
  fields: 32,
  period: 1,
  periodField: "MONTHLY_REPORTING_PERIOD",
  periodShape: "YYYYMM",
  upb: 2,
  upbField: "CURRENT_ACTUAL_UPB",
  age: 4,
  ageField: "LOAN_AGE",
  remaining: 5,
  remainingField: "REMAINING_MONTHS_TO_LEGAL_MATURITY",
  zeroBalanceCode: 8,
  zeroBalanceDate: 9,
  zeroBalanceShape: "YYYYMM",
  zeroIsMasked: true,
};

/** The performance layout of a file from its first line, or why none fits. */
export function detectPerformanceLayout(firstLine: string): PerformanceLayout | string {
  const f = firstLine.split("|");
  for (const layout of [FANNIE_LEGACY_PERFORMANCE, FREDDIE_PERFORMANCE]) {
    const period = f[layout.period] ?? "";
    if (f.length === layout.fields && !Number.isNaN(monthAt(period, 0, period.length, layout.periodShape))) return layout;
  }
  return (
    `line 1 has ${f.length} |-separated fields: expected a Fannie Mae legacy Performance file (31 fields, MM/DD/YYYY period) ` +
    "or a Freddie Mac monthly performance file (32 fields, YYYYMM period)"
  );
}

/** Each loan's state at the cut-off, and the tape layout the file goes with. */
export interface PerformanceAtCutoffFile {
  kind: PerformanceKind;
  loans: Map<string, PerformanceAtCutoff>;
}

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
  const read = await readPerformance(file, cutoff, maxIssues);
  if (read.kind !== "fannie-legacy") {
    throw new ValidationError(file, [{ file, line: 1, reason: "this is a Freddie Mac performance file, not a Fannie Mae legacy Performance file" }]);
  }
  return read.loans;
}

/** Reads a performance file of either layout (detected from its first line) as of `cutoff`. */
export async function readPerformance(file: string, cutoff: number, maxIssues = 100): Promise<PerformanceAtCutoffFile> {
  const loans = new Map<string, PerformanceAtCutoff>();
  /** Latest reported UPB per loan and the period it was reported for (rows may come in any order). */
  const upbs = new Map<string, { period: number; cents: number }>();
  const ctx = new RowContext(file, cutoff);
  const issues: LocatedIssue[] = [];
  const f = new Fields(true);
  let layout: PerformanceLayout | undefined;
  for await (const batch of readLines(file)) {
    for (let k = 0; k < batch.count; k++) {
      const start = batch.start(k);
      const end = batch.end(k);
      if (start === end) continue;
      ctx.line = batch.firstLine + k;
      if (layout === undefined) {
        const detected = detectPerformanceLayout(batch.line(k));
        if (typeof detected === "string") throw new ValidationError(file, [{ file, line: ctx.line, reason: detected }]);
        layout = detected;
      }
      f.scan(batch.text, start, end, PIPE, false);
      if (batch.invalidUtf8.includes(ctx.line)) ctx.fail("(line)", batch.line(k).slice(0, 60), "invalid UTF-8 bytes");
      else if (f.count !== layout.fields) {
        ctx.fail("(line)", String(f.count), `expected ${layout.fields} |-separated performance fields, found ${f.count}`);
      } else readRow(ctx, f, layout, cutoff, loans, upbs);
      for (const p of ctx.problems.splice(0)) {
        if (issues.length >= maxIssues) throw new ValidationError(file, issues, true);
        issues.push(p);
      }
    }
  }
  if (layout === undefined) throw new ValidationError(file, [{ file, line: 0, reason: "the performance file is empty" }]);
  if (issues.length > 0) throw new ValidationError(file, issues);
  for (const [id, upb] of upbs) {
    const loan = loans.get(id);
    if (loan !== undefined) loan.currentUpbCents = upb.cents;
  }
  return { kind: layout.kind, loans };
}

function readRow(
  ctx: RowContext,
  f: Fields,
  layout: PerformanceLayout,
  cutoff: number,
  loans: Map<string, PerformanceAtCutoff>,
  upbs: Map<string, { period: number; cents: number }>,
): void {
  const t = f.text;
  const id = f.raw(0);
  const period = monthAt(t, f.start(layout.period), f.end(layout.period), layout.periodShape);
  if (Number.isNaN(period)) {
    ctx.fail(layout.periodField, f.raw(layout.period), `expected a valid date as ${layout.periodShape}`);
    return;
  }
  if (period > cutoff) return;
  const zbCode = f.raw(layout.zeroBalanceCode);
  if (!f.isEmpty(layout.upb)) {
    const cents = centsAt(t, f.start(layout.upb), f.end(layout.upb));
    if (!(cents >= 0 && Number.isSafeInteger(cents))) ctx.fail(layout.upbField, f.raw(layout.upb), "expected an amount in dollars, not negative");
    else if (!(cents === 0 && layout.zeroIsMasked && zbCode.length === 0)) {
      const seen = upbs.get(id);
      if (seen === undefined || seen.period < period) upbs.set(id, { period, cents });
    }
  }
  const age = readInt(ctx, f, layout.age, layout.ageField, -1, 480, -1);
  const rem = f.isEmpty(layout.remaining) ? 0 : wholeAt(t, f.start(layout.remaining), f.end(layout.remaining));
  if (Number.isNaN(rem)) ctx.fail(layout.remainingField, f.raw(layout.remaining), "expected a whole number of months");
  let zeroBalance: PerformanceAtCutoff["zeroBalance"];
  if (zbCode.length > 0) {
    const zb = monthAt(t, f.start(layout.zeroBalanceDate), f.end(layout.zeroBalanceDate), layout.zeroBalanceShape);
    zeroBalance = { code: zbCode, date: Number.isNaN(zb) ? f.raw(layout.zeroBalanceDate) : monthString(zb) };
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
