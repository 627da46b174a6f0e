/**
 * Fannie Mae Single-Family Loan Performance, current single-file layout (Oct-2020 onward,
 * loan-formats.md §3b): 110 `|`-separated fields, no header, static attributes repeated on every
 * loan-month row. Carries scheduled and unscheduled principal of the month, which reconciliation
 * uses instead of deriving them.
 */
import type { RowContext } from "../../tape/fields.js";
import type { RemittanceRow } from "../types.js";
import {
  checkRow,
  newRow,
  readAgencyZeroBalance,
  readBalance,
  readCents,
  readId,
  readModFlag,
  readMonths,
  readNetProceeds,
  readPeriod,
  readRatePct,
  PipeRemittanceLayout,
  type FieldAt,
} from "./layout.js";

export const FANNIE_PERFORMANCE_FIELDS: readonly string[] = (
  "POOL_ID LOAN_ID ACT_PERIOD CHANNEL SELLER SERVICER MASTER_SERVICER ORIG_RATE CURR_RATE ORIG_UPB ISSUANCE_UPB CURRENT_UPB " +
  "ORIG_TERM ORIG_DATE FIRST_PAY LOAN_AGE REM_MONTHS ADJ_REM_MONTHS MATR_DT OLTV OCLTV NUM_BO DTI CSCORE_B CSCORE_C FIRST_FLAG " +
  "PURPOSE PROP NO_UNITS OCC_STAT STATE MSA ZIP MI_PCT PRODUCT PPMT_FLG IO FIRST_PAY_IO MNTHS_TO_AMTZ_IO DLQ_STATUS PMT_HISTORY " +
  "MOD_FLAG MI_CANCEL_FLAG Zero_Bal_Code ZB_DTE LAST_UPB RPRCH_DTE CURR_SCHD_PRNCPL TOT_SCHD_PRNCPL UNSCHD_PRNCPL_CURR " +
  "LAST_PAID_INSTALLMENT_DATE FORECLOSURE_DATE DISPOSITION_DATE FORECLOSURE_COSTS PROPERTY_PRESERVATION_AND_REPAIR_COSTS " +
  "ASSET_RECOVERY_COSTS MISCELLANEOUS_HOLDING_EXPENSES_AND_CREDITS ASSOCIATED_TAXES_FOR_HOLDING_PROPERTY NET_SALES_PROCEEDS " +
  "CREDIT_ENHANCEMENT_PROCEEDS REPURCHASES_MAKE_WHOLE_PROCEEDS OTHER_FORECLOSURE_PROCEEDS NON_INTEREST_BEARING_UPB " +
  "PRINCIPAL_FORGIVENESS_AMOUNT ORIGINAL_LIST_START_DATE ORIGINAL_LIST_PRICE CURRENT_LIST_START_DATE CURRENT_LIST_PRICE " +
  "ISSUE_SCOREB ISSUE_SCOREC CURR_SCOREB CURR_SCOREC MI_TYPE SERV_IND CURRENT_PERIOD_MODIFICATION_LOSS_AMOUNT " +
  "CUMULATIVE_MODIFICATION_LOSS_AMOUNT CURRENT_PERIOD_CREDIT_EVENT_NET_GAIN_OR_LOSS CUMULATIVE_CREDIT_EVENT_NET_GAIN_OR_LOSS " +
  "HOMEREADY_PROGRAM_INDICATOR FORECLOSURE_PRINCIPAL_WRITE_OFF_AMOUNT RELOCATION_MORTGAGE_INDICATOR " +
  "ZERO_BALANCE_CODE_CHANGE_DATE LOAN_HOLDBACK_INDICATOR LOAN_HOLDBACK_EFFECTIVE_DATE DELINQUENT_ACCRUED_INTEREST " +
  "PROPERTY_INSPECTION_WAIVER_INDICATOR HIGH_BALANCE_LOAN_INDICATOR ARM_5_YR_INDICATOR ARM_PRODUCT_TYPE " +
  "MONTHS_UNTIL_FIRST_PAYMENT_RESET MONTHS_BETWEEN_SUBSEQUENT_PAYMENT_RESET INTEREST_RATE_CHANGE_DATE PAYMENT_CHANGE_DATE " +
  "ARM_INDEX ARM_CAP_STRUCTURE INITIAL_INTEREST_RATE_CAP PERIODIC_INTEREST_RATE_CAP LIFETIME_INTEREST_RATE_CAP MARGIN " +
  "BALLOON_INDICATOR PLAN_NUMBER FORBEARANCE_INDICATOR HIGH_LOAN_TO_VALUE_HLTV_REFINANCE_OPTION_INDICATOR DEAL_NAME " +
  "RE_PROCS_FLAG ADR_TYPE ADR_COUNT ADR_UPB PAYMENT_DEFERRAL_MOD_EVENT_FLAG INTEREST_BEARING_UPB"
).split(" ");

/** A liquidation's proceeds and costs fields: net proceeds are the first less the second. */
const LIQUIDATION_PROCEEDS: readonly FieldAt[] = [
  [58, "NET_SALES_PROCEEDS"],
  [59, "CREDIT_ENHANCEMENT_PROCEEDS"],
  [60, "REPURCHASES_MAKE_WHOLE_PROCEEDS"],
  [61, "OTHER_FORECLOSURE_PROCEEDS"],
];
const LIQUIDATION_COSTS: readonly FieldAt[] = [
  [53, "FORECLOSURE_COSTS"],
  [54, "PROPERTY_PRESERVATION_AND_REPAIR_COSTS"],
  [55, "ASSET_RECOVERY_COSTS"],
  [56, "MISCELLANEOUS_HOLDING_EXPENSES_AND_CREDITS"],
  [57, "ASSOCIATED_TAXES_FOR_HOLDING_PROPERTY"],
];

export class FannieRemittanceLayout extends PipeRemittanceLayout {
  readonly format = "fannie" as const;
  readonly fieldNames = FANNIE_PERFORMANCE_FIELDS;
  readonly idField = "LOAN_ID";
  readonly periodField = "ACT_PERIOD";

  row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined {
    const f = this.scan(text, start, end, ctx);
    if (f === undefined) return undefined;
    const r = newRow(ctx.line);
    r.loanId = readId(ctx, f, 1, "LOAN_ID");
    r.period = readPeriod(ctx, f, 2, "ACT_PERIOD", "MMYYYY");
    r.noteRatePct = readRatePct(ctx, f, 8, "CURR_RATE");
    r.endingUpbCents = readBalance(ctx, f, 11, "CURRENT_UPB");
    r.remainingTermMonths = readMonths(ctx, f, 16, "REM_MONTHS");
    const s = f.start(39);
    const e = f.end(39);
    const d = e - s === 2 ? Number(f.raw(39)) : Number.NaN;
    if (Number.isInteger(d) && d >= 0) r.delinquentMonths = d;
    else if (f.isEmpty(39)) ctx.fail("DLQ_STATUS", "", "delinquency status is missing");
    else ctx.fail("DLQ_STATUS", f.raw(39), f.is(39, "XX") ? "delinquency status unknown (XX): a remittance file must report it" : "expected two digits 00–99 (installments past due)");
    readModFlag(ctx, f, 41, "MOD_FLAG", r);
    readAgencyZeroBalance(ctx, f, 43, "Zero_Bal_Code", r);
    if (r.zeroBalance !== undefined) {
      r.removalUpbCents = readCents(ctx, f, 45, "LAST_UPB");
      if (r.removalUpbCents === undefined) ctx.fail("LAST_UPB", "", "a zero-balance row must give the UPB at removal");
    }
    r.scheduledPrincipalCents = readCents(ctx, f, 47, "CURR_SCHD_PRNCPL");
    r.unscheduledPrincipalCents = readCents(ctx, f, 49, "UNSCHD_PRNCPL_CURR");
    if (!f.isEmpty(51) && r.zeroBalance === undefined) r.foreclosure = true;
    if (r.zeroBalance === "liquidated") r.netLiquidationProceedsCents = readNetProceeds(ctx, f, LIQUIDATION_PROCEEDS, LIQUIDATION_COSTS);
    checkRow(ctx, r, "CURRENT_UPB");
    return r;
  }
}
