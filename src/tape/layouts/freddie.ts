/**
 * Freddie Mac Single-Family Loan-Level Dataset, origination file: `|`-separated, no header,
 * 32 fields. No current balance or age: the loan is aged from its first payment date to the
 * cut-off and its current balance is the scheduled (level-payment) balance at that age, unless
 * the matching monthly performance (servicing) file gives the real one.
 */
import {
  AGENCY_OCCUPANCY,
  AGENCY_PROPERTY,
  FREDDIE_CHANNEL,
  FREDDIE_PURPOSE,
  YES_NO,
} from "../codes.js";
import {
  Fields,
  NamePool,
  completeTiming,
  decimalAt,
  isDigitsAt,
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
  zip3At,
  type RowContext,
} from "../fields.js";
import type { LoanRecord } from "../loan.js";
import { checkConsistency, projectCurrentBalance } from "../consistency.js";
import type { PerformanceAtCutoff } from "../performance.js";
import { applyPerformance, fieldCountProblem, type TapeLayout } from "./layout.js";

export const FREDDIE_FIELDS = [
  "CREDIT_SCORE", "FIRST_PAYMENT_DATE", "FIRST_TIME_HOMEBUYER_FLAG", "MATURITY_DATE", "MSA", "MI_PCT", "NUMBER_OF_UNITS",
  "OCCUPANCY_STATUS", "ORIGINAL_CLTV", "ORIGINAL_DTI", "ORIGINAL_UPB", "ORIGINAL_LTV", "ORIGINAL_INTEREST_RATE",
  "CHANNEL", "PPM_FLAG", "AMORTIZATION_TYPE", "PROPERTY_STATE", "PROPERTY_TYPE", "POSTAL_CODE", "LOAN_SEQUENCE_NUMBER",
  "LOAN_PURPOSE", "ORIGINAL_LOAN_TERM", "NUMBER_OF_BORROWERS", "SELLER_NAME", "SERVICER_NAME", "SUPER_CONFORMING_FLAG",
  "PRE_RELIEF_REFINANCE_LOAN_SEQUENCE_NUMBER", "SPECIAL_ELIGIBILITY_PROGRAM", "RELIEF_REFINANCE_INDICATOR",
  "PROPERTY_VALUATION_METHOD", "INTEREST_ONLY_INDICATOR", "MI_CANCELLATION_INDICATOR",
] as const;

const NA = ["9"];
const NA99 = ["99"];
const NONE: string[] = [];
const PIPE = 124;

export class FreddieLayout implements TapeLayout {
  readonly format = "freddie" as const;
  readonly delimiter = "|";
  readonly fieldNames = FREDDIE_FIELDS;
  readonly idField = "LOAN_SEQUENCE_NUMBER";
  readonly hasHeader = false;
  private readonly names = new NamePool();
  private readonly f = new Fields();

  /** `performance`: each loan's state at the cut-off, from the matching monthly performance file. */
  constructor(private readonly performance?: ReadonlyMap<string, PerformanceAtCutoff>) {}

  split(text: string): string[] {
    return text.split("|");
  }

  row(text: string, start: number, end: number, ctx: RowContext): LoanRecord | undefined {
    const f = this.f;
    f.scan(text, start, end, PIPE, false);
    if (f.count !== 32) {
      fieldCountProblem(ctx, this, text.slice(start, end), f.count, "32");
      return undefined;
    }
    const r = newRecord(ctx.line);
    r.loanId = readLoanId(ctx, f, 19, "LOAN_SEQUENCE_NUMBER");
    r.fico = readInt(ctx, f, 0, "CREDIT_SCORE", 300, 850, 9999);
    const first = readMonth(ctx, f, 1, "FIRST_PAYMENT_DATE", "YYYYMM", true);
    if (!Number.isNaN(first)) r.firstPaymentDate = monthString(first);
    r.firstTimeBuyer = readCode(ctx, f, 2, "FIRST_TIME_HOMEBUYER_FLAG", YES_NO, NA);
    const maturity = readMonth(ctx, f, 3, "MATURITY_DATE", "YYYYMM", false);
    r.miPct = readRatio(ctx, f, 5, "MI_PCT", 0, 55, 999);
    r.units = readInt(ctx, f, 6, "NUMBER_OF_UNITS", 1, 4, 99);
    r.occupancy = readCode(ctx, f, 7, "OCCUPANCY_STATUS", AGENCY_OCCUPANCY, NA);
    r.cltvPct = readRatio(ctx, f, 8, "ORIGINAL_CLTV", 1, 200, 999);
    // 999 is "above 65 % or not available": not a missing value a missing-DTI policy may let in.
    if (!f.isEmpty(9) && decimalAt(text, f.start(9), f.end(9)) === 999) r.dtiAboveRangeOrUnknown = true;
    else r.dtiPct = readRatio(ctx, f, 9, "ORIGINAL_DTI", 0, 65, 999);
    r.originalUpbCents = readUpb(ctx, f, 10, "ORIGINAL_UPB");
    r.currentUpbCents = r.originalUpbCents;
    r.ltvPct = readRatio(ctx, f, 11, "ORIGINAL_LTV", 1, 200, 999);
    r.noteRatePct = readRate(ctx, f, 12, "ORIGINAL_INTEREST_RATE");
    r.channel = readCode(ctx, f, 13, "CHANNEL", FREDDIE_CHANNEL, NA);
    r.product = readProduct(ctx, f, 15, "AMORTIZATION_TYPE", true);
    r.state = readState(ctx, f, 16, "PROPERTY_STATE");
    r.propertyType = readCode(ctx, f, 17, "PROPERTY_TYPE", AGENCY_PROPERTY, NA99);
    if (!f.isEmpty(18)) {
      // Freddie publishes the ZIP3 followed by "00".
      const s = f.start(18);
      const zip = f.end(18) - s === 5 && isDigitsAt(text, s + 3, s + 5) ? zip3At(text, s, s + 3) : undefined;
      if (zip === undefined) ctx.fail("POSTAL_CODE", f.raw(18), "expected 5 digits (ZIP3 followed by 00)");
      r.zip3 = zip;
    }
    r.purpose = readCode(ctx, f, 20, "LOAN_PURPOSE", FREDDIE_PURPOSE, NA);
    r.originalTermMonths = readTerm(ctx, f, 21, "ORIGINAL_LOAN_TERM");
    r.borrowers = readInt(ctx, f, 22, "NUMBER_OF_BORROWERS", 1, 10, 99);
    r.seller = this.names.read(f, 23);
    r.servicer = this.names.read(f, 24);
    r.interestOnly = readCode(ctx, f, 30, "INTEREST_ONLY_INDICATOR", YES_NO, NONE);
    completeTiming(ctx, f, r, first, "FIRST_PAYMENT_DATE", -1, "", -1, "");
    if (ctx.problems.length > 0) return r;
    const perf = this.performance?.get(r.loanId);
    if (perf !== undefined) applyPerformance(ctx, r, perf, "LOAN_SEQUENCE_NUMBER");
    if (perf?.currentUpbCents === undefined) projectCurrentBalance(ctx, r, "FIRST_PAYMENT_DATE");
    checkConsistency(ctx, r, {
      firstPayment: first,
      asOf: ctx.cutoff,
      origination: NaN,
      originationField: "",
      maturity,
      maturityField: "MATURITY_DATE",
      maturityRaw: f.raw(3),
      currentUpbField: "ORIGINAL_UPB",
      ltvField: "ORIGINAL_LTV",
    });
    return r;
  }

  end(): LoanRecord | undefined {
    return undefined;
  }
}
