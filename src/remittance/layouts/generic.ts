/**
 * The documented generic remittance layout (docs/remittance-file.md): comma- or tab-separated
 * text, a header row naming the columns in any order, one row per loan for one reporting month.
 */
import type { LocatedIssue } from "../../errors.js";
import { Fields, type RowContext } from "../../tape/fields.js";
import { mapHeader, splitFields, type ColumnPositions } from "../../tape/layouts/generic.js";
import type { RemittanceRow, ZeroBalanceKind } from "../types.js";
import {
  checkFieldCount,
  checkRow,
  newRow,
  readBalance,
  readCents,
  readId,
  readMonths,
  readPeriod,
  readRatePct,
  type RemittanceLayout,
} from "./layout.js";

/** Every column; `true` marks the required ones. */
export const GENERIC_REMITTANCE_COLUMNS = {
  loan_id: true,
  period: true,
  ending_upb: true,
  status: true,
  beginning_upb: false,
  note_rate: false,
  remaining_term: false,
  modified: false,
  zero_balance: false,
  zero_balance_upb: false,
  scheduled_principal: false,
  unscheduled_principal: false,
  interest: false,
  liquidation_proceeds: false,
  recovery: false,
} as const satisfies Record<string, boolean>;

export type GenericRemittanceColumn = keyof typeof GENERIC_REMITTANCE_COLUMNS;
export const GENERIC_REMITTANCE_COLUMN_NAMES = Object.keys(GENERIC_REMITTANCE_COLUMNS) as GenericRemittanceColumn[];
type Positions = ColumnPositions<GenericRemittanceColumn>;

const ZERO_BALANCE: Record<string, ZeroBalanceKind> = { prepaid: "prepaid", liquidated: "liquidated", repurchased: "repurchased" };
const STATUS_HELP = "current, 30, 60, 90, 120 … (days past due, a multiple of 30), foreclosure or reo";

export class GenericRemittanceLayout implements RemittanceLayout {
  readonly format = "generic" as const;
  readonly idField = "loan_id";
  readonly periodField = "period";
  readonly hasHeader = true;
  private readonly f = new Fields();
  private readonly delimiterCode: number;

  private constructor(
    readonly delimiter: string,
    readonly fieldNames: readonly string[],
    private readonly at: Positions,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  static fromHeader(header: string, delimiter: string, file: string): GenericRemittanceLayout | LocatedIssue[] {
    const mapped = mapHeader(header, delimiter, file, GENERIC_REMITTANCE_COLUMNS);
    return Array.isArray(mapped) ? mapped : new GenericRemittanceLayout(delimiter, mapped.names, mapped.at);
  }

  split(text: string): string[] {
    return splitFields(text, this.delimiter) ?? text.split(this.delimiter);
  }

  row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined {
    const f = this.f;
    if (!f.scan(text, start, end, this.delimiterCode, true)) {
      ctx.fail("(line)", text.slice(start, Math.min(end, start + 60)), "malformed quoted field: a quote left open or text after a closing quote");
      return undefined;
    }
    if (!checkFieldCount(ctx, this, text.slice(start, end), f.count, this.fieldNames.length)) return undefined;
    const a = this.at;
    const r = newRow(ctx.line);
    r.loanId = readId(ctx, f, a.loan_id, "loan_id");
    r.period = readPeriod(ctx, f, a.period, "period", "YYYY-MM");
    r.endingUpbCents = readBalance(ctx, f, a.ending_upb, "ending_upb");
    r.beginningUpbCents = readCents(ctx, f, a.beginning_upb, "beginning_upb");
    r.noteRatePct = readRatePct(ctx, f, a.note_rate, "note_rate");
    r.remainingTermMonths = readMonths(ctx, f, a.remaining_term, "remaining_term");
    readStatus(ctx, f, a.status, r);
    if (!f.isEmpty(a.modified)) {
      if (f.is(a.modified, "Y")) r.modified = true;
      else if (!f.is(a.modified, "N")) ctx.fail("modified", f.raw(a.modified), "expected Y or N (or empty)");
    }
    if (!f.isEmpty(a.zero_balance)) {
      const raw = f.raw(a.zero_balance).trim().toLowerCase();
      const kind = ZERO_BALANCE[raw];
      if (kind === undefined) ctx.fail("zero_balance", f.raw(a.zero_balance), "expected prepaid, liquidated or repurchased (or empty)");
      r.zeroBalance = kind;
      r.zeroBalanceCode = kind;
    }
    r.removalUpbCents = readCents(ctx, f, a.zero_balance_upb, "zero_balance_upb");
    if (r.removalUpbCents !== undefined && r.zeroBalance === undefined) {
      ctx.fail("zero_balance_upb", f.raw(a.zero_balance_upb), "a removal balance needs a zero_balance reason");
    }
    r.scheduledPrincipalCents = readCents(ctx, f, a.scheduled_principal, "scheduled_principal");
    r.unscheduledPrincipalCents = readCents(ctx, f, a.unscheduled_principal, "unscheduled_principal");
    r.interestCents = readCents(ctx, f, a.interest, "interest");
    r.netLiquidationProceedsCents = readCents(ctx, f, a.liquidation_proceeds, "liquidation_proceeds", true);
    if (r.netLiquidationProceedsCents !== undefined && r.zeroBalance !== "liquidated") {
      ctx.fail("liquidation_proceeds", f.raw(a.liquidation_proceeds), "liquidation proceeds belong on a row with zero_balance=liquidated");
    }
    r.recoveryCents = readCents(ctx, f, a.recovery, "recovery");
    checkRow(ctx, r, "ending_upb");
    return r;
  }
}

function readStatus(ctx: RowContext, f: Fields, i: number, r: RemittanceRow): void {
  if (f.isEmpty(i)) {
    ctx.fail("status", "", `delinquency status is missing; expected ${STATUS_HELP}`);
    return;
  }
  const raw = f.raw(i).trim().toLowerCase();
  if (raw === "current" || raw === "0") return;
  if (raw === "foreclosure") {
    r.foreclosure = true;
    return;
  }
  if (raw === "reo") {
    r.reo = true;
    return;
  }
  const days = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (days > 0 && days % 30 === 0) r.delinquentMonths = days / 30;
  else ctx.fail("status", f.raw(i), `unknown delinquency status; expected ${STATUS_HELP}`);
}
