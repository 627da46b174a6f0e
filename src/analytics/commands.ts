import { InvalidInputError, ValidationError } from "../errors.js";
import type { LocatedIssue } from "../errors.js";
import { parseDate } from "./dates.js";
import type { CalendarDate } from "./dates.js";
import type { DefaultAssumption } from "./defaults.js";
import { averageLifeYears, columnSum, projectPassThrough, tableRows } from "./passthrough.js";
import type { CashFlowRow, CashFlowTable } from "./passthrough.js";
import { resolvePool } from "./pool.js";
import type { PoolTerms } from "./pool.js";
import { effectiveMeasures, riskMeasures, spreadToCurve } from "./risk.js";
import type { CurvePoint, EffectiveMeasures, RiskMeasures } from "./risk.js";
import { absFromFactors, averageSpeed, smmVector, speedFromFactors } from "./speeds.js";
import type { AverageSpeed, DefaultSpec, MeasuredSpeed, PoolFactorObservation, PrepaySpec, RampCurve } from "./speeds.js";
import { totalReturn } from "./total-return.js";
import { monthlyFromBey, preparePricing, priceFromYield, yieldFromPrice } from "./yield.js";
export { averageSpeed };

/**
 * What the `mbs cashflows | price | yield | total-return | speed` commands do (and the option
 * parsing every analytics command shares), as functions of their option strings, so tests drive
 * exactly what the command line runs. Units in and out are the command line's (`OUTPUT_UNITS`):
 * rates, speeds, yields and severity in percent, curves in % of the curve, spreads in bp, money
 * in currency units; errors name the option and speak its unit.
 */

/** Options as Hardhat hands them over: unset options are undefined. */
export type OptionText = string | undefined;

export function parseNumberOption(name: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new InvalidInputError(`--${name}`, `expected a number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** Bounds of a number option, in the option's own unit (the one the user typed). */
export interface OptionRange {
  /** Unit as printed after a value: "%", "% PSA", "months", "bp", "". */
  unit: string;
  min?: number;
  max?: number;
  /** The minimum itself is not allowed (a positive balance). */
  minExclusive?: boolean;
  /** The maximum itself is not allowed (a coupon of 100 %). */
  maxExclusive?: boolean;
  integer?: boolean;
}

const withUnit = (value: number, unit: string) => (unit === "" ? String(value) : `${value} ${unit}`);

/** Checks a parsed option against its range; the message names the option and speaks its unit. */
export function checkOption(name: string, value: number, r: OptionRange): number {
  const got = `got ${withUnit(value, r.unit)}`;
  if (r.integer && !Number.isInteger(value)) throw new InvalidInputError(`--${name}`, `must be a whole number${r.unit ? ` of ${r.unit}` : ""}, ${got}`);
  const belowMin = r.min !== undefined && (r.minExclusive ? value <= r.min : value < r.min);
  const aboveMax = r.max !== undefined && (r.maxExclusive ? value >= r.max : value > r.max);
  if (belowMin || aboveMax) {
    if (r.min !== undefined && r.max !== undefined) {
      const lo = r.minExclusive ? "above" : "from";
      const hi = r.maxExclusive ? "below" : "up to";
      throw new InvalidInputError(`--${name}`, `must be ${lo} ${withUnit(r.min, r.unit)} ${hi} ${withUnit(r.max, r.unit)}, ${got}`);
    }
    if (belowMin) throw new InvalidInputError(`--${name}`, `must be ${r.minExclusive ? "more than" : "at least"} ${withUnit(r.min as number, r.unit)}, ${got}`);
    throw new InvalidInputError(`--${name}`, `must be ${r.maxExclusive ? "less than" : "at most"} ${withUnit(r.max as number, r.unit)}, ${got}`);
  }
  return value;
}

/** A number option in its range, or `fallback` when not given. */
export function numberOption(name: string, text: OptionText, r: OptionRange, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new InvalidInputError(`--${name}`, "is required");
    return fallback;
  }
  return checkOption(name, parseNumberOption(name, text), r);
}

/** Ranges of the analytics options (the units are the command line's: see docs/analytics.md). */
export const RANGES = {
  percentRate: { unit: "%", min: 0, max: 100, maxExclusive: true },
  percentOfBalance: { unit: "%", min: 0, max: 100 },
  curvePercent: { unit: "%", min: 0 },
  months: { unit: "months", min: 0, integer: true },
  term: { unit: "months", min: 1, integer: true },
  money: { unit: "", min: 0, minExclusive: true },
  days: { unit: "days", min: 0, max: 365, integer: true },
} as const satisfies Record<string, OptionRange>;

export interface PoolOptions {
  balance: OptionText;
  wac: OptionText;
  net: OptionText;
  term: OptionText;
  wam: OptionText;
  age: OptionText;
}

/**
 * Pool terms from `--balance --wac --net --term --wam --age`. Rates in percent; `--net` (the
 * pass-through rate) defaults to the WAC, `--term` to 360 months, `--wam` to the term less
 * `--age` (a new pool without either). Errors name the option in its units.
 */
export function poolFromOptions(o: PoolOptions): PoolTerms {
  const balance = numberOption("balance", o.balance, RANGES.money);
  const wacPercent = numberOption("wac", o.wac, RANGES.percentRate);
  const netPercent = numberOption("net", o.net, RANGES.percentRate, wacPercent);
  if (netPercent > wacPercent) {
    throw new InvalidInputError("--net", `the pass-through rate ${netPercent} % exceeds the gross WAC (--wac) ${wacPercent} %: the servicing fee cannot be negative`);
  }
  const term = numberOption("term", o.term, RANGES.term, 360);
  const wam = o.wam === undefined ? undefined : numberOption("wam", o.wam, { ...RANGES.term, max: term });
  const age = o.age === undefined ? undefined : numberOption("age", o.age, { ...RANGES.months, max: term - 1 });
  if (wam !== undefined && age !== undefined && wam + age !== term) {
    throw new InvalidInputError("--age", `${age} months + --wam ${wam} months must equal --term ${term} months (or give only one of them)`);
  }
  const pool: PoolTerms = { balance, grossWac: wacPercent / 100, passThroughRate: netPercent / 100, originalTerm: term };
  if (wam !== undefined) pool.wam = wam;
  if (age !== undefined) pool.age = age;
  if (wam === undefined && age === undefined) pool.age = 0;
  return pool;
}

export interface SpeedOptions {
  psa: OptionText;
  cpr: OptionText;
  smm: OptionText;
  abs?: OptionText;
  hep?: OptionText;
  mhp?: OptionText;
  ppc?: OptionText;
  /** `start%,peak%,month` of 100 % PPC (default 4,20,12). */
  ppcCurve?: OptionText;
  /** Contents of the vector file and its name, when `--vector` was given. */
  vector?: { file: string; text: string };
  vectorUnit: OptionText;
}

const SPEED_OPTIONS = ["psa", "cpr", "smm", "abs", "hep", "mhp", "ppc"] as const;

/** `--ppc-curve start,peak,month`: CPR % in month 1, peak CPR %, month of the peak. */
export function parseRampCurve(text: string): RampCurve {
  const parts = text.split(",").map((x) => x.trim());
  if (parts.length !== 3) throw new InvalidInputError("--ppc-curve", `expected start CPR %,peak CPR %,peak month (e.g. 4,20,12), got ${JSON.stringify(text)}`);
  const [start, peak, month] = parts as [string, string, string];
  return {
    startCpr: checkOption("ppc-curve start", parseNumberOption("ppc-curve start", start), RANGES.percentOfBalance) / 100,
    peakCpr: checkOption("ppc-curve peak", parseNumberOption("ppc-curve peak", peak), RANGES.percentOfBalance) / 100,
    peakMonth: checkOption("ppc-curve month", parseNumberOption("ppc-curve month", month), RANGES.term),
  };
}

/** Exactly one of --psa, --cpr, --smm, --abs, --hep, --mhp, --ppc, --vector; none means 100 % PSA. */
export function prepayFromOptions(o: SpeedOptions): PrepaySpec {
  const given = SPEED_OPTIONS.filter((k) => o[k] !== undefined);
  if (given.length + (o.vector ? 1 : 0) > 1) {
    throw new InvalidInputError("speed", `give one of --psa, --cpr, --smm, --abs, --hep, --mhp, --ppc, --vector (got ${[...given, ...(o.vector ? ["vector"] : [])].map((k) => `--${k}`).join(", ")})`);
  }
  if (o.ppcCurve !== undefined && o.ppc === undefined) throw new InvalidInputError("--ppc-curve", "needs --ppc");
  if (o.vector) {
    const unit = o.vectorUnit ?? "cpr";
    if (unit !== "psa" && unit !== "cpr" && unit !== "smm") {
      throw new InvalidInputError("--vector-unit", `must be psa, cpr or smm, got ${JSON.stringify(unit)}`);
    }
    const values = parseVector(o.vector.file, o.vector.text, unit === "psa" ? undefined : 100);
    return { kind: "vector", unit, values: unit === "psa" ? values : values.map((v) => v / 100) };
  }
  if (o.vectorUnit !== undefined) throw new InvalidInputError("--vector-unit", "needs --vector");
  if (o.cpr !== undefined) return { kind: "cpr", cpr: numberOption("cpr", o.cpr, RANGES.percentOfBalance) / 100 };
  if (o.smm !== undefined) return { kind: "smm", smm: numberOption("smm", o.smm, RANGES.percentOfBalance) / 100 };
  if (o.abs !== undefined) return { kind: "abs", abs: numberOption("abs", o.abs, RANGES.percentOfBalance) / 100 };
  if (o.hep !== undefined) return { kind: "hep", hep: numberOption("hep", o.hep, RANGES.curvePercent) };
  if (o.mhp !== undefined) return { kind: "mhp", mhp: numberOption("mhp", o.mhp, RANGES.curvePercent) };
  if (o.ppc !== undefined) {
    const ppc = numberOption("ppc", o.ppc, RANGES.curvePercent);
    return o.ppcCurve === undefined ? { kind: "ppc", ppc } : { kind: "ppc", ppc, curve: parseRampCurve(o.ppcCurve) };
  }
  return { kind: "psa", psa: numberOption("psa", o.psa, RANGES.curvePercent, 100) };
}

/**
 * A vector file: numbers separated by newlines, commas or spaces, one per projection month
 * (in percent, or % of a curve); `#` starts a comment. The last value repeats past the end.
 * `max` bounds every entry (100 for rates in percent).
 */
export function parseVector(file: string, text: string, max?: number): number[] {
  const values: number[] = [];
  const issues: LocatedIssue[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/#.*/, "").trim();
    if (content === "") return;
    for (const token of content.split(/[\s,;]+/)) {
      const value = Number(token);
      if (!Number.isFinite(value) || value < 0) {
        issues.push({ file, line: index + 1, field: "speed", value: token, reason: "not a non-negative number" });
      } else if (max !== undefined && value > max) {
        issues.push({ file, line: index + 1, field: "speed", value: token, reason: `above ${max} %` });
      } else {
        values.push(value);
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(file, issues);
  if (values.length === 0) throw new InvalidInputError(file, "the speed vector is empty");
  return values;
}

export interface DefaultOptions {
  sda: OptionText;
  cdr: OptionText;
  mdr?: OptionText;
  /** Contents of the default-rate vector file and its name, when `--default-vector` was given. */
  defaultVector?: { file: string; text: string };
  defaultVectorUnit?: OptionText;
  severity: OptionText;
  lag: OptionText;
  advance: boolean;
}

const DEFAULT_RATE_OPTIONS = ["sda", "cdr", "mdr"] as const;

/**
 * Undefined when no default rate (--sda, --cdr, --mdr, --default-vector) is given; then
 * --severity, --lag and --advance are refused rather than silently ignored.
 */
export function defaultsFromOptions(o: DefaultOptions): DefaultAssumption | undefined {
  const given = DEFAULT_RATE_OPTIONS.filter((k) => o[k] !== undefined);
  if (given.length + (o.defaultVector ? 1 : 0) > 1) {
    throw new InvalidInputError("defaults", `give one of --sda, --cdr, --mdr, --default-vector (got ${[...given, ...(o.defaultVector ? ["default-vector"] : [])].map((k) => `--${k}`).join(", ")})`);
  }
  let rate: DefaultSpec;
  if (o.defaultVector) {
    const unit = o.defaultVectorUnit ?? "cdr";
    if (unit !== "sda" && unit !== "cdr" && unit !== "mdr") {
      throw new InvalidInputError("--default-vector-unit", `must be sda, cdr or mdr, got ${JSON.stringify(unit)}`);
    }
    const values = parseVector(o.defaultVector.file, o.defaultVector.text, unit === "sda" ? undefined : 100);
    rate = { kind: "vector", unit, values: unit === "sda" ? values : values.map((v) => v / 100) };
  } else if (o.defaultVectorUnit !== undefined) {
    throw new InvalidInputError("--default-vector-unit", "needs --default-vector");
  } else if (o.sda !== undefined) rate = { kind: "sda", sda: numberOption("sda", o.sda, RANGES.curvePercent) };
  else if (o.cdr !== undefined) rate = { kind: "cdr", cdr: numberOption("cdr", o.cdr, RANGES.percentOfBalance) / 100 };
  else if (o.mdr !== undefined) rate = { kind: "mdr", mdr: numberOption("mdr", o.mdr, RANGES.percentOfBalance) / 100 };
  else {
    const stray = (["severity", "lag"] as const).filter((k) => o[k] !== undefined).map((k) => `--${k}`);
    if (o.advance) stray.push("--advance");
    if (stray.length > 0) throw new InvalidInputError(stray[0] as string, `has no effect without a default rate: give --sda, --cdr, --mdr or --default-vector`);
    return undefined;
  }
  return {
    rate,
    severity: numberOption("severity", o.severity, RANGES.percentOfBalance, 0) / 100,
    lagMonths: numberOption("lag", o.lag, RANGES.months, 0),
    advance: o.advance,
  };
}

/**
 * Checks that the inputs make a meaningful projection, in the options' terms: an error when they
 * cannot (every default would be dropped), a warning when they are doubtful (values that would
 * go unused, a speed that prepays the whole pool).
 */
export function reviewProjection(pool: PoolTerms, defaults: DefaultAssumption | undefined, prepay?: PrepaySpec): string[] {
  const warnings: string[] = [];
  const resolved = resolvePool(pool);
  const wam = resolved.wam;
  if (prepay !== undefined) {
    if (prepay.kind === "vector" && prepay.values.length > wam) {
      warnings.push(`--vector has ${prepay.values.length} monthly values but the pool has ${wam} months left: the last ${prepay.values.length - wam} are not used`);
    }
    const smm = smmVector(prepay, wam, resolved.startAge);
    const whole = smm.findIndex((x) => x >= 1);
    if (whole >= 0 && whole < wam - 1) warnings.push(`the prepayment speed reaches 100 % CPR in month ${whole + 1}: the whole pool prepays then`);
  }
  if (defaults === undefined) return warnings;
  if (defaults.lagMonths >= wam) {
    throw new InvalidInputError("--lag", `${defaults.lagMonths} months leaves no month for defaults: the Standard Formulas generate none in the last --lag months (SF-19 j), and the pool has ${wam} months left (--wam)`);
  }
  const defaultMonths = wam - defaults.lagMonths;
  if (defaults.rate.kind === "vector" && defaults.rate.values.length > defaultMonths) {
    warnings.push(`--default-vector has ${defaults.rate.values.length} monthly values but defaults can occur only in the first ${defaultMonths} months (${wam} months left less --lag ${defaults.lagMonths}): the rest are not used`);
  }
  if (defaults.severity === 0) warnings.push("--severity is 0 %: defaulted loans are recovered in full, so the defaults cause no loss");
  if (defaults.lagMonths > wam / 2) warnings.push(`--lag ${defaults.lagMonths} months stops new defaults for more than half the remaining ${wam} months`);
  return warnings;
}

export interface CashflowsResult {
  pool: PoolTerms;
  prepay: PrepaySpec;
  defaults: DefaultAssumption | undefined;
  summary: { months: number; wal: number; totalPrincipal: number; totalInterest: number; totalLoss: number; totalDefaults: number };
  rows: CashFlowRow[];
}

export function runCashflows(pool: PoolTerms, prepay: PrepaySpec, defaults?: DefaultAssumption): CashflowsResult & { table: CashFlowTable } {
  const table = projectPassThrough(pool, defaults ? { prepay, defaults } : { prepay });
  return {
    pool, prepay, defaults, table,
    summary: {
      months: table.months,
      wal: averageLifeYears(table),
      totalPrincipal: columnSum(table, "totalPrincipal"),
      totalInterest: columnSum(table, "netInterest"),
      totalLoss: columnSum(table, "loss"),
      totalDefaults: columnSum(table, "newDefaults"),
    },
    rows: tableRows(table),
  };
}

/** The unit convention of command output (text and JSON): the command line's own units. */
export const OUTPUT_UNITS = {
  money: "currency units",
  rates: "% (coupon, CPR, SMM, MDR, CDR, ABS, severity, yields, returns)",
  curves: "% of the curve (PSA, SDA, HEP, MHP, PPC)",
  spreads: "bp",
  prices: "per 100 of current face",
  time: "years (WAL, durations); months (terms, ages, lags); days (delay)",
  factors: "decimal (balance / original balance), as published",
  convexity: "years² ÷ 100, as the Standard Formulas print it (0.544326)",
} as const;

const pct = (x: number) => x * 100;

/** A prepayment assumption as the command line states it (percent), for output. */
export function prepayForOutput(spec: PrepaySpec): Record<string, unknown> {
  switch (spec.kind) {
    case "psa": return { psa: spec.psa };
    case "cpr": return { cpr: pct(spec.cpr) };
    case "smm": return { smm: pct(spec.smm) };
    case "abs": return { abs: pct(spec.abs) };
    case "hep": return { hep: spec.hep };
    case "mhp": return { mhp: spec.mhp };
    case "ppc": return { ppc: spec.ppc, ...(spec.curve ? { ppcCurve: { startCpr: pct(spec.curve.startCpr), peakCpr: pct(spec.curve.peakCpr), peakMonth: spec.curve.peakMonth } } : {}) };
    case "vector": return { vector: spec.unit === "psa" ? [...spec.values] : spec.values.map(pct), vectorUnit: spec.unit };
  }
}

/** A default assumption as the command line states it (percent, months), for output. */
export function defaultsForOutput(d: DefaultAssumption): Record<string, unknown> {
  const r = d.rate;
  const rate = r.kind === "sda" ? { sda: r.sda } : r.kind === "cdr" ? { cdr: pct(r.cdr) } : r.kind === "mdr" ? { mdr: pct(r.mdr) }
    : { defaultVector: r.unit === "sda" ? [...r.values] : r.values.map(pct), defaultVectorUnit: r.unit };
  return { ...rate, severity: pct(d.severity), lag: d.lagMonths, advance: d.advance };
}

export function poolForOutput(pool: PoolTerms): Record<string, number> {
  const p = resolvePool(pool);
  return { balance: p.balance, wac: pct(p.grossWac), net: pct(p.passThroughRate), term: p.originalTerm, wam: p.wam, age: p.startAge };
}

const RATE_COLUMNS = new Set<string>(["smm", "mdr"]);

/** `mbs cashflows --json`: inputs echoed in option units, SMM/MDR in percent, money in currency units. */
export function cashflowsForOutput(r: CashflowsResult): Record<string, unknown> {
  return {
    units: OUTPUT_UNITS,
    pool: poolForOutput(r.pool),
    prepay: prepayForOutput(r.prepay),
    defaults: r.defaults === undefined ? null : defaultsForOutput(r.defaults),
    summary: r.summary,
    rows: r.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, RATE_COLUMNS.has(k) ? pct(v) : v]))),
  };
}

/** Whole currency units with thousands separators; rates to the digits the standard prints. */
const money = (x: number) => Math.round(x).toLocaleString("en-US");

export function formatCashflows(result: CashflowsResult): string {
  const withDefaults = result.defaults !== undefined;
  const columns: [string, (r: CashFlowRow) => string][] = [
    ["month", (r) => String(r.month)],
    ["balance", (r) => money(r.beginningBalance)],
    ["SMM %", (r) => pct(r.smm).toFixed(4)],
    ["payment", (r) => money(r.scheduledPayment)],
    ["net interest", (r) => money(r.netInterest)],
    ["fee", (r) => money(r.servicingFee)],
    ["sched principal", (r) => money(r.scheduledPrincipal)],
    ["prepayment", (r) => money(r.prepayment)],
    ...(withDefaults ? [
      ["MDR %", (r: CashFlowRow) => pct(r.mdr).toFixed(4)],
      ["new defaults", (r: CashFlowRow) => money(r.newDefaults)],
      ["foreclosure", (r: CashFlowRow) => money(r.foreclosureBalance)],
      ["expected int", (r: CashFlowRow) => money(r.expectedInterest)],
      ["lost int", (r: CashFlowRow) => money(r.lostInterest)],
      ["actual int", (r: CashFlowRow) => money(r.actualInterest)],
      ["defaulted amort", (r: CashFlowRow) => money(r.defaultedAmortization)],
      ["liquidated", (r: CashFlowRow) => money(r.liquidation)],
      ["recovery", (r: CashFlowRow) => money(r.recovery)],
      ["loss", (r: CashFlowRow) => money(r.loss)],
    ] as [string, (r: CashFlowRow) => string][] : []),
    ["total principal", (r) => money(r.totalPrincipal)],
    ["cash flow", (r) => money(r.cashFlow)],
    ["end balance", (r) => money(r.endingBalance)],
  ];
  const cells = [columns.map(([h]) => h), ...result.rows.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, c) => Math.max(...cells.map((row) => (row[c] as string).length)));
  const lines = cells.map((row) => row.map((cell, c) => cell.padStart(widths[c] as number)).join("  "));
  const s = result.summary;
  lines.push("", `WAL ${s.wal.toFixed(2)} years · principal ${money(s.totalPrincipal)} · net interest ${money(s.totalInterest)}` +
    (withDefaults ? ` · defaults ${money(s.totalDefaults)} · losses ${money(s.totalLoss)}` +
      ` · ${(result.defaults as DefaultAssumption).advance ? "P&I advanced: net interest = expected interest" : "P&I not advanced: net interest = actual interest"}` : ""));
  return lines.join("\n");
}

export interface PricingOptions {
  settle: OptionText;
  delay: OptionText;
  price: OptionText;
  yield: OptionText;
  /** Benchmark curve "years:yield%,…" for the nominal spread at the WAL. */
  curve: OptionText;
  /** Yield shift for effective duration and convexity, basis points. */
  shift: OptionText;
}

/**
 * Runs library code whose errors name its own inputs, renaming them to the options they came from
 * (the units are the same: prices per 100, months) so that the user reads `--price: …`.
 */
export function asOptions<T>(names: Record<string, string>, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof InvalidInputError && Object.hasOwn(names, error.input)) {
      throw new InvalidInputError(names[error.input] as string, error.reason, { ...error.details, input: names[error.input] });
    }
    throw error;
  }
}

/** `--delay` everywhere: actual payment delay in days, 24 (Fannie Mae) unless given. */
export const DEFAULT_DELAY_DAYS = 24;

/** `--settle` (required, YYYY-MM-DD) and `--delay` (days, default 24), the same in every command. */
export function settlementFromOptions(o: { settle: OptionText; delay: OptionText }): { settlement: CalendarDate; delayDays: number } {
  if (o.settle === undefined) throw new InvalidInputError("--settle", "is required (settlement date, YYYY-MM-DD)");
  return { settlement: parseDate("--settle", o.settle), delayDays: numberOption("delay", o.delay, RANGES.days, DEFAULT_DELAY_DAYS) };
}

export interface PricingResult {
  settlement: string;
  delayDays: number;
  price: number;
  accrued: number;
  fullPrice: number;
  /** Bond-equivalent yield, percent. */
  yield: number;
  /** Monthly cash-flow yield × 12, percent (the standard's "mortgage yield"). */
  mortgageYield: number;
  risk: RiskMeasures;
  effective: EffectiveMeasures;
  /**
   * What the effective measures reprice: the same cash flows at Y ± shift ("fixed"), or cash flows
   * reprojected at the shifted rates by the prepayment model ("reprojected", `--reproject`).
   */
  effectiveCashFlows: "fixed" | "reprojected";
  /** Nominal spread to the benchmark at the WAL, basis points; absent without --curve. */
  spreadBp?: number;
}

export function parseCurve(text: string, option = "curve"): CurvePoint[] {
  return text.split(",").map((pair, i) => {
    const [years, rate] = pair.split(":");
    if (years === undefined || rate === undefined) {
      throw new InvalidInputError(`--${option} point ${i + 1}`, `expected years:rate %, got ${JSON.stringify(pair)}`);
    }
    return { years: parseNumberOption(`${option} point ${i + 1} years`, years), rate: parseNumberOption(`${option} point ${i + 1} rate`, rate) / 100 };
  });
}

/**
 * Prices from a yield or solves the yield from a price (exactly one of them) for projected flows.
 * `reproject(shift)`, when given, supplies the cash flows at a yield shift for the effective measures.
 */
export function runPricing(table: CashFlowTable, coupon: number, o: PricingOptions, reproject?: (shift: number) => CashFlowTable): PricingResult {
  if ((o.price === undefined) === (o.yield === undefined)) throw new InvalidInputError("price/yield", "give exactly one of --price and --yield");
  const { settlement, delayDays } = settlementFromOptions(o);
  const prepare = (t: CashFlowTable) => preparePricing({
    cashFlow: t.cashFlow, principal: t.totalPrincipal, face: t.beginningBalance[0] as number,
    coupon, settlement, delayDays,
  });
  const p = prepare(table);
  const bey = o.yield !== undefined
    ? numberOption("yield", o.yield, { unit: "%", min: -100, max: 1000 }) / 100
    : asOptions({ price: "--price" }, () => yieldFromPrice(p, numberOption("price", o.price, RANGES.money)));
  const price = o.price !== undefined ? parseNumberOption("price", o.price) : priceFromYield(p, bey);
  const risk = riskMeasures(p, bey);
  const shift = numberOption("shift", o.shift, { unit: "bp", min: 0, minExclusive: true, max: 1000 }, 25) / 10_000;
  const result: PricingResult = {
    settlement: o.settle as string, delayDays, price, accrued: p.accrued, fullPrice: price + p.accrued,
    yield: bey * 100, mortgageYield: monthlyFromBey(bey) * 1200, risk,
    effective: effectiveMeasures(p, bey, shift, reproject && ((s) => prepare(reproject(s)))),
    effectiveCashFlows: reproject ? "reprojected" : "fixed",
  };
  if (o.curve !== undefined) result.spreadBp = spreadToCurve(bey, risk.wal, parseCurve(o.curve)) * 10_000;
  return result;
}

/** `mbs price|yield --json`: yields in percent, convexities ÷ 100 like the table and the standard. */
export function pricingForOutput(r: PricingResult): Record<string, unknown> {
  return {
    units: OUTPUT_UNITS,
    ...r,
    risk: { ...r.risk, convexity: r.risk.convexity / 100 },
    effective: { ...r.effective, effectiveConvexity: r.effective.effectiveConvexity / 100 },
  };
}

export function formatPricing(r: PricingResult): string {
  const lines = [
    ["settlement", `${r.settlement} (delay ${r.delayDays} days)`],
    ["price", r.price.toFixed(6)],
    ["accrued", r.accrued.toFixed(6)],
    ["full price", r.fullPrice.toFixed(6)],
    ["yield (BEY)", `${r.yield.toFixed(5)} %`],
    ["mortgage yield", `${r.mortgageYield.toFixed(5)} %`],
    ["WAL", `${r.risk.wal.toFixed(5)} years`],
    ["Macaulay duration", r.risk.macaulayDuration.toFixed(5)],
    ["modified duration", r.risk.modifiedDuration.toFixed(5)],
    ["convexity (÷100)", (r.risk.convexity / 100).toFixed(6)],
    [`effective duration (${r.effectiveCashFlows} CF)`, r.effective.effectiveDuration.toFixed(5)],
    [`effective convexity (${r.effectiveCashFlows} CF, ÷100)`, (r.effective.effectiveConvexity / 100).toFixed(6)],
    ...(r.spreadBp === undefined ? [] : [["spread to curve", `${r.spreadBp.toFixed(1)} bp`]]),
  ];
  const width = Math.max(...lines.map(([k]) => (k as string).length));
  return lines.map(([k, v]) => `${(k as string).padEnd(width)}  ${v}`).join("\n");
}

export interface FactorPoint {
  /** Loan age in months (payments made) at the factor. */
  age: number;
  factor: number;
}

/** A factor history file: `age,factor` per line, optional header, `#` comments, any order. */
export function parseFactorHistory(file: string, text: string): FactorPoint[] {
  const points: FactorPoint[] = [];
  const issues: LocatedIssue[] = [];
  let first = true;
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/#.*/, "").trim();
    if (content === "") return;
    // A header is allowed on the first line that is not a comment.
    const isHeader = first && /[a-z]/i.test(content);
    first = false;
    if (isHeader) return;
    const [ageText, factorText, ...rest] = content.split(/[\s,;|]+/);
    const line = index + 1;
    const age = Number(ageText);
    const factor = Number(factorText);
    if (rest.length > 0 || factorText === undefined) {
      issues.push({ file, line, reason: "expected two fields: age,factor" });
    } else if (!Number.isInteger(age) || age < 0) {
      issues.push({ file, line, field: "age", value: ageText, reason: "not a whole number of months" });
    } else if (!Number.isFinite(factor) || factor < 0 || factor > 1) {
      issues.push({ file, line, field: "factor", value: factorText, reason: "not a factor between 0 and 1" });
    } else {
      points.push({ age, factor });
    }
  });
  if (issues.length > 0) throw new ValidationError(file, issues);
  if (points.length < 2) throw new InvalidInputError(file, "needs at least two factors");
  points.sort((a, b) => a.age - b.age);
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as FactorPoint).age === (points[i - 1] as FactorPoint).age) {
      throw new InvalidInputError(file, `two factors for age ${(points[i] as FactorPoint).age}`);
    }
  }
  return points;
}

export interface SpeedRow extends MeasuredSpeed {
  fromAge: number;
  toAge: number;
  /** SF-13 ABS speed over the interval, decimal. */
  abs: number;
}

export interface SpeedResult {
  periods: SpeedRow[];
  /** The whole history as one interval: average SMM/CPR and the pool-average PSA. */
  overall: SpeedRow;
}

/** Speeds between consecutive factors and over the whole history. `loanAgeOffset` = loan age − schedule age. */
export function runSpeed(points: readonly FactorPoint[], annualRate: number, termMonths: number, loanAgeOffset = 0): SpeedResult {
  const measure = (a: FactorPoint, b: FactorPoint): SpeedRow => {
    const observation = { factor1: a.factor, factor2: b.factor, age1: a.age, age2: b.age, loanAge1: a.age + loanAgeOffset, annualRate, termMonths };
    return { fromAge: a.age, toAge: b.age, ...speedFromFactors(observation), abs: absFromFactors(observation) };
  };
  const periods: SpeedRow[] = [];
  for (let i = 1; i < points.length; i++) periods.push(measure(points[i - 1] as FactorPoint, points[i] as FactorPoint));
  return { periods, overall: measure(points[0] as FactorPoint, points[points.length - 1] as FactorPoint) };
}

export function formatSpeed(r: SpeedResult): string {
  const row = (label: string, s: SpeedRow) =>
    [label, s.scheduledFactor.toFixed(8), pct(s.smm).toFixed(6), pct(s.cpr).toFixed(4), s.psa.toFixed(2), pct(s.abs).toFixed(4)];
  const cells = [
    ["ages", "sched factor", "SMM %", "CPR %", "PSA %", "ABS %"],
    ...r.periods.map((s) => row(`${s.fromAge}→${s.toAge}`, s)),
    row(`all ${r.overall.fromAge}→${r.overall.toAge}`, r.overall),
  ];
  const widths = (cells[0] as string[]).map((_, c) => Math.max(...cells.map((x) => (x[c] as string).length)));
  return cells.map((x) => x.map((cell, c) => cell.padStart(widths[c] as number)).join("  ")).join("\n");
}

const speedRowForOutput = (s: SpeedRow) => ({
  fromAge: s.fromAge, toAge: s.toAge, scheduledFactor: s.scheduledFactor, smm: pct(s.smm), cpr: pct(s.cpr), psa: s.psa, abs: pct(s.abs),
});

/** `mbs speed --json`: SMM, CPR and ABS in percent, PSA in % of the curve, factors as decimals. */
export function speedForOutput(r: SpeedResult): Record<string, unknown> {
  return { units: OUTPUT_UNITS, periods: r.periods.map(speedRowForOutput), overall: speedRowForOutput(r.overall) };
}

/**
 * A pools file for the average speed (SF-11): `pool,face,wac,term,age1,factor1,age2,factor2` per
 * line (WAC in percent, ages in months of loan age), optional header, `#` comments. Every problem
 * is reported with its line; nothing is averaged from a file with a bad line.
 */
export function parsePoolsFile(file: string, text: string): PoolFactorObservation[] {
  const pools: PoolFactorObservation[] = [];
  const issues: LocatedIssue[] = [];
  const names = ["pool", "face", "wac", "term", "age1", "factor1", "age2", "factor2"] as const;
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/#.*/, "").trim();
    if (content === "" || (index === 0 && /^pool\b/i.test(content))) return;
    const line = index + 1;
    const cells = content.split(/\s*[,;|\t]\s*/);
    if (cells.length !== names.length) {
      issues.push({ file, line, reason: `expected ${names.length} fields (${names.join(",")}), got ${cells.length}` });
      return;
    }
    const n = (i: number) => Number(cells[i]);
    const checks: [number, boolean, string][] = [
      [1, n(1) > 0, "not a positive original face"],
      [2, n(2) >= 0 && n(2) < 100, "not a coupon in percent (0 to below 100)"],
      [3, Number.isInteger(n(3)) && n(3) >= 1, "not a whole number of months"],
      [4, Number.isInteger(n(4)) && n(4) >= 0, "not a whole number of months"],
      [5, n(5) > 0 && n(5) <= 1, "not a factor in (0, 1]"],
      [6, Number.isInteger(n(6)) && n(6) > n(4) && n(6) < n(3), "not a loan age after age1 and before the term"],
      [7, n(7) >= 0 && n(7) <= n(5), "not a factor between 0 and factor1"],
    ];
    const bad = checks.filter(([, ok]) => !ok);
    for (const [i, , reason] of bad) issues.push({ file, line, field: names[i] as string, value: cells[i] as string, reason });
    if (bad.length === 0) {
      pools.push({ pool: cells[0] as string, originalFace: n(1), annualRate: n(2) / 100, termMonths: n(3), age1: n(4), factor1: n(5), age2: n(6), factor2: n(7) });
    }
  });
  if (issues.length > 0) throw new ValidationError(file, issues);
  if (pools.length === 0) throw new InvalidInputError(file, "lists no pools");
  return pools;
}

/** `mbs speed --pools --json`: the average in option units. */
export function averageSpeedForOutput(a: AverageSpeed): Record<string, unknown> {
  return { units: OUTPUT_UNITS, ...a, smm: pct(a.smm), cpr: pct(a.cpr) };
}

export function formatAverageSpeed(a: AverageSpeed): string {
  const lines: [string, string][] = [
    ["pools", String(a.pools)],
    ["months", String(a.months)],
    ["start balance", money(a.startBalance)],
    ["scheduled balance", money(a.scheduledBalance)],
    ["end balance", money(a.endBalance)],
    ["average SMM", `${pct(a.smm).toFixed(6)} %`],
    ["average CPR", `${pct(a.cpr).toFixed(4)} %`],
    ["average PSA (iterated)", `${a.psa.toFixed(2)} %`],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

export interface TotalReturnOptions {
  settle: OptionText;
  delay: OptionText;
  price: OptionText;
  horizon: OptionText;
  reinvest: OptionText;
  horizonPrice: OptionText;
  horizonYield: OptionText;
}

export interface TotalReturnResult {
  settlement: string;
  delayDays: number;
  horizonMonths: number;
  price: number;
  /** Percent. */
  purchaseYield: number;
  /** Percent. */
  reinvestmentRate: number;
  years: number;
  fullPrice: number;
  horizonFactor: number;
  horizonPrice: number;
  /** Percent. */
  horizonYield: number;
  reinvestedCashFlows: number;
  saleProceeds: number;
  terminalValue: number;
  /** Percent, bond-equivalent. */
  totalReturn: number;
  /** Percent. */
  totalPercentageReturn: number;
}

/** `mbs total-return`: the horizon sale at `--horizon-price`, or at `--horizon-yield` (default: the purchase yield). */
export function runTotalReturn(table: CashFlowTable, coupon: number, o: TotalReturnOptions): TotalReturnResult {
  const { settlement, delayDays } = settlementFromOptions(o);
  const price = numberOption("price", o.price, RANGES.money);
  const horizonMonths = numberOption("horizon", o.horizon, { ...RANGES.term, max: table.months - 1 });
  const reinvest = numberOption("reinvest", o.reinvest, { unit: "%", min: -100, max: 100 });
  if (o.horizonPrice !== undefined && o.horizonYield !== undefined) throw new InvalidInputError("--horizon-price", "give --horizon-price or --horizon-yield, not both");
  const pricing = preparePricing({ cashFlow: table.cashFlow, principal: table.totalPrincipal, face: table.beginningBalance[0] as number, coupon, settlement, delayDays });
  const purchaseYield = asOptions({ price: "--price" }, () => yieldFromPrice(pricing, price));
  const sale = o.horizonPrice !== undefined
    ? { horizonPrice: numberOption("horizon-price", o.horizonPrice, RANGES.money) }
    : { horizonYield: o.horizonYield === undefined ? purchaseYield : numberOption("horizon-yield", o.horizonYield, { unit: "%", min: -100, max: 100 }) / 100 };
  const r = asOptions({ "horizon price": "--horizon-price", price: "--price", horizon: "--horizon" },
    () => totalReturn({ pricing, price, horizonMonths, reinvestmentRate: reinvest / 100, ...sale }));
  return {
    settlement: o.settle as string, delayDays, horizonMonths, price, purchaseYield: pct(purchaseYield), reinvestmentRate: reinvest,
    years: r.years, fullPrice: r.fullPrice, horizonFactor: r.horizonFactor, horizonPrice: r.horizonPrice, horizonYield: pct(r.horizonYield),
    reinvestedCashFlows: r.reinvestedCashFlows, saleProceeds: r.saleProceeds, terminalValue: r.terminalValue,
    totalReturn: pct(r.totalReturnBey), totalPercentageReturn: pct(r.totalPercentageReturn),
  };
}

export function formatTotalReturn(r: TotalReturnResult): string {
  const lines: [string, string][] = [
    ["settlement", `${r.settlement} (delay ${r.delayDays} days)`],
    ["horizon", `${r.horizonMonths} months (${r.years.toFixed(4)} years)`],
    ["purchase price / full price", `${r.price.toFixed(6)} / ${r.fullPrice.toFixed(6)}`],
    ["purchase yield (BEY)", `${r.purchaseYield.toFixed(5)} %`],
    ["reinvestment rate", `${r.reinvestmentRate.toFixed(4)} %`],
    ["horizon factor", r.horizonFactor.toFixed(8)],
    ["horizon price", r.horizonPrice.toFixed(6)],
    ["horizon yield (BEY)", `${r.horizonYield.toFixed(5)} %`],
    ["reinvested cash flows", r.reinvestedCashFlows.toFixed(6)],
    ["sale proceeds", r.saleProceeds.toFixed(6)],
    ["terminal value PT", r.terminalValue.toFixed(4)],
    ["total return (BEY)", `${r.totalReturn.toFixed(3)} %`],
    ["total percentage return", `${r.totalPercentageReturn.toFixed(3)} %`],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
