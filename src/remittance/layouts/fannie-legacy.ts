/**
 * Fannie Mae Single-Family Loan Performance, legacy Performance file (loan-formats.md §3a): 31
 * `|`-separated fields, no header, one row per loan and month. Also reads the normalised rows of
 * the real 2000Q1 sample in test/fixtures/data (floats such as `360.0`, `NULL` for empty, delinquency `-2` on payoff and `-1` on
 * REO-disposition rows). On a zero-balance row LAST_UPB is the balance removed.
 */
import { wholeAt, type RowContext } from "../../tape/fields.js";
import type { RemittanceRow } from "../types.js";
import {
  newRow,
  readAgencyZeroBalance,
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

export const FANNIE_LEGACY_PERFORMANCE_FIELDS = [
  "LOAN_ID", "MONTHLY_RPT_PRD", "SERVICER", "LAST_RT", "LAST_UPB", "LOAN_AGE", "MONTHS_TO_LEGAL_MAT", "ADJ_MONTH_TO_MAT",
  "MATURITY_DATE", "MSA", "DELQ_STATUS", "MOD_FLAG", "ZERO_BAL_CODE", "ZB_DTE", "LPI_DTE", "FCC_DTE", "DISP_DT", "FCC_COST",
  "PP_COST", "AR_COST", "IE_COST", "TAX_COST", "NS_PROCS", "CE_PROCS", "RMW_PROCS", "O_PROCS", "NON_INT_UPB", "PRIN_FORG_UPB",
  "REPCH_FLAG", "FCC_PRIN_WRITE_OFF", "SERVICING_ACTIVITY_INDICATOR",
] as const;

/** A liquidation's proceeds and costs fields: net proceeds are the first less the second. */
const LIQUIDATION_PROCEEDS: readonly FieldAt[] = [[22, "NS_PROCS"], [23, "CE_PROCS"], [24, "RMW_PROCS"], [25, "O_PROCS"]];
const LIQUIDATION_COSTS: readonly FieldAt[] = [[17, "FCC_COST"], [18, "PP_COST"], [19, "AR_COST"], [20, "IE_COST"], [21, "TAX_COST"]];

export class FannieLegacyRemittanceLayout extends PipeRemittanceLayout {
  readonly format = "fannie-legacy" as const;
  readonly fieldNames = FANNIE_LEGACY_PERFORMANCE_FIELDS;
  readonly idField = "LOAN_ID";
  readonly periodField = "MONTHLY_RPT_PRD";

  constructor() {
    super(true);
  }

  row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined {
    const f = this.scan(text, start, end, ctx);
    if (f === undefined) return undefined;
    const r = newRow(ctx.line);
    r.loanId = readId(ctx, f, 0, "LOAN_ID");
    r.period = readPeriod(ctx, f, 1, "MONTHLY_RPT_PRD", "MM/DD/YYYY");
    r.noteRatePct = readRatePct(ctx, f, 3, "LAST_RT");
    readAgencyZeroBalance(ctx, f, 12, "ZERO_BAL_CODE", r);
    const upb = readCents(ctx, f, 4, "LAST_UPB");
    if (upb === undefined) ctx.fail("LAST_UPB", "", "current UPB is missing (Fannie masks it in a loan's first months: a remittance file must report it)");
    if (r.zeroBalance === undefined) r.endingUpbCents = upb ?? 0;
    else r.removalUpbCents = upb;
    r.remainingTermMonths = r.zeroBalance === undefined ? readMonths(ctx, f, 6, "MONTHS_TO_LEGAL_MAT") : undefined;
    // Delinquency: a whole number of missed installments; -1 / -2 only on zero-balance rows.
    const d = f.isEmpty(10) ? Number.NaN : wholeAt(f.text, f.start(10), f.end(10));
    if (d >= 0 && d <= 999) r.delinquentMonths = d;
    else if ((d === -1 || d === -2) && r.zeroBalance !== undefined) r.delinquentMonths = 0;
    else ctx.fail("DELQ_STATUS", f.raw(10), f.is(10, "X") ? "delinquency status unknown (X): a remittance file must report it" : "expected the number of missed installments (0, 1, 2 …)");
    readModFlag(ctx, f, 11, "MOD_FLAG", r);
    if (!f.isEmpty(15) && r.zeroBalance === undefined) r.foreclosure = true;
    if (r.zeroBalance === "liquidated") r.netLiquidationProceedsCents = readNetProceeds(ctx, f, LIQUIDATION_PROCEEDS, LIQUIDATION_COSTS);
    return r;
  }
}
