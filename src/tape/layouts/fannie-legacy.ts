/**
 * Fannie Mae legacy Acquisition file (Jan-2015 … Jul-2020 releases): `|`-separated, no header,
 * 25 documented fields, optionally followed by the acquisition-period tag (`200001`) the
 * normalised public sample carries. The file has no current balance or age: the loan is aged
 * from its first payment date to the cut-off and takes its scheduled (level-payment) balance at
 * that age, unless the matching Performance file gives the real one.
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
  readZip3,
  type RowContext,
} from "../fields.js";
import type { LoanRecord } from "../loan.js";
import type { PerformanceAtCutoff } from "../performance.js";
import { checkConsistency, projectCurrentBalance } from "../consistency.js";
import { applyPerformance, fieldCountProblem, type TapeLayout } from "./layout.js";

export const FANNIE_LEGACY_FIELDS = [
  "LOAN_ID", "ORIG_CHN", "SELLER", "ORIG_RT", "ORIG_AMT", "ORIG_TRM", "ORIG_DTE", "FRST_DTE", "OLTV", "OCLTV",
  "NUM_BO", "DTI", "CSCORE_B", "FTHB_FLG", "PURPOSE", "PROP_TYP", "NUM_UNIT", "OCC_STAT", "STATE", "ZIP_3",
  "MI_PCT", "PRODUCT_TYPE", "CSCORE_C", "MI_TYPE", "RELOCATION_FLG", "ACQ_PERIOD",
] as const;

const U = ["U"];
const NONE: string[] = [];
const PIPE = 124;

export class FannieLegacyLayout implements TapeLayout {
  readonly format = "fannie-legacy" as const;
  readonly delimiter = "|";
  readonly fieldNames = FANNIE_LEGACY_FIELDS;
  readonly idField = "LOAN_ID";
  readonly hasHeader = false;
  private readonly names = new NamePool();
  private readonly f = new Fields(true);

  /** `performance`: each loan's state at the cut-off, from the matching Performance file. */
  constructor(private readonly performance?: ReadonlyMap<string, PerformanceAtCutoff>) {}

  split(text: string): string[] {
    return text.split("|");
  }

  row(text: string, start: number, end: number, ctx: RowContext): LoanRecord | undefined {
    const f = this.f;
    f.scan(text, start, end, PIPE, false);
    if (f.count !== 25 && f.count !== 26) {
      fieldCountProblem(ctx, this, text.slice(start, end), f.count, "25 (or 26 with the acquisition-period tag)");
      return undefined;
    }
    const r = newRecord(ctx.line);
    r.loanId = readLoanId(ctx, f, 0, "LOAN_ID");
    r.channel = readCode(ctx, f, 1, "ORIG_CHN", FANNIE_CHANNEL, NONE);
    r.seller = this.names.read(f, 2);
    r.noteRatePct = readRate(ctx, f, 3, "ORIG_RT");
    r.originalUpbCents = readUpb(ctx, f, 4, "ORIG_AMT");
    r.currentUpbCents = r.originalUpbCents;
    r.originalTermMonths = readTerm(ctx, f, 5, "ORIG_TRM");
    const orig = readMonth(ctx, f, 6, "ORIG_DTE", "MM/YYYY", false);
    if (!Number.isNaN(orig)) r.originationDate = monthString(orig);
    const first = readMonth(ctx, f, 7, "FRST_DTE", "MM/YYYY", true);
    if (!Number.isNaN(first)) r.firstPaymentDate = monthString(first);
    r.ltvPct = readRatio(ctx, f, 8, "OLTV", 1, 200, 999);
    r.cltvPct = readRatio(ctx, f, 9, "OCLTV", 1, 200, 999);
    r.borrowers = readInt(ctx, f, 10, "NUM_BO", 1, 10, 99);
    r.dtiPct = readRatio(ctx, f, 11, "DTI", 0, 100, 999);
    r.fico = readInt(ctx, f, 12, "CSCORE_B", 300, 850, 9999);
    r.firstTimeBuyer = readCode(ctx, f, 13, "FTHB_FLG", YES_NO, U);
    r.purpose = readCode(ctx, f, 14, "PURPOSE", FANNIE_PURPOSE, U);
    r.propertyType = readCode(ctx, f, 15, "PROP_TYP", AGENCY_PROPERTY, NONE);
    r.units = readInt(ctx, f, 16, "NUM_UNIT", 1, 4, 99);
    r.occupancy = readCode(ctx, f, 17, "OCC_STAT", AGENCY_OCCUPANCY, U);
    r.state = readState(ctx, f, 18, "STATE");
    r.zip3 = readZip3(ctx, f, 19, "ZIP_3");
    r.miPct = readRatio(ctx, f, 20, "MI_PCT", 0, 55, 999);
    r.product = readProduct(ctx, f, 21, "PRODUCT_TYPE", true);
    // The legacy dataset holds fully amortizing loans only (Fannie's scope for it): no IO flag.
    r.interestOnly = false;
    r.coBorrowerFico = readInt(ctx, f, 22, "CSCORE_C", 300, 850, 9999);
    if (f.count === 26 && !f.isEmpty(25) && !(f.end(25) - f.start(25) === 6 && isDigitsAt(text, f.start(25), f.end(25)))) {
      ctx.fail("ACQ_PERIOD", f.raw(25), "expected the acquisition period as YYYYMM");
    }
    if (orig > first) {
      ctx.fail("ORIG_DTE", f.raw(6), `origination date is after the first payment date ${f.raw(7)}`);
      return r;
    }
    completeTiming(ctx, f, r, first, "FRST_DTE", -1, "", -1, "");
    if (ctx.problems.length > 0) return r;
    const perf = this.performance?.get(r.loanId);
    if (perf !== undefined) applyPerformance(ctx, r, perf, "LOAN_ID");
    if (perf?.currentUpbCents === undefined) projectCurrentBalance(ctx, r, "FRST_DTE");
    checkConsistency(ctx, r, {
      firstPayment: first,
      asOf: ctx.cutoff,
      origination: orig,
      originationField: "ORIG_DTE",
      maturity: NaN,
      maturityField: "",
      maturityRaw: "",
      currentUpbField: "ORIG_AMT",
      ltvField: "OLTV",
    });
    return r;
  }

  end(): LoanRecord | undefined {
    return undefined;
  }
}
