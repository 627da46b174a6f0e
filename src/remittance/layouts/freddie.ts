/**
 * Freddie Mac Single-Family Loan-Level Dataset, monthly performance file (loan-formats.md §2):
 * 32 `|`-separated fields, no header. On a zero-balance row the current UPB is 0 and field 27
 * carries the balance removed.
 */
import { isDigitsAt, wholeAt, type RowContext } from "../../tape/fields.js";
import type { RemittanceRow } from "../types.js";
import {
  checkRow,
  newRow,
  readAgencyZeroBalance,
  readBalance,
  readCents,
  readId,
  readMonths,
  readPeriod,
  readRatePct,
  sumDefined,
  PipeRemittanceLayout,
} from "./layout.js";

export const FREDDIE_PERFORMANCE_FIELDS = [
  "LOAN_SEQUENCE_NUMBER", "MONTHLY_REPORTING_PERIOD", "CURRENT_ACTUAL_UPB", "CURRENT_LOAN_DELINQUENCY_STATUS", "LOAN_AGE",
  "REMAINING_MONTHS_TO_LEGAL_MATURITY", "DEFECT_SETTLEMENT_DATE", "MODIFICATION_FLAG", "ZERO_BALANCE_CODE",
  "ZERO_BALANCE_EFFECTIVE_DATE", "CURRENT_INTEREST_RATE", "CURRENT_NON_INTEREST_BEARING_UPB", "DDLPI", "MI_RECOVERIES",
  "NET_SALE_PROCEEDS", "NON_MI_RECOVERIES", "TOTAL_EXPENSES", "LEGAL_COSTS", "MAINTENANCE_AND_PRESERVATION_COSTS",
  "TAXES_AND_INSURANCE", "MISCELLANEOUS_EXPENSES", "ACTUAL_LOSS_CALCULATION", "CUMULATIVE_MODIFICATION_COST",
  "STEP_MODIFICATION_FLAG", "PAYMENT_DEFERRAL", "ESTIMATED_LTV", "ZERO_BALANCE_REMOVAL_UPB", "DELINQUENT_ACCRUED_INTEREST",
  "DELINQUENCY_DUE_TO_DISASTER", "BORROWER_ASSISTANCE_STATUS_CODE", "CURRENT_MONTH_MODIFICATION_COST", "INTEREST_BEARING_UPB",
] as const;

export class FreddieRemittanceLayout extends PipeRemittanceLayout {
  readonly format = "freddie" as const;
  readonly fieldNames = FREDDIE_PERFORMANCE_FIELDS;
  readonly idField = "LOAN_SEQUENCE_NUMBER";
  readonly periodField = "MONTHLY_REPORTING_PERIOD";

  row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined {
    const f = this.scan(text, start, end, ctx);
    if (f === undefined) return undefined;
    const r = newRow(ctx.line);
    r.loanId = readId(ctx, f, 0, "LOAN_SEQUENCE_NUMBER");
    r.period = readPeriod(ctx, f, 1, "MONTHLY_REPORTING_PERIOD", "YYYYMM");
    r.endingUpbCents = readBalance(ctx, f, 2, "CURRENT_ACTUAL_UPB");
    const t = f.text;
    const s = f.start(3);
    const e = f.end(3);
    if (f.is(3, "RA") || f.is(3, "R")) r.reo = true;
    else if (e > s && isDigitsAt(t, s, e)) r.delinquentMonths = wholeAt(t, s, e);
    else if (f.isEmpty(3)) ctx.fail("CURRENT_LOAN_DELINQUENCY_STATUS", "", "delinquency status is unavailable: a remittance file must report it");
    else ctx.fail("CURRENT_LOAN_DELINQUENCY_STATUS", f.raw(3), "expected 0, 1, 2 … (installments past due) or RA (REO acquisition)");
    r.remainingTermMonths = readMonths(ctx, f, 5, "REMAINING_MONTHS_TO_LEGAL_MATURITY");
    if (f.is(7, "Y")) r.modified = true;
    else if (!f.isEmpty(7) && !f.is(7, "P") && !f.is(7, "N")) ctx.fail("MODIFICATION_FLAG", f.raw(7), "expected Y (this period), P (prior) or empty");
    readAgencyZeroBalance(ctx, f, 8, "ZERO_BALANCE_CODE", r);
    r.noteRatePct = readRatePct(ctx, f, 10, "CURRENT_INTEREST_RATE");
    if (r.zeroBalance !== undefined) {
      r.removalUpbCents = readCents(ctx, f, 26, "ZERO_BALANCE_REMOVAL_UPB");
      if (r.removalUpbCents === undefined) ctx.fail("ZERO_BALANCE_REMOVAL_UPB", "", "a zero-balance row must give the balance removed");
    }
    if (r.zeroBalance === "liquidated") {
      let sale: number | undefined;
      // "C": the sale covered the whole balance; "U": unknown (reconciliation decides).
      if (f.is(14, "C")) sale = r.removalUpbCents;
      else if (!f.is(14, "U")) sale = readCents(ctx, f, 14, "NET_SALE_PROCEEDS", true);
      const proceeds = sumDefined(sale, readCents(ctx, f, 13, "MI_RECOVERIES", true), readCents(ctx, f, 15, "NON_MI_RECOVERIES", true));
      const expenses = readCents(ctx, f, 16, "TOTAL_EXPENSES", true);
      if (proceeds !== undefined) r.netLiquidationProceedsCents = proceeds - (expenses ?? 0);
    }
    checkRow(ctx, r, "CURRENT_ACTUAL_UPB");
    return r;
  }
}
