/** What every remittance layout provides to the reader that drives it, and its shared field readers. */
import { Fields, RowContext, centsAt, decimalAt, monthAt, readLoanId, wholeAt, type DateShape } from "../../tape/fields.js";
import type { RemittanceFormat, RemittanceRow, ZeroBalanceKind } from "../types.js";

export interface RemittanceLayout {
  readonly format: RemittanceFormat;
  readonly delimiter: string;
  readonly fieldNames: readonly string[];
  /** True when the first line is a header row (already consumed when the layout was built). */
  readonly hasHeader: boolean;
  readonly idField: string;
  readonly periodField: string;
  /** Parses the data line `text[start, end)`; problems go to `ctx.problems`. */
  row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined;
  split(text: string): string[];
}

/** A row with every key present (one hidden class for all rows), to be filled in. */
export function newRow(line: number): RemittanceRow {
  return {
    loanId: "",
    line,
    period: Number.NaN,
    endingUpbCents: 0,
    beginningUpbCents: undefined,
    noteRatePct: undefined,
    remainingTermMonths: undefined,
    delinquentMonths: 0,
    foreclosure: false,
    reo: false,
    modified: false,
    zeroBalance: undefined,
    zeroBalanceCode: undefined,
    removalUpbCents: undefined,
    scheduledPrincipalCents: undefined,
    unscheduledPrincipalCents: undefined,
    interestCents: undefined,
    netLiquidationProceedsCents: undefined,
    recoveryCents: undefined,
  };
}

export function readId(ctx: RowContext, f: Fields, i: number, field: string): string {
  return readLoanId(ctx, f, i, field);
}

/** Required reporting month. */
export function readPeriod(ctx: RowContext, f: Fields, i: number, field: string, shape: DateShape): number {
  if (f.isEmpty(i)) {
    ctx.fail(field, "", "reporting period is missing");
    return Number.NaN;
  }
  const m = monthAt(f.text, f.start(i), f.end(i), shape);
  if (Number.isNaN(m)) ctx.fail(field, f.raw(i), `expected the reporting month as ${shape}`);
  return m;
}

/**
 * Optional amount in dollars → cents (undefined when empty). `negative` allows a sign (expenses
 * credited back, a net loss); otherwise a negative amount is a problem.
 */
export function readCents(ctx: RowContext, f: Fields, i: number, field: string, negative = false): number | undefined {
  if (f.isEmpty(i)) return undefined;
  const c = centsAt(f.text, f.start(i), f.end(i));
  if (Number.isSafeInteger(c) && (negative || c >= 0)) return c === 0 ? 0 : c;
  const raw = f.raw(i);
  if (Number.isNaN(c)) return ctx.fail(field, raw, "expected an amount in dollars (digits, optional . and up to 2 decimals)");
  if (c === -Infinity) return ctx.fail(field, raw, "amount has fractions of a cent");
  if (c < 0) return ctx.fail(field, raw, "amount is negative");
  return ctx.fail(field, raw, "amount too large");
}

/** Required balance (zero allowed: the month a loan leaves the pool). */
export function readBalance(ctx: RowContext, f: Fields, i: number, field: string): number {
  if (f.isEmpty(i)) {
    ctx.fail(field, "", "balance is missing");
    return 0;
  }
  return readCents(ctx, f, i, field) ?? 0;
}

/** Optional note rate in percent, 0 ≤ r < 25. */
export function readRatePct(ctx: RowContext, f: Fields, i: number, field: string): number | undefined {
  if (f.isEmpty(i)) return undefined;
  const r = decimalAt(f.text, f.start(i), f.end(i));
  if (r >= 0 && r < 25) return r;
  if (Number.isNaN(r)) return ctx.fail(field, f.raw(i), "expected a rate in percent (e.g. 6.375)");
  if (r >= 100 && r < 2500) return ctx.fail(field, f.raw(i), `rate ${f.raw(i)} looks like basis points, expected percent (${r / 100})`);
  return ctx.fail(field, f.raw(i), "rate out of range: expected percent, 0 ≤ rate < 25");
}

/** Optional whole number of months in [0, 480]. */
export function readMonths(ctx: RowContext, f: Fields, i: number, field: string): number | undefined {
  if (f.isEmpty(i)) return undefined;
  const v = wholeAt(f.text, f.start(i), f.end(i));
  if (v >= 0 && v <= 480) return v;
  if (Number.isNaN(v)) return ctx.fail(field, f.raw(i), "expected a whole number of months");
  return ctx.fail(field, f.raw(i), "months out of range 0–480");
}

/** Agency zero-balance codes (loan-formats.md §2 field 9, §3 Zero_Bal_Code). */
export function agencyZeroBalance(code: string): ZeroBalanceKind | undefined {
  switch (code) {
    case "01":
      return "prepaid";
    case "02": // third-party sale
    case "03": // short sale or charge-off
    case "09": // deed-in-lieu / REO disposition
    case "15": // note sale
    case "16": // reperforming loan sale
    case "97": // CAS delinquency credit event
    case "98": // other credit event
      return "liquidated";
    case "06": // repurchased (legacy)
    case "96": // removal / defect repurchase
      return "repurchased";
    default:
      return undefined;
  }
}

export const AGENCY_ZERO_BALANCE_CODES = "01 (prepaid), 02, 03, 09, 15, 16, 97, 98 (liquidation), 06, 96 (repurchase)";

/** Zero-balance code of field i, or a problem for an unknown one. */
export function readAgencyZeroBalance(ctx: RowContext, f: Fields, i: number, field: string, row: RemittanceRow): void {
  if (f.isEmpty(i)) return;
  let code = f.raw(i).trim();
  if (/^\d$/.test(code)) code = `0${code}`;
  const kind = agencyZeroBalance(code);
  if (kind === undefined) {
    ctx.fail(field, f.raw(i), `unknown zero-balance code; expected ${AGENCY_ZERO_BALANCE_CODES}`);
    return;
  }
  row.zeroBalance = kind;
  row.zeroBalanceCode = code;
}

/** Sum of the defined amounts; undefined when none is. */
export function sumDefined(...values: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}

/** Checks a row's field count; records a located problem and returns false when it is wrong. */
export function checkFieldCount(ctx: RowContext, layout: RemittanceLayout, line: string, found: number, expected: number): boolean {
  if (found === expected) return true;
  const names = layout.fieldNames;
  const field = found < names.length ? (names[found] ?? `field ${found + 1}`) : `field ${names.length + 1}`;
  let hint = "";
  if (ctx.unterminated) hint = "; the last line has no line end — the file looks truncated";
  else if (found === 1 && [",", "\t", ";"].some((d) => d !== layout.delimiter && line.includes(d))) hint = "; wrong delimiter?";
  const what = found < expected ? `${field} and later fields missing: ` : "extra fields: ";
  ctx.fail(field, String(found), `${what}expected ${expected} ${layout.delimiter === "|" ? "|" : "comma"}-separated fields, found ${found}${hint}`);
  return false;
}

/** Common consistency of a parsed row, whatever the layout. */
export function checkRow(ctx: RowContext, row: RemittanceRow, upbField: string): void {
  if (row.zeroBalance !== undefined && row.endingUpbCents !== 0) {
    ctx.fail(upbField, (row.endingUpbCents / 100).toFixed(2), `a loan with zero-balance code ${row.zeroBalanceCode ?? ""} must report a current UPB of 0 (the removed balance goes in the removal UPB)`);
  }
}

/** A field of a fixed-position layout: its index and its name in the agency's file layout. */
export type FieldAt = readonly [index: number, name: string];

/**
 * Net liquidation proceeds of a liquidated loan: the sum of the proceeds fields less the sum of
 * the cost fields (each signed, read in that order); undefined when no proceeds are reported.
 */
export function readNetProceeds(ctx: RowContext, f: Fields, proceeds: readonly FieldAt[], costs: readonly FieldAt[]): number | undefined {
  const received = sumDefined(...proceeds.map(([i, name]) => readCents(ctx, f, i, name, true)));
  const spent = sumDefined(...costs.map(([i, name]) => readCents(ctx, f, i, name, true)));
  return received === undefined ? undefined : received - (spent ?? 0);
}

/** Fannie's MOD_FLAG: Y marks a modified loan, N or empty an unmodified one. */
export function readModFlag(ctx: RowContext, f: Fields, i: number, field: string, row: RemittanceRow): void {
  if (f.is(i, "Y")) row.modified = true;
  else if (!f.isEmpty(i) && !f.is(i, "N")) ctx.fail(field, f.raw(i), "expected Y or N");
}

const PIPE = 124;

/**
 * What the agencies' loan-level performance layouts share: `|`-separated fields in a fixed order
 * (`fieldNames`), no header row, and the field-count check before any field is read.
 */
export abstract class PipeRemittanceLayout implements RemittanceLayout {
  abstract readonly format: RemittanceFormat;
  abstract readonly fieldNames: readonly string[];
  abstract readonly idField: string;
  abstract readonly periodField: string;
  readonly delimiter = "|";
  readonly hasHeader = false;
  private readonly fields: Fields;

  /** @param nullIsEmpty read the literal `NULL` as an empty field */
  constructor(nullIsEmpty = false) {
    this.fields = new Fields(nullIsEmpty);
  }

  split(text: string): string[] {
    return text.split("|");
  }

  abstract row(text: string, start: number, end: number, ctx: RowContext): RemittanceRow | undefined;

  /** The line's fields, or undefined (the problem recorded) when it does not have `fieldNames.length` of them. */
  protected scan(text: string, start: number, end: number, ctx: RowContext): Fields | undefined {
    const f = this.fields;
    f.scan(text, start, end, PIPE, false);
    return checkFieldCount(ctx, this, text.slice(start, end), f.count, this.fieldNames.length) ? f : undefined;
  }
}
