import { InvalidInputError, MbsError, ValidationError } from "../errors.js";
import type { LocatedIssue } from "../errors.js";
import { parseDate } from "./dates.js";
import type { DefaultAssumption } from "./defaults.js";
import { averageLifeYears, columnSum, projectPassThrough, tableRows } from "./passthrough.js";
import type { CashFlowRow, CashFlowTable } from "./passthrough.js";
import type { PoolTerms } from "./pool.js";
import { effectiveMeasures, riskMeasures, spreadToCurve } from "./risk.js";
import type { CurvePoint, EffectiveMeasures, RiskMeasures } from "./risk.js";
import { speedFromFactors } from "./speeds.js";
import type { DefaultSpec, MeasuredSpeed, PrepaySpec } from "./speeds.js";
import { monthlyFromBey, preparePricing, priceFromYield, yieldFromPrice } from "./yield.js";

/**
 * What the `mbs cashflows | price | yield | speed` commands do, as functions of their option
 * strings, so tests drive exactly what the command line runs. Command-line units are the market's:
 * rates, speeds and yields in percent, severity in percent, money in currency units.
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

function optionalNumber(name: string, text: OptionText): number | undefined {
  return text === undefined ? undefined : parseNumberOption(name, text);
}

function requiredNumber(name: string, text: OptionText): number {
  if (text === undefined) throw new InvalidInputError(`--${name}`, "is required");
  return parseNumberOption(name, text);
}

export interface PoolOptions {
  balance: OptionText;
  wac: OptionText;
  net: OptionText;
  term: OptionText;
  wam: OptionText;
  age: OptionText;
}

export function poolFromOptions(o: PoolOptions): PoolTerms {
  const wac = requiredNumber("wac", o.wac) / 100;
  const pool: PoolTerms = {
    balance: requiredNumber("balance", o.balance),
    grossWac: wac,
    passThroughRate: o.net === undefined ? wac : parseNumberOption("net", o.net) / 100,
    originalTerm: o.term === undefined ? 360 : parseNumberOption("term", o.term),
  };
  const wam = optionalNumber("wam", o.wam);
  const age = optionalNumber("age", o.age);
  if (wam !== undefined) pool.wam = wam;
  if (age !== undefined) pool.age = age;
  return pool;
}

export interface SpeedOptions {
  psa: OptionText;
  cpr: OptionText;
  smm: OptionText;
  /** Contents of the vector file and its name, when `--vector` was given. */
  vector?: { file: string; text: string };
  vectorUnit: OptionText;
}

/** Exactly one of --psa, --cpr, --smm, --vector; none means 100 % PSA. */
export function prepayFromOptions(o: SpeedOptions): PrepaySpec {
  const given = (["psa", "cpr", "smm"] as const).filter((k) => o[k] !== undefined);
  if (given.length + (o.vector ? 1 : 0) > 1) {
    throw new InvalidInputError("speed", `give one of --psa, --cpr, --smm, --vector (got ${[...given, ...(o.vector ? ["vector"] : [])].join(", ")})`);
  }
  if (o.vector) {
    const unit = o.vectorUnit ?? "cpr";
    if (unit !== "psa" && unit !== "cpr" && unit !== "smm") {
      throw new InvalidInputError("--vector-unit", `must be psa, cpr or smm, got ${JSON.stringify(unit)}`);
    }
    const values = parseVector(o.vector.file, o.vector.text);
    return { kind: "vector", unit, values: unit === "psa" ? values : values.map((v) => v / 100) };
  }
  if (o.cpr !== undefined) return { kind: "cpr", cpr: parseNumberOption("cpr", o.cpr) / 100 };
  if (o.smm !== undefined) return { kind: "smm", smm: parseNumberOption("smm", o.smm) / 100 };
  return { kind: "psa", psa: o.psa === undefined ? 100 : parseNumberOption("psa", o.psa) };
}

/**
 * A speed vector file: numbers separated by newlines, commas or spaces, one per projection month
 * (in percent, or % PSA); `#` starts a comment. The last value repeats past the end.
 */
export function parseVector(file: string, text: string): number[] {
  const values: number[] = [];
  const issues: LocatedIssue[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/#.*/, "").trim();
    if (content === "") return;
    for (const token of content.split(/[\s,;]+/)) {
      const value = Number(token);
      if (!Number.isFinite(value) || value < 0) {
        issues.push({ file, line: index + 1, field: "speed", value: token, reason: "not a non-negative number" });
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
  severity: OptionText;
  lag: OptionText;
  advance: boolean;
}

/** Undefined when neither --sda nor --cdr is given (no defaults). */
export function defaultsFromOptions(o: DefaultOptions): DefaultAssumption | undefined {
  if (o.sda !== undefined && o.cdr !== undefined) throw new InvalidInputError("defaults", "give --sda or --cdr, not both");
  let rate: DefaultSpec;
  if (o.sda !== undefined) rate = { kind: "sda", sda: parseNumberOption("sda", o.sda) };
  else if (o.cdr !== undefined) rate = { kind: "cdr", cdr: parseNumberOption("cdr", o.cdr) / 100 };
  else return undefined;
  return {
    rate,
    severity: o.severity === undefined ? 0 : parseNumberOption("severity", o.severity) / 100,
    lagMonths: o.lag === undefined ? 0 : parseNumberOption("lag", o.lag),
    advance: o.advance,
  };
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

/** Whole currency units with thousands separators; rates to the digits the standard prints. */
const money = (x: number) => Math.round(x).toLocaleString("en-US");

export function formatCashflows(result: CashflowsResult): string {
  const withDefaults = result.defaults !== undefined;
  const columns: [string, (r: CashFlowRow) => string][] = [
    ["month", (r) => String(r.month)],
    ["balance", (r) => money(r.beginningBalance)],
    ["SMM", (r) => r.smm.toFixed(5)],
    ["payment", (r) => money(r.scheduledPayment)],
    ["net interest", (r) => money(r.netInterest)],
    ["fee", (r) => money(r.servicingFee)],
    ["sched principal", (r) => money(r.scheduledPrincipal)],
    ["prepayment", (r) => money(r.prepayment)],
    ...(withDefaults ? [
      ["MDR", (r: CashFlowRow) => r.mdr.toFixed(5)],
      ["new defaults", (r: CashFlowRow) => money(r.newDefaults)],
      ["foreclosure", (r: CashFlowRow) => money(r.foreclosureBalance)],
      ["defaulted amort", (r: CashFlowRow) => money(r.defaultedAmortization)],
      ["recovery", (r: CashFlowRow) => money(r.recovery)],
      ["loss", (r: CashFlowRow) => money(r.loss)],
      ["lost interest", (r: CashFlowRow) => money(r.lostInterest)],
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
    (withDefaults ? ` · defaults ${money(s.totalDefaults)} · losses ${money(s.totalLoss)}` : ""));
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

export function parseCurve(text: string): CurvePoint[] {
  return text.split(",").map((pair, i) => {
    const [years, rate] = pair.split(":");
    if (years === undefined || rate === undefined) {
      throw new InvalidInputError(`--curve point ${i + 1}`, `expected years:yield%, got ${JSON.stringify(pair)}`);
    }
    return { years: parseNumberOption(`curve point ${i + 1} years`, years), rate: parseNumberOption(`curve point ${i + 1} yield`, rate) / 100 };
  });
}

/**
 * Prices from a yield or solves the yield from a price (exactly one of them) for projected flows.
 * `reproject(shift)`, when given, supplies the cash flows at a yield shift for the effective measures.
 */
export function runPricing(table: CashFlowTable, coupon: number, o: PricingOptions, reproject?: (shift: number) => CashFlowTable): PricingResult {
  if (o.settle === undefined) throw new InvalidInputError("--settle", "is required (YYYY-MM-DD)");
  if ((o.price === undefined) === (o.yield === undefined)) throw new InvalidInputError("price/yield", "give exactly one of --price and --yield");
  const settlement = parseDate("--settle", o.settle);
  const delayDays = o.delay === undefined ? 24 : parseNumberOption("delay", o.delay);
  const prepare = (t: CashFlowTable) => preparePricing({
    cashFlow: t.cashFlow, principal: t.totalPrincipal, face: t.beginningBalance[0] as number,
    coupon, settlement, delayDays,
  });
  const p = prepare(table);
  const bey = o.yield !== undefined ? parseNumberOption("yield", o.yield) / 100 : yieldFromPrice(p, parseNumberOption("price", o.price as string));
  const price = o.price !== undefined ? parseNumberOption("price", o.price) : priceFromYield(p, bey);
  const risk = riskMeasures(p, bey);
  const shift = o.shift === undefined ? 0.0025 : parseNumberOption("shift", o.shift) / 10_000;
  const result: PricingResult = {
    settlement: o.settle, delayDays, price, accrued: p.accrued, fullPrice: price + p.accrued,
    yield: bey * 100, mortgageYield: monthlyFromBey(bey) * 1200, risk,
    effective: effectiveMeasures(p, bey, shift, reproject && ((s) => prepare(reproject(s)))),
    effectiveCashFlows: reproject ? "reprojected" : "fixed",
  };
  if (o.curve !== undefined) result.spreadBp = spreadToCurve(bey, risk.wal, parseCurve(o.curve)) * 10_000;
  return result;
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
  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.replace(/#.*/, "").trim();
    if (content === "" || (index === 0 && /[a-z]/i.test(content))) return;
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
}

export interface SpeedResult {
  periods: SpeedRow[];
  /** The whole history as one interval: average SMM/CPR and the pool-average PSA. */
  overall: SpeedRow;
}

/** Speeds between consecutive factors and over the whole history. `loanAgeOffset` = loan age − schedule age. */
export function runSpeed(points: readonly FactorPoint[], annualRate: number, termMonths: number, loanAgeOffset = 0): SpeedResult {
  const measure = (a: FactorPoint, b: FactorPoint): SpeedRow => ({
    fromAge: a.age, toAge: b.age,
    ...speedFromFactors({ factor1: a.factor, factor2: b.factor, age1: a.age, age2: b.age, loanAge1: a.age + loanAgeOffset, annualRate, termMonths }),
  });
  const periods: SpeedRow[] = [];
  for (let i = 1; i < points.length; i++) periods.push(measure(points[i - 1] as FactorPoint, points[i] as FactorPoint));
  return { periods, overall: measure(points[0] as FactorPoint, points[points.length - 1] as FactorPoint) };
}

export function formatSpeed(r: SpeedResult): string {
  const row = (label: string, s: SpeedRow) =>
    [label, s.scheduledFactor.toFixed(8), (100 * s.smm).toFixed(6), (100 * s.cpr).toFixed(4), s.psa.toFixed(2)];
  const cells = [
    ["ages", "sched factor", "SMM %", "CPR %", "PSA %"],
    ...r.periods.map((s) => row(`${s.fromAge}→${s.toAge}`, s)),
    row(`all ${r.overall.fromAge}→${r.overall.toAge}`, r.overall),
  ];
  const widths = (cells[0] as string[]).map((_, c) => Math.max(...cells.map((x) => (x[c] as string).length)));
  return cells.map((x) => x.map((cell, c) => cell.padStart(widths[c] as number)).join("  ")).join("\n");
}

/**
 * Runs a command body: an MbsError (bad input) prints its message to stderr and sets a non-zero
 * exit code instead of a stack trace; anything else is a bug and propagates.
 */
export async function reportingInputErrors(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof MbsError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
