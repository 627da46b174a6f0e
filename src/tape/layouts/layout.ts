/** What every tape layout provides to the reader that drives it. */
import type { LoanRecord, TapeFormat } from "../loan.js";
import type { RowContext } from "../fields.js";
import type { PerformanceAtCutoff } from "../performance.js";

export interface TapeLayout {
  readonly format: TapeFormat;
  readonly delimiter: string;
  /** Field names in file order (documented names), used in problem reports. */
  readonly fieldNames: readonly string[];
  /** True when the first line is a header row (already consumed when the layout was built). */
  readonly hasHeader: boolean;
  /** Name of the loan id field. */
  readonly idField: string;
  /** Added to the duplicate-id message when the layout has a likelier cause. */
  readonly duplicateHint?: string;
  /**
   * Parses the data line `text[start, end)`. Problems go to `ctx.problems`. May return a record
   * completed by an earlier line (layouts with several rows per loan), or nothing yet.
   */
  row(text: string, start: number, end: number, ctx: RowContext): LoanRecord | undefined;
  /** Flushes a record still pending at the end of the file. */
  end(ctx: RowContext): LoanRecord | undefined;
  /** Splits a line into fields (used to name the field holding bad bytes). */
  split(text: string): string[];
}

export function delimiterName(d: string): string {
  return d === "\t" ? "tab" : d === "|" ? "|" : d === "," ? "comma" : JSON.stringify(d);
}

/** Records a wrong field count, with a hint for the usual causes (truncation, wrong delimiter). */
export function fieldCountProblem(
  ctx: RowContext,
  layout: TapeLayout,
  line: string,
  found: number,
  expected: string,
): void {
  const names = layout.fieldNames;
  const field = found < names.length ? (names[found] ?? `field ${found + 1}`) : `field ${names.length + 1}`;
  let hint = "";
  if (ctx.unterminated) hint = "; the last line has no line end — the file looks truncated";
  else if (found === 1) {
    const other = [",", "\t", "|", ";"].find((d) => d !== layout.delimiter && line.includes(d));
    hint = other === undefined ? "" : `; the line is ${delimiterName(other)}-separated: wrong delimiter?`;
  }
  const what = found < names.length ? `${field} and later fields missing: ` : "extra fields: ";
  ctx.fail(field, String(found), `${what}expected ${expected} ${delimiterName(layout.delimiter)}-separated fields, found ${found}${hint}`);
}

/**
 * Current balance, age and remaining term from a performance (servicing) file as of the cut-off.
 * A loan that left the pool by then is an invalid row. Without a reported balance (Fannie masks
 * early months) the caller projects the scheduled balance at the performance file's age.
 */
export function applyPerformance(ctx: RowContext, r: LoanRecord, perf: PerformanceAtCutoff, idField: string): void {
  const zb = perf.zeroBalance;
  if (zb !== undefined) {
    ctx.fail(idField, r.loanId, `loan left the pool before the cut-off: zero-balance code ${zb.code} in ${zb.date} (performance file)`);
    return;
  }
  if (perf.currentUpbCents !== undefined) {
    r.currentUpbCents = perf.currentUpbCents;
    r.currentUpbProjected = false;
  }
  r.loanAgeMonths = perf.loanAgeMonths;
  r.remainingTermMonths = perf.remainingTermMonths;
}
