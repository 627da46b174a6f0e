/**
 * Fannie Mae Single-Family Loan Performance, current single-file layout (Oct-2020 onward):
 * `|`-separated, no header, 110 fields, one row per loan and reporting month. The tape is each
 * loan's first reporting month, so a loan's rows must be contiguous (as Fannie publishes them);
 * only the earliest row of each run is parsed, the rest are compared by period only.
 */
import {
  AGENCY_OCCUPANCY,
  AGENCY_PROPERTY,
  FANNIE_CHANNEL,
  FANNIE_PURPOSE,
  YES_NO,
} from "../codes.js";
import {
  Fields,
  NamePool,
  completeTiming,
  detach,
  monthAt,
  monthString,
  newRecord,
  readCode,
  readInt,
  readLoanId,
  readMonth,
  readProduct,
  readRate,
  readRatio,
  readState,
  readTerm,
  readUpb,
  readZip3,
  type RowContext,
} from "../fields.js";
import type { LoanRecord } from "../loan.js";
import { checkConsistency } from "../consistency.js";
import { fieldCountProblem, type TapeLayout } from "./layout.js";

export const FANNIE_FIELDS = [
  "POOL_ID", "LOAN_ID", "ACT_PERIOD", "CHANNEL", "SELLER", "SERVICER", "MASTER_SERVICER", "ORIG_RATE", "CURR_RATE",
  "ORIG_UPB", "ISSUANCE_UPB", "CURRENT_UPB", "ORIG_TERM", "ORIG_DATE", "FIRST_PAY", "LOAN_AGE", "REM_MONTHS",
  "ADJ_REM_MONTHS", "MATR_DT", "OLTV", "OCLTV", "NUM_BO", "DTI", "CSCORE_B", "CSCORE_C", "FIRST_FLAG", "PURPOSE",
  "PROP", "NO_UNITS", "OCC_STAT", "STATE", "MSA", "ZIP", "MI_PCT", "PRODUCT", "PPMT_FLG", "IO", "FIRST_PAY_IO",
  "MNTHS_TO_AMTZ_IO", "DLQ_STATUS", "PMT_HISTORY", "MOD_FLAG", "MI_CANCEL_FLAG", "Zero_Bal_Code", "ZB_DTE",
  "LAST_UPB", "RPRCH_DTE", "CURR_SCHD_PRNCPL", "TOT_SCHD_PRNCPL", "UNSCHD_PRNCPL_CURR", "LAST_PAID_INSTALLMENT_DATE",
  "FORECLOSURE_DATE", "DISPOSITION_DATE", "FORECLOSURE_COSTS", "PROPERTY_PRESERVATION_AND_REPAIR_COSTS",
  "ASSET_RECOVERY_COSTS", "MISCELLANEOUS_HOLDING_EXPENSES_AND_CREDITS", "ASSOCIATED_TAXES_FOR_HOLDING_PROPERTY",
  "NET_SALES_PROCEEDS", "CREDIT_ENHANCEMENT_PROCEEDS", "REPURCHASES_MAKE_WHOLE_PROCEEDS", "OTHER_FORECLOSURE_PROCEEDS",
  "NON_INTEREST_BEARING_UPB", "PRINCIPAL_FORGIVENESS_AMOUNT", "ORIGINAL_LIST_START_DATE", "ORIGINAL_LIST_PRICE",
  "CURRENT_LIST_START_DATE", "CURRENT_LIST_PRICE", "ISSUE_SCOREB", "ISSUE_SCOREC", "CURR_SCOREB", "CURR_SCOREC",
  "MI_TYPE", "SERV_IND", "CURRENT_PERIOD_MODIFICATION_LOSS_AMOUNT", "CUMULATIVE_MODIFICATION_LOSS_AMOUNT",
  "CURRENT_PERIOD_CREDIT_EVENT_NET_GAIN_OR_LOSS", "CUMULATIVE_CREDIT_EVENT_NET_GAIN_OR_LOSS",
  "HOMEREADY_PROGRAM_INDICATOR", "FORECLOSURE_PRINCIPAL_WRITE_OFF_AMOUNT", "RELOCATION_MORTGAGE_INDICATOR",
  "ZERO_BALANCE_CODE_CHANGE_DATE", "LOAN_HOLDBACK_INDICATOR", "LOAN_HOLDBACK_EFFECTIVE_DATE",
  "DELINQUENT_ACCRUED_INTEREST", "PROPERTY_INSPECTION_WAIVER_INDICATOR", "HIGH_BALANCE_LOAN_INDICATOR",
  "ARM_5_YR_INDICATOR", "ARM_PRODUCT_TYPE", "MONTHS_UNTIL_FIRST_PAYMENT_RESET", "MONTHS_BETWEEN_SUBSEQUENT_PAYMENT_RESET",
  "INTEREST_RATE_CHANGE_DATE", "PAYMENT_CHANGE_DATE", "ARM_INDEX", "ARM_CAP_STRUCTURE", "INITIAL_INTEREST_RATE_CAP",
  "PERIODIC_INTEREST_RATE_CAP", "LIFETIME_INTEREST_RATE_CAP", "MARGIN", "BALLOON_INDICATOR", "PLAN_NUMBER",
  "FORBEARANCE_INDICATOR", "HIGH_LOAN_TO_VALUE_HLTV_REFINANCE_OPTION_INDICATOR", "DEAL_NAME", "RE_PROCS_FLAG",
  "ADR_TYPE", "ADR_COUNT", "ADR_UPB", "PAYMENT_DEFERRAL_MOD_EVENT_FLAG", "INTEREST_BEARING_UPB",
] as const;

const U = ["U"];
const NONE: string[] = [];
const PIPE = 124;

/** The earliest row seen so far of the loan whose rows are being read. */
interface Pending {
  id: string;
  /** The row is `text[start, end)` (the text of its batch, kept alive until the loan ends). */
  text: string;
  start: number;
  end: number;
  line: number;
  period: number;
}

export class FannieLayout implements TapeLayout {
  readonly format = "fannie" as const;
  readonly delimiter = "|";
  readonly fieldNames = FANNIE_FIELDS;
  readonly idField = "LOAN_ID";
  readonly hasHeader = false;
  readonly duplicateHint = "a loan's monthly rows must be contiguous";
  private readonly names = new NamePool();
  /** Offsets of the current line, and of the pending row when it is parsed. */
  private readonly f = new Fields(true, 112);
  private readonly g = new Fields(true, 112);
  private pending: Pending | undefined;

  split(text: string): string[] {
    return text.split("|");
  }

  row(text: string, start: number, end: number, ctx: RowContext): LoanRecord | undefined {
    const f = this.f;
    f.scan(text, start, end, PIPE, false);
    if (f.count !== 110) {
      fieldCountProblem(ctx, this, text.slice(start, end), f.count, "110");
      return undefined;
    }
    const period = monthAt(text, f.start(2), f.end(2), "MMYYYY");
    if (Number.isNaN(period)) {
      ctx.fail("ACT_PERIOD", f.raw(2), "expected a valid reporting period as MMYYYY");
      return undefined;
    }
    const p = this.pending;
    if (p !== undefined && f.is(1, p.id)) {
      if (period < p.period) this.pending = { id: p.id, text, start, end, line: ctx.line, period };
      return undefined;
    }
    this.pending = { id: detach(f.raw(1)), text, start, end, line: ctx.line, period };
    return p === undefined ? undefined : this.flush(p, ctx);
  }

  end(ctx: RowContext): LoanRecord | undefined {
    const p = this.pending;
    this.pending = undefined;
    return p === undefined ? undefined : this.flush(p, ctx);
  }

  /** Parses the chosen (earliest) row of a finished loan. */
  private flush(p: Pending, ctx: RowContext): LoanRecord {
    const line = ctx.line;
    const loanId = ctx.loanId;
    ctx.line = p.line;
    this.g.scan(p.text, p.start, p.end, PIPE, false);
    const r = this.parse(this.g, p.period, ctx);
    ctx.line = line;
    ctx.loanId = loanId;
    return r;
  }

  private parse(f: Fields, period: number, ctx: RowContext): LoanRecord {
    const r = newRecord(ctx.line);
    r.loanId = readLoanId(ctx, f, 1, "LOAN_ID");
    r.channel = readCode(ctx, f, 3, "CHANNEL", FANNIE_CHANNEL, NONE);
    r.seller = this.names.read(f, 4);
    r.servicer = this.names.read(f, 5);
    r.noteRatePct = f.isEmpty(8) ? readRate(ctx, f, 7, "ORIG_RATE") : readRate(ctx, f, 8, "CURR_RATE");
    r.originalUpbCents = readUpb(ctx, f, 9, "ORIG_UPB");
    // Fannie masks the current balance in a loan's first months: the original balance stands in.
    r.currentUpbCents = f.isEmpty(11) ? r.originalUpbCents : readUpb(ctx, f, 11, "CURRENT_UPB");
    r.originalTermMonths = readTerm(ctx, f, 12, "ORIG_TERM");
    const orig = readMonth(ctx, f, 13, "ORIG_DATE", "MMYYYY", false);
    if (!Number.isNaN(orig)) r.originationDate = monthString(orig);
    const first = readMonth(ctx, f, 14, "FIRST_PAY", "MMYYYY", true);
    if (!Number.isNaN(first)) r.firstPaymentDate = monthString(first);
    r.ltvPct = readRatio(ctx, f, 19, "OLTV", 1, 200, 999);
    r.cltvPct = readRatio(ctx, f, 20, "OCLTV", 1, 200, 999);
    r.borrowers = readInt(ctx, f, 21, "NUM_BO", 1, 10, 99);
    r.dtiPct = readRatio(ctx, f, 22, "DTI", 0, 100, 999);
    r.fico = readInt(ctx, f, 23, "CSCORE_B", 300, 850, 9999);
    r.coBorrowerFico = readInt(ctx, f, 24, "CSCORE_C", 300, 850, 9999);
    r.firstTimeBuyer = readCode(ctx, f, 25, "FIRST_FLAG", YES_NO, U);
    r.purpose = readCode(ctx, f, 26, "PURPOSE", FANNIE_PURPOSE, U);
    r.propertyType = readCode(ctx, f, 27, "PROP", AGENCY_PROPERTY, NONE);
    r.units = readInt(ctx, f, 28, "NO_UNITS", 1, 4, 99);
    r.occupancy = readCode(ctx, f, 29, "OCC_STAT", AGENCY_OCCUPANCY, U);
    r.state = readState(ctx, f, 30, "STATE");
    r.zip3 = readZip3(ctx, f, 32, "ZIP");
    r.miPct = readRatio(ctx, f, 33, "MI_PCT", 0, 55, 999);
    r.product = readProduct(ctx, f, 34, "PRODUCT", true);
    r.interestOnly = readCode(ctx, f, 36, "IO", YES_NO, NONE);
    const maturity = readMonth(ctx, f, 18, "MATR_DT", "MMYYYY", false);
    if (orig > first) {
      ctx.fail("ORIG_DATE", f.raw(13), "origination date is after the first payment date");
      return r;
    }
    // The row's own reporting period is its cut-off: LOAN_AGE and CURRENT_UPB are as of then.
    completeTiming(ctx, f, r, first, "FIRST_PAY", 15, "LOAN_AGE", 16, "REM_MONTHS", period);
    if (ctx.problems.length > 0) return r;
    checkConsistency(ctx, r, {
      firstPayment: first,
      asOf: period,
      origination: orig,
      originationField: "ORIG_DATE",
      maturity,
      maturityField: "MATR_DT",
      maturityRaw: f.raw(18),
      currentUpbField: "CURRENT_UPB",
      ltvField: "OLTV",
    });
    return r;
  }
}
