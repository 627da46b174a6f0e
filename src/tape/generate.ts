/**
 * Deterministic synthetic loan tapes: the same seed gives the same bytes on every machine.
 * Distributions are rough shapes of a recent agency 30-/15-year fixed-rate book (balances
 * log-normal around $280k, note rates near 6.5 % on a 1/8 grid, FICO near 740, LTV with a spike
 * at 80, states weighted by population). The generator yields the records each layout can carry
 * — exactly what the reader must return for the written file — so round trips compare whole
 * records.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import {
  AGENCY_OCCUPANCY,
  AGENCY_PROPERTY,
  FANNIE_CHANNEL,
  FANNIE_PURPOSE,
  FREDDIE_CHANNEL,
  FREDDIE_PURPOSE,
  codeOf,
} from "./codes.js";
import { monthIndex, monthString, newRecord, parseCutoff } from "./fields.js";
import { GENERIC_COLUMN_NAMES, type GenericColumn } from "./layouts/generic.js";
import type { Channel, LoanRecord, Occupancy, PropertyType, Purpose, TapeFormat } from "./loan.js";
import { InvalidInputError } from "../errors.js";
import { scheduledBalanceCents } from "./consistency.js";

export interface GenerateOptions {
  format: TapeFormat;
  loans: number;
  seed: number;
  /** Cut-off month `YYYY-MM` the loans are aged to (default 2026-01). */
  cutoff?: string;
}

/** sfc32: small, fast, well-tested 32-bit PRNG; seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Standard normal (Box–Muller; one draw per call keeps the sequence simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** An item drawn with the given weights (`cumulative` from {@link cumulate}). */
  pick<T>(items: readonly T[], cumulative: readonly number[]): T {
    const x = this.next() * (cumulative[cumulative.length - 1] ?? 0);
    let i = 0;
    while (i < cumulative.length - 1 && (cumulative[i] ?? 0) <= x) i++;
    return items[i] as T;
  }
}

function cumulate(weights: readonly number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}

/** [state, weight ≈ share of US mortgages (%), lowest ZIP3, highest ZIP3]. */
const STATES: readonly (readonly [string, number, number, number])[] = [
  ["CA", 12.5, 900, 961], ["TX", 8.5, 750, 799], ["FL", 7.0, 320, 349], ["NY", 5.0, 100, 149], ["PA", 3.8, 150, 196],
  ["IL", 3.8, 600, 629], ["OH", 3.4, 430, 458], ["GA", 3.3, 300, 319], ["NC", 3.3, 270, 289], ["MI", 3.0, 480, 499],
  ["NJ", 2.9, 70, 89], ["VA", 2.8, 220, 246], ["WA", 2.7, 980, 994], ["AZ", 2.3, 850, 865], ["MA", 2.2, 10, 27],
  ["TN", 2.1, 370, 385], ["IN", 2.0, 460, 479], ["MO", 1.8, 630, 658], ["MD", 1.9, 206, 219], ["WI", 1.7, 530, 549],
  ["CO", 1.9, 800, 816], ["MN", 1.7, 550, 567], ["SC", 1.6, 290, 299], ["AL", 1.4, 350, 369], ["LA", 1.3, 700, 714],
  ["KY", 1.3, 400, 427], ["OR", 1.3, 970, 979], ["OK", 1.1, 730, 749], ["CT", 1.0, 60, 69], ["UT", 1.1, 840, 847],
  ["IA", 0.9, 500, 528], ["NV", 1.0, 889, 898], ["AR", 0.8, 716, 729], ["MS", 0.8, 386, 397], ["KS", 0.8, 660, 679],
  ["NM", 0.6, 870, 884], ["NE", 0.6, 680, 693], ["ID", 0.6, 832, 838], ["WV", 0.5, 247, 268], ["HI", 0.4, 967, 968],
  ["NH", 0.4, 30, 38], ["ME", 0.4, 39, 49], ["MT", 0.3, 590, 599], ["RI", 0.3, 28, 29], ["DE", 0.3, 197, 199],
  ["SD", 0.3, 570, 577], ["ND", 0.2, 580, 588], ["AK", 0.2, 995, 999], ["DC", 0.2, 200, 205], ["VT", 0.2, 50, 59],
  ["WY", 0.2, 820, 831], ["PR", 0.2, 6, 9],
];
const STATE_CUM = cumulate(STATES.map((s) => s[1]));

const PROPERTY: readonly PropertyType[] = ["single-family", "pud", "condo", "manufactured", "coop"];
const PROPERTY_CUM = cumulate([64, 23, 10, 2, 1]);
const OCCUPANCY: readonly Occupancy[] = ["primary", "investment", "second"];
const OCCUPANCY_CUM = cumulate([88, 7, 5]);
const PURPOSE: readonly Purpose[] = ["purchase", "cashout-refi", "rate-term-refi"];
const PURPOSE_CUM = cumulate([52, 26, 22]);
const CHANNEL: readonly Channel[] = ["retail", "correspondent", "broker"];
const CHANNEL_CUM = cumulate([55, 30, 15]);
const UNITS = [1, 2, 3, 4];
const UNITS_CUM = cumulate([95, 3, 1, 1]);
const SELLERS = [
  "Rocket Mortgage, LLC", "UNITED WHOLESALE MORTGAGE", "WELLS FARGO BANK, N.A.", "PennyMac Corp.", "Other sellers",
  "JPMORGAN CHASE BANK, NA", "loanDepot.com", "Guild Mortgage",
];
const SELLER_CUM = cumulate([18, 16, 9, 10, 25, 8, 8, 6]);
const SERVICERS = ["Other servicers", "Lakeview Loan Servicing", "Mr. Cooper", "NewRez LLC", "Wells Fargo Bank, N.A."];
const SERVICER_CUM = cumulate([35, 20, 20, 15, 10]);

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export { scheduledBalanceCents };

/** The loan records of a generated tape, as the given layout carries them. */
export function* generateLoans(options: GenerateOptions): Generator<LoanRecord> {
  const { format, loans, seed } = options;
  const cutoff = parseCutoff(options.cutoff ?? "2026-01");
  if (Number.isNaN(cutoff)) throw new InvalidInputError("cutoff", `expected YYYY-MM, got ${JSON.stringify(options.cutoff)}`);
  const rng = new Rng(seed);
  const year = Math.floor(cutoff / 12);
  const quarter = Math.floor((cutoff % 12) / 3) + 1;
  for (let i = 1; i <= loans; i++) {
    const r = newRecord(lineOf(format, i));
    r.loanId = loanIdOf(format, i, year, quarter);
    const term = rng.next() < 0.15 ? 180 : 360;
    const rate = clamp(Math.round((6.5 + 0.6 * rng.normal() - (term === 180 ? 0.5 : 0)) * 8) / 8, 2.5, 9.5);
    const balance = clamp(Math.exp(Math.log(280_000) + 0.5 * rng.normal()), 25_000, 1_500_000);
    const age = rng.int(0, 24);
    const firstPay = cutoff - age + 1;
    r.originalUpbCents = Math.round(balance / 1000) * 100_000;
    r.noteRatePct = rate;
    r.originalTermMonths = term;
    r.loanAgeMonths = age;
    r.remainingTermMonths = term - age;
    r.firstPaymentDate = monthString(firstPay);
    r.originationDate = monthString(firstPay - 1 - rng.int(0, 1));
    r.fico = rng.next() < 0.01 ? undefined : Math.round(clamp(740 + 45 * rng.normal(), 580, 850));
    const ltv = rng.next() < 0.3 ? 80 : Math.round(clamp(75 + 15 * rng.normal(), 20, 97));
    r.ltvPct = ltv;
    r.cltvPct = rng.next() < 0.1 ? Math.min(ltv + rng.int(5, 15), 105) : ltv;
    r.dtiPct = rng.next() < 0.005 ? undefined : Math.round(clamp(36 + 8 * rng.normal(), 5, 50));
    r.miPct = ltv > 90 ? 30 : ltv > 85 ? 25 : ltv > 80 ? 12 : undefined;
    const [state, , zlo, zhi] = rng.pick(STATES, STATE_CUM);
    r.state = state;
    r.zip3 = String(rng.int(zlo, zhi)).padStart(3, "0");
    r.propertyType = rng.pick(PROPERTY, PROPERTY_CUM);
    r.occupancy = rng.pick(OCCUPANCY, OCCUPANCY_CUM);
    r.purpose = rng.pick(PURPOSE, PURPOSE_CUM);
    r.channel = rng.pick(CHANNEL, CHANNEL_CUM);
    r.units = rng.pick(UNITS, UNITS_CUM);
    r.borrowers = rng.next() < 0.5 ? 1 : 2;
    r.coBorrowerFico = r.borrowers === 2 ? Math.round(clamp(730 + 50 * rng.normal(), 580, 850)) : undefined;
    r.firstTimeBuyer = r.purpose === "purchase" ? rng.next() < 0.45 : false;
    r.seller = rng.pick(SELLERS, SELLER_CUM);
    r.servicer = rng.pick(SERVICERS, SERVICER_CUM);
    r.interestOnly = false;
    r.currentUpbCents = scheduledBalanceCents(r.originalUpbCents, rate, term, age);
    yield project(format, r);
  }
}

/** Drops or restates what a layout cannot carry (see each layout's header comment). */
function project(format: TapeFormat, r: LoanRecord): LoanRecord {
  switch (format) {
    case "generic":
    case "fannie":
      break;
    case "fannie-legacy":
      // No balance in the file: the reader projects the scheduled one, as computed above.
      r.currentUpbProjected = true;
      r.servicer = undefined;
      break;
    case "freddie":
      r.currentUpbProjected = true;
      r.originationDate = undefined;
      r.coBorrowerFico = undefined;
      r.miPct = r.miPct ?? 0; // Freddie writes 000 for "no MI"
      r.dtiAboveRangeOrUnknown = r.dtiPct === undefined; // and 999 for "above 65 % or not available"
      break;
  }
  return r;
}

/** Rows per loan: the current Fannie layout repeats each loan for two reporting months. */
const FANNIE_MONTHS = 2;

function lineOf(format: TapeFormat, i: number): number {
  return format === "generic" ? i + 1 : format === "fannie" ? (i - 1) * FANNIE_MONTHS + 1 : i;
}

function loanIdOf(format: TapeFormat, i: number, year: number, quarter: number): string {
  switch (format) {
    case "generic":
      return `L${String(i).padStart(9, "0")}`;
    case "freddie":
      return `F${String(year % 100).padStart(2, "0")}Q${quarter}${String(i).padStart(7, "0")}`;
    default:
      return String(100_000_000_000 + i * 7919);
  }
}

// ---------------------------------------------------------------------------------------------
// Writers: one record → its line(s).

const opt = (v: number | string | undefined): string => (v === undefined ? "" : String(v));
const dollars = (cents: number): string => (cents / 100).toFixed(2);

function csvField(s: string | undefined): string {
  if (s === undefined) return "";
  return s.includes(",") || s.includes('"') ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Header of generated generic tapes: every column, in the documented order. */
export const GENERIC_HEADER = GENERIC_COLUMN_NAMES.join(",");

function genericRow(r: LoanRecord): string {
  const v: Record<GenericColumn, string> = {
    loan_id: r.loanId,
    original_upb: dollars(r.originalUpbCents),
    current_upb: dollars(r.currentUpbCents),
    note_rate: String(r.noteRatePct),
    original_term: String(r.originalTermMonths),
    loan_age: String(r.loanAgeMonths),
    remaining_term: String(r.remainingTermMonths),
    first_payment_date: r.firstPaymentDate,
    origination_date: opt(r.originationDate),
    fico: opt(r.fico),
    co_borrower_fico: opt(r.coBorrowerFico),
    ltv: opt(r.ltvPct),
    cltv: opt(r.cltvPct),
    dti: opt(r.dtiPct),
    mi_pct: opt(r.miPct),
    state: opt(r.state),
    zip3: opt(r.zip3),
    property_type: opt(r.propertyType),
    occupancy: opt(r.occupancy),
    purpose: opt(r.purpose),
    channel: opt(r.channel),
    units: opt(r.units),
    borrowers: opt(r.borrowers),
    first_time_buyer: r.firstTimeBuyer === undefined ? "" : r.firstTimeBuyer ? "Y" : "N",
    product: r.product,
    interest_only: r.interestOnly === undefined ? "" : r.interestOnly ? "Y" : "N",
    maturity_date: monthString(monthIndex(r.firstPaymentDate, "YYYY-MM") + r.originalTermMonths - 1),
    seller: csvField(r.seller),
    servicer: csvField(r.servicer),
  };
  return GENERIC_COLUMN_NAMES.map((c) => v[c]).join(",");
}

const yn = (b: boolean | undefined, na: string): string => (b === undefined ? na : b ? "Y" : "N");
/** `YYYY-MM` → `MM/YYYY` or `MMYYYY` or `YYYYMM`. */
const mmSlashYyyy = (ym: string): string => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;
const mmyyyy = (ym: string): string => `${ym.slice(5, 7)}${ym.slice(0, 4)}`;
const yyyymm = (ym: string): string => `${ym.slice(0, 4)}${ym.slice(5, 7)}`;

function fannieLegacyRow(r: LoanRecord, acqPeriod: string): string {
  return [
    r.loanId,
    codeOf(FANNIE_CHANNEL, r.channel),
    opt(r.seller),
    String(r.noteRatePct),
    String(r.originalUpbCents / 100),
    String(r.originalTermMonths),
    r.originationDate === undefined ? "" : mmSlashYyyy(r.originationDate),
    mmSlashYyyy(r.firstPaymentDate),
    opt(r.ltvPct),
    opt(r.cltvPct),
    opt(r.borrowers),
    opt(r.dtiPct),
    opt(r.fico),
    yn(r.firstTimeBuyer, "U"),
    r.purpose === undefined ? "U" : codeOf(FANNIE_PURPOSE, r.purpose),
    r.propertyType === undefined ? "" : codeOf(AGENCY_PROPERTY, r.propertyType),
    opt(r.units),
    r.occupancy === undefined ? "U" : codeOf(AGENCY_OCCUPANCY, r.occupancy),
    opt(r.state),
    opt(r.zip3),
    opt(r.miPct),
    r.product,
    opt(r.coBorrowerFico),
    r.miPct === undefined ? "" : "1",
    "N",
    acqPeriod,
  ].join("|");
}

function freddieRow(r: LoanRecord): string {
  const first = yyyymm(r.firstPaymentDate);
  const firstIdx = monthIndex(r.firstPaymentDate, "YYYY-MM");
  return [
    r.fico === undefined ? "9999" : String(r.fico),
    first,
    yn(r.firstTimeBuyer, "9"),
    yyyymm(monthString(firstIdx + r.originalTermMonths - 1)),
    "",
    String(r.miPct ?? 0).padStart(3, "0"),
    r.units === undefined ? "99" : String(r.units),
    r.occupancy === undefined ? "9" : codeOf(AGENCY_OCCUPANCY, r.occupancy),
    r.cltvPct === undefined ? "999" : String(r.cltvPct),
    r.dtiPct === undefined ? "999" : String(r.dtiPct),
    String(r.originalUpbCents / 100),
    r.ltvPct === undefined ? "999" : String(r.ltvPct),
    String(r.noteRatePct),
    r.channel === undefined ? "9" : codeOf(FREDDIE_CHANNEL, r.channel),
    "N",
    r.product,
    opt(r.state),
    r.propertyType === undefined ? "99" : codeOf(AGENCY_PROPERTY, r.propertyType),
    r.zip3 === undefined ? "" : `${r.zip3}00`,
    r.loanId,
    r.purpose === undefined ? "9" : codeOf(FREDDIE_PURPOSE, r.purpose),
    String(r.originalTermMonths),
    r.borrowers === undefined ? "99" : String(r.borrowers).padStart(2, "0"),
    opt(r.seller),
    opt(r.servicer),
    "",
    "",
    "9",
    "",
    "9",
    yn(r.interestOnly, ""),
    r.miPct === undefined || r.miPct === 0 ? "7" : "N",
  ].join("|");
}

/** Reporting months of one loan in the current Fannie layout, the first at the cut-off. */
function fannieRows(r: LoanRecord, cutoff: number): string {
  const rows: string[] = [];
  for (let m = 0; m < FANNIE_MONTHS; m++) {
    const age = r.loanAgeMonths + m;
    const upb = m === 0 ? r.currentUpbCents : scheduledBalanceCents(r.originalUpbCents, r.noteRatePct, r.originalTermMonths, age);
    const f: string[] = new Array<string>(110).fill("");
    f[1] = r.loanId;
    f[2] = mmyyyy(monthString(cutoff + m));
    f[3] = codeOf(FANNIE_CHANNEL, r.channel);
    f[4] = opt(r.seller);
    f[5] = opt(r.servicer);
    f[7] = String(r.noteRatePct);
    f[8] = String(r.noteRatePct);
    f[9] = dollars(r.originalUpbCents);
    f[10] = dollars(r.originalUpbCents);
    f[11] = dollars(upb);
    f[12] = String(r.originalTermMonths);
    f[13] = r.originationDate === undefined ? "" : mmyyyy(r.originationDate);
    f[14] = mmyyyy(r.firstPaymentDate);
    f[15] = String(age);
    f[16] = String(r.originalTermMonths - age);
    f[17] = f[16];
    f[18] = mmyyyy(monthString(monthIndex(r.firstPaymentDate, "YYYY-MM") + r.originalTermMonths - 1));
    f[19] = opt(r.ltvPct);
    f[20] = opt(r.cltvPct);
    f[21] = opt(r.borrowers);
    f[22] = opt(r.dtiPct);
    f[23] = opt(r.fico);
    f[24] = opt(r.coBorrowerFico);
    f[25] = yn(r.firstTimeBuyer, "U");
    f[26] = r.purpose === undefined ? "U" : codeOf(FANNIE_PURPOSE, r.purpose);
    f[27] = r.propertyType === undefined ? "" : codeOf(AGENCY_PROPERTY, r.propertyType);
    f[28] = opt(r.units);
    f[29] = r.occupancy === undefined ? "U" : codeOf(AGENCY_OCCUPANCY, r.occupancy);
    f[30] = opt(r.state);
    f[31] = "00000";
    f[32] = opt(r.zip3);
    f[33] = opt(r.miPct);
    f[34] = r.product;
    f[35] = "N";
    f[36] = yn(r.interestOnly, "");
    f[39] = "00";
    f[42] = "N";
    rows.push(f.join("|"));
  }
  return rows.join("\n");
}

/** Writes a generated tape to `out`, streaming; returns the number of loans written. */
export async function writeTape(out: string, options: GenerateOptions): Promise<number> {
  const cutoff = parseCutoff(options.cutoff ?? "2026-01");
  const acqPeriod = yyyymm(monthString(cutoff));
  const stream = createWriteStream(out);
  const closed = once(stream, "close");
  let buf = options.format === "generic" ? `${GENERIC_HEADER}\n` : "";
  let n = 0;
  try {
    for (const r of generateLoans(options)) {
      switch (options.format) {
        case "generic":
          buf += genericRow(r);
          break;
        case "fannie-legacy":
          buf += fannieLegacyRow(r, acqPeriod);
          break;
        case "freddie":
          buf += freddieRow(r);
          break;
        case "fannie":
          buf += fannieRows(r, cutoff);
          break;
      }
      buf += "\n";
      n++;
      if (buf.length >= 1 << 20) {
        if (!stream.write(buf)) await once(stream, "drain");
        buf = "";
      }
    }
    stream.end(buf);
    await closed;
  } catch (e) {
    stream.destroy();
    throw e;
  }
  return n;
}
