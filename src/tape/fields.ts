/**
 * Field-level parsing shared by every tape layout.
 *
 * Hot path: these helpers run for every field of every row of a 1,000,000-loan tape. A row is
 * scanned once into field offsets ({@link Fields}) and values are parsed in place with charCode
 * loops — no per-field substrings, no regexes, no closures. Strings a record keeps (states,
 * ZIP3s, months, codes, names) come from shared tables, so a row allocates little more than its
 * record and loan id. A failed check records a located problem instead of throwing.
 */
import type { LocatedIssue } from "../errors.js";
import { PRODUCT, type CodeTable } from "./codes.js";
import type { LoanRecord, Product } from "./loan.js";

/** Per-file parsing state: where we are, and the problems of the row being parsed. */
export class RowContext {
  /** 1-based line of the row being parsed. */
  line = 0;
  /** Loan id of the row being parsed, once read (for excluded-row reports). */
  loanId: string | undefined;
  /** True while parsing a last line that has no line end (a truncated file shows up here). */
  unterminated = false;
  readonly problems: LocatedIssue[] = [];
  /** Findings that do not fail the row (docs/loan-tape-checks.md says which checks warn). */
  readonly warnings: LocatedIssue[] = [];

  constructor(
    readonly file: string,
    /** Cut-off month index (see {@link monthIndex}) used to age loans whose tape has no age. */
    readonly cutoff: number | undefined,
  ) {}

  fail(field: string, value: string, reason: string): undefined {
    // A value sliced from a batch would keep the whole batch text alive as long as the issue.
    this.problems.push({ file: this.file, line: this.line, field, value: detach(value), reason });
    return undefined;
  }

  warn(field: string, value: string, reason: string): void {
    this.warnings.push({ file: this.file, line: this.line, field, value: detach(value), reason });
  }
}

/** Field offsets of one line, reused for every row (no per-row arrays). */
export class Fields {
  text = "";
  /** Number of fields on the line (may exceed the capacity; offsets are kept only up to it). */
  count = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private delimiterCode = -1;
  private delimiterChar = "";

  constructor(
    /** Read the literal `NULL` as an empty field (the normalised Fannie sample writes it). */
    readonly nullIsEmpty = false,
    readonly capacity = 128,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /**
   * Splits the line `text[from, to)` on `delimiter`. With `quotes`, a field that starts with `"`
   * runs to its closing quote (`""` escapes a quote; the value keeps them, see
   * {@link NamePool}). Returns false for a quote left open or text after a closing quote.
   */
  scan(text: string, from: number, to: number, delimiter: number, quotes: boolean): boolean {
    this.text = text;
    if (delimiter !== this.delimiterCode) {
      this.delimiterCode = delimiter;
      this.delimiterChar = String.fromCharCode(delimiter);
    }
    const cap = this.capacity;
    let count = 0;
    let s = from;
    for (;;) {
      // Spaces around a value are not part of it, as around a header name.
      while (s < to && isBlank(text.charCodeAt(s), delimiter)) s++;
      if (quotes && s < to && text.charCodeAt(s) === 34) {
        let q = s + 1;
        for (;;) {
          q = text.indexOf('"', q);
          if (q < 0 || q >= to) return false;
          if (q + 1 < to && text.charCodeAt(q + 1) === 34) q += 2;
          else break;
        }
        let after = q + 1;
        while (after < to && isBlank(text.charCodeAt(after), delimiter)) after++;
        if (after < to && text.charCodeAt(after) !== delimiter) return false;
        if (count < cap) {
          this.starts[count] = s + 1;
          this.ends[count] = q;
        }
        count++;
        if (after >= to) break;
        s = after + 1;
        continue;
      }
      let e = text.indexOf(this.delimiterChar, s);
      if (e < 0 || e > to) e = to;
      let last = e;
      while (last > s && isBlank(text.charCodeAt(last - 1), delimiter)) last--;
      if (count < cap) {
        this.starts[count] = s;
        this.ends[count] = last - s === 4 && this.nullIsEmpty && text.startsWith("NULL", s) ? s : last;
      }
      count++;
      if (e >= to) break;
      s = e + 1;
    }
    this.count = count;
    return true;
  }

  start(i: number): number {
    return this.starts[i] ?? 0;
  }

  end(i: number): number {
    return this.ends[i] ?? 0;
  }

  /** The field's text (allocates: for messages and kept strings only). -1 = absent column. */
  raw(i: number): string {
    return i < 0 ? "" : this.text.slice(this.start(i), this.end(i));
  }

  isEmpty(i: number): boolean {
    return i < 0 || this.end(i) === this.start(i);
  }

  /** True when the field is exactly `s`. */
  is(i: number, s: string): boolean {
    return i >= 0 && sameAt(this.text, this.start(i), this.end(i), s);
  }
}

/** Space, or tab unless tabs delimit: trimmed around values, as around header names. */
function isBlank(c: number, delimiter: number): boolean {
  return c === 32 || (c === 9 && delimiter !== 9);
}

/** A record with every key present (one hidden class for all records), to be filled in. */
export function newRecord(line: number): LoanRecord {
  return {
    loanId: "",
    line,
    originalUpbCents: 0,
    currentUpbCents: 0,
    currentUpbProjected: false,
    noteRatePct: 0,
    originalTermMonths: 0,
    loanAgeMonths: 0,
    remainingTermMonths: 0,
    firstPaymentDate: "",
    originationDate: undefined,
    fico: undefined,
    coBorrowerFico: undefined,
    ltvPct: undefined,
    cltvPct: undefined,
    dtiPct: undefined,
    dtiAboveRangeOrUnknown: false,
    miPct: undefined,
    state: undefined,
    zip3: undefined,
    propertyType: undefined,
    occupancy: undefined,
    purpose: undefined,
    channel: undefined,
    units: undefined,
    borrowers: undefined,
    firstTimeBuyer: undefined,
    product: "FRM",
    interestOnly: undefined,
    seller: undefined,
    servicer: undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Number syntax on `t[s, e)`. Each returns NaN when the text is not a number of that shape.

/**
 * A whole number, optionally negative, optionally followed by a fraction of zeros only: the
 * normalised Fannie Mae sample renders integers as floats (`360.0`).
 */
export function wholeAt(t: string, s: number, e: number): number {
  let i = t.charCodeAt(s) === 45 ? s + 1 : s;
  const first = i;
  let v = 0;
  for (; i < e; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === first) return NaN;
  if (i < e) {
    if (t.charCodeAt(i) !== 46) return NaN;
    for (i++; i < e; i++) if (t.charCodeAt(i) !== 48) return NaN;
  }
  return first > s ? -v : v;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `[-]digits[.digits]`. Digits are accumulated as one integer N and divided by 10^k: both are
 * exact doubles, so the IEEE quotient is the correctly rounded value — the same double
 * `Number()` gives — without allocating a substring.
 */
export function decimalAt(t: string, s: number, e: number): number {
  let i = t.charCodeAt(s) === 45 ? s + 1 : s;
  const first = i;
  let n = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      n = n * 10 + c;
      digits++;
      if (frac >= 0) frac++;
    } else if (c === -2 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits === 0) return NaN;
  if (digits > 15) return Number(t.slice(s, e));
  const v = frac > 0 ? n / (POW10[frac] ?? 1) : n;
  return first > s ? -v : v;
}

/**
 * Dollars with at most two significant decimals → integer cents, exactly. NaN for bad syntax,
 * -Infinity for a sub-cent fraction.
 */
export function centsAt(t: string, s: number, e: number): number {
  let i = t.charCodeAt(s) === 45 ? s + 1 : s;
  const first = i;
  let v = 0;
  for (; i < e; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === first) return NaN;
  v *= 100;
  if (i < e) {
    if (t.charCodeAt(i) !== 46 || i + 1 === e) return NaN;
    let scale = 10;
    for (i++; i < e; i++) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      if (scale >= 1) v += c * scale;
      else if (c !== 0) return -Infinity;
      scale /= 10;
    }
  }
  return first > s ? -v : v;
}

/** Digits after the decimal point of `t[s, e)`, trailing zeros not counted (`80.50` → 1). */
export function fractionDigitsAt(t: string, s: number, e: number): number {
  const dot = t.indexOf(".", s);
  if (dot < 0 || dot >= e) return 0;
  let last = e;
  while (last > dot + 1 && t.charCodeAt(last - 1) === 48) last--;
  return last - dot - 1;
}

/** True when `t[s, e)` is exactly `c` (compared in place; cheaper than startsWith for short codes). */
export function sameAt(t: string, s: number, e: number, c: string): boolean {
  const len = c.length;
  if (e - s !== len) return false;
  for (let k = 0; k < len; k++) if (t.charCodeAt(s + k) !== c.charCodeAt(k)) return false;
  return true;
}

export function isDigitsAt(t: string, s: number, e: number): boolean {
  if (e <= s) return false;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Months, handled as an index `year * 12 + (month - 1)` so ages are subtractions.

export type DateShape = "YYYY-MM" | "YYYYMM" | "MM/YYYY" | "MMYYYY" | "MM/DD/YYYY";

function twoDigits(t: string, at: number): number {
  const a = t.charCodeAt(at) - 48;
  const b = t.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/** Month index of `t[s, e)` in the given shape, NaN when malformed or outside 1900–2100. */
export function monthAt(t: string, s: number, e: number, shape: DateShape): number {
  const len = e - s;
  let y: number;
  let m: number;
  switch (shape) {
    case "YYYY-MM":
      if (len !== 7 || t.charCodeAt(s + 4) !== 45) return NaN;
      y = twoDigits(t, s) * 100 + twoDigits(t, s + 2);
      m = twoDigits(t, s + 5);
      break;
    case "YYYYMM":
      if (len !== 6) return NaN;
      y = twoDigits(t, s) * 100 + twoDigits(t, s + 2);
      m = twoDigits(t, s + 4);
      break;
    case "MM/YYYY":
      if (len !== 7 || t.charCodeAt(s + 2) !== 47) return NaN;
      m = twoDigits(t, s);
      y = twoDigits(t, s + 3) * 100 + twoDigits(t, s + 5);
      break;
    case "MMYYYY":
      if (len !== 6) return NaN;
      m = twoDigits(t, s);
      y = twoDigits(t, s + 2) * 100 + twoDigits(t, s + 4);
      break;
    case "MM/DD/YYYY": {
      if (len !== 10 || t.charCodeAt(s + 2) !== 47 || t.charCodeAt(s + 5) !== 47) return NaN;
      const d = twoDigits(t, s + 3);
      if (!(d >= 1 && d <= 31)) return NaN;
      m = twoDigits(t, s);
      y = twoDigits(t, s + 6) * 100 + twoDigits(t, s + 8);
      break;
    }
  }
  if (!(m >= 1 && m <= 12 && y >= 1900 && y <= 2100)) return NaN;
  return y * 12 + m - 1;
}

export function monthIndex(s: string, shape: DateShape): number {
  return monthAt(s, 0, s.length, shape);
}

const FIRST_MONTH = 1900 * 12;
const MONTH_NAMES: string[] = [];

/** `YYYY-MM` of a month index (shared strings for 1900–2100). */
export function monthString(index: number): string {
  const k = index - FIRST_MONTH;
  const cached = MONTH_NAMES[k];
  if (cached !== undefined) return cached;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const name = `${y}-${m < 10 ? "0" : ""}${m}`;
  if (k >= 0 && k < 201 * 12) MONTH_NAMES[k] = name;
  return name;
}

/** Parses a user-supplied cut-off month (`YYYY-MM` or `YYYYMM`). */
export function parseCutoff(s: string): number {
  return s.length === 6 ? monthIndex(s, "YYYYMM") : monthIndex(s, "YYYY-MM");
}

// ---------------------------------------------------------------------------------------------
// Checked field readers over field `i` of `f` (i = -1: column absent, read as empty). Each
// returns the value, or records a problem and returns a filler (required fields) / undefined
// (optional fields). The record is discarded when its row has problems.

/**
 * Copies a string so it does not pin its source: V8 represents substrings of 13+ characters
 * as slices of the parent, and a retained loan id would keep a whole chunk of the tape alive.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

export function readLoanId(ctx: RowContext, f: Fields, i: number, field: string): string {
  const id = f.raw(i).trim();
  if (id.length === 0) {
    ctx.fail(field, f.raw(i), "loan id is missing");
    return "";
  }
  ctx.loanId = detach(id);
  return ctx.loanId;
}

/** Required money field, dollars → cents, must be positive. */
export function readUpb(ctx: RowContext, f: Fields, i: number, field: string): number {
  if (f.isEmpty(i)) {
    ctx.fail(field, "", "balance is missing");
    return 0;
  }
  const cents = centsAt(f.text, f.start(i), f.end(i));
  if (cents > 0 && Number.isSafeInteger(cents)) return cents;
  const raw = f.raw(i);
  if (Number.isNaN(cents)) ctx.fail(field, raw, "expected an amount in dollars (digits, optional . and up to 2 decimals)");
  else if (cents === -Infinity) ctx.fail(field, raw, "amount has fractions of a cent");
  else if (cents < 0) ctx.fail(field, raw, "balance is negative");
  else if (cents === 0) ctx.fail(field, raw, "balance is zero");
  else ctx.fail(field, raw, "amount too large");
  return 0;
}

/** Required note rate in percent, 0 < r < 25; values that look like basis points get a hint. */
export function readRate(ctx: RowContext, f: Fields, i: number, field: string): number {
  if (f.isEmpty(i)) {
    ctx.fail(field, "", "note rate is missing");
    return 0;
  }
  const r = decimalAt(f.text, f.start(i), f.end(i));
  if (r > 0 && r < 25) {
    // The leaf commits thousandths of a percent (docs/loan-commitment.md).
    if (fractionDigitsAt(f.text, f.start(i), f.end(i)) <= 3) return r;
    ctx.fail(field, f.raw(i), "at most 3 decimals (thousandths of a percent, e.g. 6.375)");
    return 0;
  }
  const raw = f.raw(i);
  if (Number.isNaN(r)) ctx.fail(field, raw, "expected a rate in percent (e.g. 6.375)");
  else if (r >= 100 && r < 2500) ctx.fail(field, raw, `rate ${raw} looks like basis points, expected percent (${r / 100})`);
  else ctx.fail(field, raw, "rate out of range: expected percent, 0 < rate < 25");
  return 0;
}

/** Required original term in months, 1–480. */
export function readTerm(ctx: RowContext, f: Fields, i: number, field: string): number {
  if (f.isEmpty(i)) {
    ctx.fail(field, "", "original term is missing");
    return 0;
  }
  const t = wholeAt(f.text, f.start(i), f.end(i));
  if (t >= 1 && t <= 480) return t;
  if (Number.isNaN(t)) ctx.fail(field, f.raw(i), "expected a whole number of months");
  else ctx.fail(field, f.raw(i), "term out of range 1–480 months");
  return 0;
}

/**
 * Optional whole number in [min, max]; `sentinel` (-1 for none) is the layout's "not
 * available" code and becomes undefined.
 */
export function readInt(
  ctx: RowContext,
  f: Fields,
  i: number,
  field: string,
  min: number,
  max: number,
  sentinel: number,
): number | undefined {
  if (f.isEmpty(i)) return undefined;
  const v = wholeAt(f.text, f.start(i), f.end(i));
  if (v >= min && v <= max) return v;
  if (v === sentinel) return undefined;
  if (Number.isNaN(v)) return ctx.fail(field, f.raw(i), "expected a whole number");
  return ctx.fail(field, f.raw(i), outOfRange(field, min, max, sentinel));
}

/** Optional ratio in percent (LTV, CLTV, DTI, MI), decimals allowed; sentinel → undefined. */
export function readRatio(
  ctx: RowContext,
  f: Fields,
  i: number,
  field: string,
  min: number,
  max: number,
  sentinel: number,
): number | undefined {
  if (f.isEmpty(i)) return undefined;
  const v = decimalAt(f.text, f.start(i), f.end(i));
  if (v >= min && v <= max) {
    // The leaf commits hundredths of a percent (docs/loan-commitment.md).
    if (fractionDigitsAt(f.text, f.start(i), f.end(i)) <= 2) return v;
    return ctx.fail(field, f.raw(i), "at most 2 decimals (hundredths of a percent, e.g. 79.99)");
  }
  if (v === sentinel) return undefined;
  if (Number.isNaN(v)) return ctx.fail(field, f.raw(i), "expected a number (percent)");
  return ctx.fail(field, f.raw(i), outOfRange(field, min, max, sentinel));
}

function outOfRange(field: string, min: number, max: number, sentinel: number): string {
  const base = `${field} out of range ${min}–${max}`;
  if (sentinel >= 0) return `${base} (the not-available code is ${sentinel})`;
  return `${base}; the generic layout has no sentinel codes: leave a missing value empty`;
}

/** Month in the given shape → month index (NaN when empty or after a recorded failure). */
export function readMonth(ctx: RowContext, f: Fields, i: number, field: string, shape: DateShape, required: boolean): number {
  if (f.isEmpty(i)) {
    if (required) ctx.fail(field, "", "date is missing");
    return NaN;
  }
  const idx = monthAt(f.text, f.start(i), f.end(i), shape);
  if (Number.isNaN(idx)) ctx.fail(field, f.raw(i), `expected a valid date as ${shape}`);
  return idx;
}

/** Optional coded value; codes in `na` mean "not available" and become undefined. */
export function readCode<T>(
  ctx: RowContext,
  f: Fields,
  i: number,
  field: string,
  codes: CodeTable<T>,
  na: readonly string[],
): T | undefined {
  if (f.isEmpty(i)) return undefined;
  const v = codes.find(f.text, f.start(i), f.end(i));
  if (v !== undefined) return v;
  for (const c of na) if (f.is(i, c)) return undefined;
  const allowed = [...codes.codes, ...na.map((c) => `${c} (n/a)`)].join(", ");
  return ctx.fail(field, f.raw(i), `unknown code; expected one of ${allowed}`);
}

/** Product (FRM/ARM); an empty field is a problem when `required`, FRM otherwise. */
export function readProduct(ctx: RowContext, f: Fields, i: number, field: string, required: boolean): Product {
  if (f.isEmpty(i)) {
    if (required) ctx.fail(field, "", "product type is missing");
    return "FRM";
  }
  return readCode(ctx, f, i, field, PRODUCT, []) ?? "FRM";
}

export const USPS_CODES: readonly string[] = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
  "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
  "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "VI", "GU", "AS", "MP",
];
/** USPS code by (first letter − A) × 26 + (second letter − A). */
const STATE_BY_LETTERS: (string | undefined)[] = new Array<string | undefined>(26 * 26).fill(undefined);
for (const c of USPS_CODES) STATE_BY_LETTERS[(c.charCodeAt(0) - 65) * 26 + c.charCodeAt(1) - 65] = c;

/** Optional USPS state or territory code. */
export function readState(ctx: RowContext, f: Fields, i: number, field: string): string | undefined {
  if (f.isEmpty(i)) return undefined;
  const s = f.start(i);
  if (f.end(i) - s === 2) {
    const a = f.text.charCodeAt(s) - 65;
    const b = f.text.charCodeAt(s + 1) - 65;
    if (a >= 0 && a < 26 && b >= 0 && b < 26) {
      const code = STATE_BY_LETTERS[a * 26 + b];
      if (code !== undefined) return code;
    }
  }
  return ctx.fail(field, f.raw(i), "not a USPS state or territory code");
}

const ZIP3: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

/** The shared string of a 3-digit ZIP prefix, or undefined when `t[s, e)` is not 3 digits. */
export function zip3At(t: string, s: number, e: number): string | undefined {
  return e - s === 3 && isDigitsAt(t, s, e) ? ZIP3[wholeAt(t, s, e)] : undefined;
}

/** Optional 3-digit ZIP prefix. */
export function readZip3(ctx: RowContext, f: Fields, i: number, field: string): string | undefined {
  if (f.isEmpty(i)) return undefined;
  return zip3At(f.text, f.start(i), f.end(i)) ?? ctx.fail(field, f.raw(i), "ZIP3 must be exactly 3 digits");
}

/**
 * Names (seller, servicer) repeat across a tape: one shared string per distinct name keeps
 * memory flat, pins no source text, and the common ones are matched in place.
 */
export class NamePool {
  private readonly names = new Map<string, string>();
  /** Raw (as in the file) and value of the first few names, compared before slicing. */
  private readonly raws: string[] = [];
  private readonly values: string[] = [];

  read(f: Fields, i: number): string | undefined {
    if (f.isEmpty(i)) return undefined;
    const t = f.text;
    const s = f.start(i);
    const e = f.end(i);
    const last = t.charCodeAt(e - 1);
    const raws = this.raws;
    for (let k = 0; k < raws.length; k++) {
      const r = raws[k] as string;
      // Most candidates differ in length or last letter: reject them before a full compare.
      if (r.length === e - s && r.charCodeAt(r.length - 1) === last && sameAt(t, s, e, r)) return this.values[k];
    }
    const raw = f.raw(i);
    let v = this.names.get(raw);
    if (v === undefined) {
      v = detach(raw.includes('""') ? raw.replaceAll('""', '"').trim() : raw.trim());
      const key = detach(raw);
      if (this.names.size < 10_000) this.names.set(key, v);
      if (raws.length < 16) {
        raws.push(key);
        this.values.push(v);
      }
    }
    return v;
  }
}

/**
 * Fills age and remaining term and checks them against the original term and the first payment
 * date. `ageField` / `remField` are the tape's own columns when it has them (-1 otherwise);
 * without an age, the loan is aged from its first payment to `asOf` (age 0 in the month before
 * the first payment, the agencies' convention), and without an as-of month it is taken as new
 * issue (age 0). `asOf` is the cut-off, or the reporting period of a row that has one.
 *
 * Checks (docs/loan-tape-checks.md): a first payment more than a month after `asOf` is an error
 * (the loan has no place in a pool cut off then); a tape age that contradicts the first payment
 * date is an error, or a warning when the two are one month apart (age conventions differ).
 */
export function completeTiming(
  ctx: RowContext,
  f: Fields,
  r: LoanRecord,
  firstPay: number,
  firstPayField: string,
  ageAt: number,
  ageField: string,
  remAt: number,
  remField: string,
  asOf: number | undefined = ctx.cutoff,
): void {
  let derived: number | undefined;
  if (asOf !== undefined && !Number.isNaN(firstPay)) {
    derived = asOf - firstPay + 1;
    if (derived < 0) {
      ctx.fail(
        firstPayField,
        monthString(firstPay),
        `first payment ${monthString(firstPay)} is after ${monthString(asOf + 1)}, the month after the cut-off ${monthString(asOf)}: the loan cannot be in this pool yet`,
      );
      return;
    }
  }
  let age: number | undefined;
  const ownAge = !f.isEmpty(ageAt);
  if (ownAge) {
    age = readInt(ctx, f, ageAt, ageField, 0, 480, -1);
    if (age === undefined) return;
  } else age = derived ?? 0;
  if (r.originalTermMonths > 0 && age > r.originalTermMonths) {
    if (ownAge) ctx.fail(ageField, f.raw(ageAt), `loan age ${age} exceeds the original term ${r.originalTermMonths}`);
    else {
      const at = asOf === undefined ? "" : ` at cut-off ${monthString(asOf)}`;
      ctx.fail(firstPayField, monthString(firstPay), `loan age ${age}${at} exceeds the original term ${r.originalTermMonths}`);
    }
    return;
  }
  if (ownAge && derived !== undefined && asOf !== undefined && age !== derived) {
    const reason =
      `loan age ${age} contradicts the first payment date ${monthString(firstPay)}: ` +
      `at ${monthString(asOf)} the loan is ${derived} month(s) old (0 in the month before the first payment)`;
    if (Math.abs(age - derived) > 1) {
      ctx.fail(ageField, f.raw(ageAt), reason);
      return;
    }
    ctx.warn(ageField, f.raw(ageAt), `${reason}; one month apart (another age convention?): the tape's age is kept`);
  }
  r.loanAgeMonths = age;
  if (!f.isEmpty(remAt)) {
    const rem = readInt(ctx, f, remAt, remField, 0, 480, -1);
    if (rem !== undefined) r.remainingTermMonths = rem;
  } else {
    r.remainingTermMonths = r.originalTermMonths - age;
  }
}
