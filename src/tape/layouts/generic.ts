/**
 * The documented generic layout (docs/loan-tape-generic.md): comma- or tab-separated text with a
 * header row naming the columns, in any order. Values use the LoanRecord vocabulary; a missing
 * value is an empty field (no sentinel codes). Fields may be double-quoted (RFC 4180) so names
 * can hold the delimiter; a quoted field cannot span lines.
 */
import {
  GENERIC_CHANNEL,
  GENERIC_OCCUPANCY,
  GENERIC_PROPERTY,
  GENERIC_PURPOSE,
  YES_NO,
} from "../codes.js";
import {
  Fields,
  NamePool,
  completeTiming,
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
import type { LocatedIssue } from "../../errors.js";
import type { LoanRecord } from "../loan.js";
import { checkConsistency } from "../consistency.js";
import { fieldCountProblem, type TapeLayout } from "./layout.js";

/** Every column of the generic layout; `true` marks the required ones. */
export const GENERIC_COLUMNS = {
  loan_id: true,
  original_upb: true,
  current_upb: false,
  note_rate: true,
  original_term: true,
  loan_age: false,
  remaining_term: false,
  first_payment_date: true,
  origination_date: false,
  fico: false,
  co_borrower_fico: false,
  ltv: false,
  cltv: false,
  dti: false,
  mi_pct: false,
  state: false,
  zip3: false,
  property_type: false,
  occupancy: false,
  purpose: false,
  channel: false,
  units: false,
  borrowers: false,
  first_time_buyer: false,
  product: false,
  interest_only: false,
  maturity_date: false,
  seller: false,
  servicer: false,
} as const satisfies Record<string, boolean>;

export type GenericColumn = keyof typeof GENERIC_COLUMNS;
export const GENERIC_COLUMN_NAMES = Object.keys(GENERIC_COLUMNS) as GenericColumn[];

/** Column positions in this file (-1 = column absent). */
type Positions = ColumnPositions<GenericColumn>;

const NONE: string[] = [];

export class GenericLayout implements TapeLayout {
  readonly format = "generic" as const;
  readonly idField = "loan_id";
  readonly hasHeader = true;
  private readonly names = new NamePool();
  private readonly f = new Fields();
  private readonly delimiterCode: number;

  private constructor(
    readonly delimiter: string,
    readonly fieldNames: readonly string[],
    private readonly at: Positions,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Builds the layout from the header line, or returns the header's problems. */
  static fromHeader(header: string, delimiter: string, file: string): GenericLayout | LocatedIssue[] {
    const mapped = mapHeader(header, delimiter, file, GENERIC_COLUMNS);
    return Array.isArray(mapped) ? mapped : new GenericLayout(delimiter, mapped.names, mapped.at);
  }

  split(text: string): string[] {
    return splitFields(text, this.delimiter) ?? text.split(this.delimiter);
  }

  row(text: string, start: number, end: number, ctx: RowContext): LoanRecord | undefined {
    const f = this.f;
    if (!f.scan(text, start, end, this.delimiterCode, true)) {
      const line = text.slice(start, Math.min(end, start + 60));
      ctx.fail("(line)", end - start > 60 ? `${line}…` : line, "malformed quoted field: a quote left open or text after a closing quote (a field cannot span lines)");
      return undefined;
    }
    if (f.count !== this.fieldNames.length) {
      fieldCountProblem(ctx, this, text.slice(start, end), f.count, `${this.fieldNames.length} (as in the header)`);
      return undefined;
    }
    const a = this.at;
    const r = newRecord(ctx.line);
    r.loanId = readLoanId(ctx, f, a.loan_id, "loan_id");
    r.originalUpbCents = readUpb(ctx, f, a.original_upb, "original_upb");
    r.currentUpbCents = f.isEmpty(a.current_upb) ? r.originalUpbCents : readUpb(ctx, f, a.current_upb, "current_upb");
    r.noteRatePct = readRate(ctx, f, a.note_rate, "note_rate");
    r.originalTermMonths = readTerm(ctx, f, a.original_term, "original_term");
    const first = readMonth(ctx, f, a.first_payment_date, "first_payment_date", "YYYY-MM", true);
    if (!Number.isNaN(first)) r.firstPaymentDate = monthString(first);
    const orig = readMonth(ctx, f, a.origination_date, "origination_date", "YYYY-MM", false);
    if (!Number.isNaN(orig)) r.originationDate = monthString(orig);
    if (orig > first) ctx.fail("origination_date", f.raw(a.origination_date), "origination date is after the first payment date");
    r.fico = readInt(ctx, f, a.fico, "fico", 300, 850, -1);
    r.coBorrowerFico = readInt(ctx, f, a.co_borrower_fico, "co_borrower_fico", 300, 850, -1);
    r.ltvPct = readRatio(ctx, f, a.ltv, "ltv", 1, 200, -1);
    r.cltvPct = readRatio(ctx, f, a.cltv, "cltv", 1, 200, -1);
    r.dtiPct = readRatio(ctx, f, a.dti, "dti", 0, 100, -1);
    r.miPct = readRatio(ctx, f, a.mi_pct, "mi_pct", 0, 55, -1);
    r.state = readState(ctx, f, a.state, "state");
    r.zip3 = readZip3(ctx, f, a.zip3, "zip3");
    r.propertyType = readCode(ctx, f, a.property_type, "property_type", GENERIC_PROPERTY, NONE);
    r.occupancy = readCode(ctx, f, a.occupancy, "occupancy", GENERIC_OCCUPANCY, NONE);
    r.purpose = readCode(ctx, f, a.purpose, "purpose", GENERIC_PURPOSE, NONE);
    r.channel = readCode(ctx, f, a.channel, "channel", GENERIC_CHANNEL, NONE);
    r.units = readInt(ctx, f, a.units, "units", 1, 4, -1);
    r.borrowers = readInt(ctx, f, a.borrowers, "borrowers", 1, 10, -1);
    r.firstTimeBuyer = readCode(ctx, f, a.first_time_buyer, "first_time_buyer", YES_NO, NONE);
    r.product = readProduct(ctx, f, a.product, "product", false);
    r.interestOnly = readCode(ctx, f, a.interest_only, "interest_only", YES_NO, NONE);
    const maturity = readMonth(ctx, f, a.maturity_date, "maturity_date", "YYYY-MM", false);
    r.seller = this.names.read(f, a.seller);
    r.servicer = this.names.read(f, a.servicer);
    completeTiming(ctx, f, r, first, "first_payment_date", a.loan_age, "loan_age", a.remaining_term, "remaining_term");
    if (ctx.problems.length > 0) return r;
    checkConsistency(ctx, r, {
      firstPayment: first,
      asOf: ctx.cutoff,
      origination: orig,
      originationField: "origination_date",
      maturity,
      maturityField: "maturity_date",
      maturityRaw: f.raw(a.maturity_date),
      currentUpbField: "current_upb",
      ltvField: "ltv",
    });
    return r;
  }

  end(): LoanRecord | undefined {
    return undefined;
  }
}

/** Column positions of a header row by column name (-1 = column absent). */
export type ColumnPositions<C extends string> = Record<C, number>;

/**
 * Maps a header row onto a layout's columns (`true` marks the required ones): names are trimmed
 * and case-folded, in any order. Returns the file's column names and each known column's position,
 * or every header problem (unknown, unnamed or repeated column; required column missing), located
 * on line 1. Shared by the generic tape and generic remittance layouts.
 */
export function mapHeader<C extends string>(
  header: string,
  delimiter: string,
  file: string,
  columns: Readonly<Record<C, boolean>>,
): { names: string[]; at: ColumnPositions<C> } | LocatedIssue[] {
  const known = Object.keys(columns) as C[];
  const cols = splitFields(header, delimiter) ?? header.split(delimiter);
  const problems: LocatedIssue[] = [];
  const at = Object.fromEntries(known.map((c) => [c, -1])) as ColumnPositions<C>;
  const names: string[] = [];
  cols.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    names.push(name);
    if (!Object.hasOwn(columns, name)) {
      const reason = name.length === 0 ? `column ${i + 1} has no name` : `unknown column; known columns: ${known.join(", ")}`;
      problems.push({ file, line: 1, field: raw, value: raw, reason });
    } else if (at[name as C] >= 0) {
      problems.push({ file, line: 1, field: name, value: raw, reason: `column appears twice (columns ${at[name as C] + 1} and ${i + 1})` });
    } else {
      at[name as C] = i;
    }
  });
  for (const c of known) {
    if (columns[c] && at[c] < 0) problems.push({ file, line: 1, field: c, reason: "required column is missing from the header" });
  }
  return problems.length > 0 ? problems : { names, at };
}

/**
 * RFC 4180 field split of one line (`""` inside quotes is a quote): a plain split, then pieces
 * of a quoted field that held the delimiter are joined back. Undefined when a quote is left open.
 */
export function splitFields(text: string, d: string): string[] | undefined {
  const parts = text.split(d);
  if (text.indexOf('"') < 0) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let p = parts[i] as string;
    if (p.charCodeAt(0) !== 34) {
      out.push(p);
      continue;
    }
    while (!closesQuote(p)) {
      i++;
      if (i >= parts.length) return undefined;
      p += d + (parts[i] as string);
    }
    const v = p.slice(1, -1);
    out.push(v.indexOf('""') < 0 ? v : v.replaceAll('""', '"'));
  }
  return out;
}

/** True when a field starting with `"` ends with its closing quote (an odd run of quotes). */
function closesQuote(s: string): boolean {
  let j = s.length - 1;
  while (j >= 1 && s.charCodeAt(j) === 34) j--;
  return (s.length - 1 - j) % 2 === 1;
}

