import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskArguments, TaskDefinition } from "hardhat/types/tasks";

/**
 * `mbs cashflows | price | yield | total-return | speed | prepay-fit | oas | deal-cashflows`:
 * SIFMA standard-formula analytics from the command line. One vocabulary for every analytics
 * command (docs/analytics.md, "Options"): the same option has the same name, unit and default
 * wherever it appears. Units: percent for rates, yields, CPR/SMM/MDR/CDR/ABS and severity;
 * percent of the curve for PSA/SDA/HEP/MHP/PPC; basis points for spreads and shifts; months for
 * terms, ages and lags; days for the payment delay; money in currency units; prices per 100 of
 * current face. Numeric options are read as text so that a missing option is distinguishable
 * from 0 and a typo is reported with the option's name.
 */

const text = <N extends string>(name: N, description: string) =>
  ({ name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined }) as const;
const file = <N extends string>(name: N, description: string) =>
  ({ name, description, type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined }) as const;

/** The analytics option vocabulary: one description (unit and default) per option name. */
export const ANALYTICS_OPTIONS = {
  balance: "Current pool balance, currency units (required)",
  wac: "Gross weighted-average coupon, % (required)",
  net: "Pass-through (net) rate, % (default: the WAC)",
  term: "Original term, months (default 360)",
  wam: "Weighted-average remaining maturity, months (default: term − age)",
  age: "Weighted-average loan age, months (default 0; or give --wam)",
  psa: "Prepayment speed, % PSA (default 100)",
  cpr: "Prepayment speed, % CPR a year",
  smm: "Prepayment speed, % SMM a month",
  abs: "Prepayment speed, % ABS (absolute, of the original count, a month)",
  hep: "Prepayment speed, % HEP (20 = 2 % CPR in month 1 rising to 20 % at month 10)",
  mhp: "Prepayment speed, % MHP (100 = 3.7 % CPR rising 0.1 % a month to 6 % at month 24)",
  ppc: "Prepayment speed, % PPC (the prospectus curve; see --ppc-curve)",
  ppcCurve: "100 % PPC as start CPR %,peak CPR %,peak month (default 4,20,12)",
  vector: "File of monthly prepayment speeds, one per month, the last repeating",
  vectorUnit: "Unit of --vector: cpr (%), smm (%) or psa (% PSA) (default cpr)",
  sda: "Default rate, % SDA",
  cdr: "Default rate, % CDR a year",
  mdr: "Default rate, % MDR a month",
  defaultVector: "File of monthly default rates, one per month, the last repeating",
  defaultVectorUnit: "Unit of --default-vector: cdr (%), mdr (%) or sda (% SDA) (default cdr)",
  severity: "Loss severity, % of the balance at default (default 0)",
  lag: "Months from default to liquidation (default 0); no new defaults in the last --lag months",
  advance: "The servicer advances P&I on loans in foreclosure until liquidation",
  settle: "Settlement date, YYYY-MM-DD (required; cash flow 1 is that month's)",
  delay: "Actual payment delay, days after month end (default 24 = Fannie Mae; GNMA I 14, GNMA II 19)",
  price: "Clean price per 100 of current face (required)",
  yield: "Bond-equivalent yield, % (required)",
  curve: "Benchmark curve for the spread at the WAL, years:yield %,… (e.g. 2:4.1,5:4.3,10:4.5)",
  shift: "Rate shift for effective duration and convexity, bp (default 25): the yield, or in mbs oas the curve at constant OAS",
  reproject: "Effective duration/convexity reproject the cash flows at the shifted rates with the fitted prepayment model",
  mortgageRate: "Today's market mortgage rate, % (the borrowers' refinancing rate)",
  json: "Print JSON (units as on the command line: %, bp, years, per 100) instead of a table",
} as const;

type VocabularyName = keyof typeof ANALYTICS_OPTIONS;
const opt = <N extends VocabularyName>(name: N) => text(name, ANALYTICS_OPTIONS[name]);

// Return types are inferred so that each option's name and type reach the action's arguments.
export function withPool<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>, balanceDescription: string = ANALYTICS_OPTIONS.balance) {
  return b.addOption(text("balance", balanceDescription)).addOption(opt("wac")).addOption(opt("net")).addOption(opt("term"))
    .addOption(opt("wam")).addOption(opt("age"));
}

export function withSpeed<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b.addOption(opt("psa")).addOption(opt("cpr")).addOption(opt("smm")).addOption(opt("abs"))
    .addOption(opt("hep")).addOption(opt("mhp")).addOption(opt("ppc")).addOption(opt("ppcCurve"))
    .addOption(file("vector", ANALYTICS_OPTIONS.vector)).addOption(opt("vectorUnit"));
}

function withDefaults<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b.addOption(opt("sda")).addOption(opt("cdr")).addOption(opt("mdr"))
    .addOption(file("defaultVector", ANALYTICS_OPTIONS.defaultVector)).addOption(opt("defaultVectorUnit"))
    .addOption(opt("severity")).addOption(opt("lag"))
    .addFlag({ name: "advance", description: ANALYTICS_OPTIONS.advance });
}

function withProjection<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>, balanceDescription?: string) {
  return withDefaults(withSpeed(withPool(b, balanceDescription)));
}

export const DEAL_BALANCE = "Current pool balance, currency units (default: the deal's collateral)";

export function withSettlement<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b.addOption(opt("settle")).addOption(opt("delay"));
}

function withPricing<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return withSettlement(b)
    .addOption(opt("curve"))
    .addOption(opt("shift"))
    .addFlag({ name: "reproject", description: ANALYTICS_OPTIONS.reproject })
    .addOption(text("mortgageRate", `${ANALYTICS_OPTIONS.mortgageRate}, with --reproject`));
}

const json = { name: "json", description: ANALYTICS_OPTIONS.json } as const;

export const analyticsTasks: TaskDefinition[] = [
  withProjection(task(["mbs", "cashflows"], "Project a pass-through pool's monthly cash flows, with defaults (SIFMA Standard Formulas)"))
    .addFlag(json)
    .setAction(() => import("./actions/cashflows.js"))
    .build(),
  withPricing(withProjection(task(["mbs", "price"], "Price a pass-through from a yield: price, accrued, WAL, durations, convexity")))
    .addOption(opt("yield"))
    .addFlag(json)
    .setAction(() => import("./actions/price.js"))
    .build(),
  withPricing(withProjection(task(["mbs", "yield"], "Cash-flow yield of a pass-through from a price: yield, WAL, durations, convexity")))
    .addOption(opt("price"))
    .addFlag(json)
    .setAction(() => import("./actions/yield.js"))
    .build(),
  withSettlement(withProjection(task(["mbs", "total-return"], "Total rate of return over a holding period and the horizon price (SF-49 … SF-51)")))
    .addOption(opt("price"))
    .addOption(text("horizon", "Holding period, months from the start of the settlement month"))
    .addOption(text("reinvest", "Reinvestment rate of the cash flows received, % bond-equivalent"))
    .addOption(text("horizonPrice", "Sale price at the horizon, per 100 of the face then outstanding"))
    .addOption(text("horizonYield", "Sale yield at the horizon, % bond-equivalent (default: the purchase yield)"))
    .addFlag(json)
    .setAction(() => import("./actions/total-return.js"))
    .build(),
  task(["mbs", "speed"], "Measure SMM, CPR, PSA and ABS from a pool's factor history, or the average speed of several pools")
    .addOption(file("file", "Factor history: one `age,factor` per line (age = loan age in months)"))
    .addOption(file("pools", "Pools to average (SF-11): pool,face,wac %,term,age1,factor1,age2,factor2 per line"))
    .addOption(opt("wac"))
    .addOption(opt("term"))
    .addOption(text("loanAgeOffset", "Loan age minus amortization age for the PSA month, months (default 0)"))
    .addFlag(json)
    .setAction(() => import("./actions/speed.js"))
    .build(),
  task(["mbs", "prepay-fit"], "Fit the rate-sensitive prepayment S-curve to a Fannie Mae legacy performance file")
    .addOption(file("file", "Fannie Mae legacy performance file (|-delimited, 31 fields)"))
    .addOption(text("turnoverCpr", "Hold the out-of-the-money speed at this CPR, % (default: fit it)"))
    .addFlag(json)
    .setAction(() => import("./actions/prepay-fit.js"))
    .build(),
  withSettlement(withPool(task(["mbs", "oas"], "Option-adjusted spread of a pass-through: OAS, Z-spread, option cost, effective duration/convexity")))
    .addOption(opt("price"))
    .addOption(text("zeroRate", "Flat benchmark zero rate, % continuously compounded (or --zero-curve)"))
    .addOption(text("zeroCurve", "Benchmark zero curve, years:rate %,… continuously compounded (or --zero-rate)"))
    .addOption(opt("mortgageRate"))
    .addOption(text("volatility", "Short-rate volatility, % a year absolute (default 1 = 100 bp)"))
    .addOption(text("meanReversion", "Hull–White mean reversion, per year (default 0.05)"))
    .addOption(text("paths", "Monte-Carlo paths, even (antithetic pairs; default 512)"))
    .addOption(text("seed", "Random seed (default 1)"))
    .addOption(opt("shift"))
    .addFlag(json)
    .setAction(() => import("./actions/oas.js"))
    .build(),
  withDefaults(withSpeed(task(["mbs", "loan-cashflows"], "Project every loan of a tape on its own terms, with defaults; the pool's monthly totals")))
    .addOption(file("tape", "Loan tape: generic CSV/TSV, Fannie Mae or Freddie Mac (docs/loan-tape-generic.md)"))
    .addOption(text("format", "Tape layout: generic, fannie-legacy, fannie, freddie (default: detected)"))
    .addOption(text("cutoff", "Cut-off month YYYY-MM to age loans of tapes without an age"))
    .addOption(text("fee", "Servicing and guarantee fee, % a year: investors receive note rate − fee (default 0)"))
    .addFlag(json)
    .setAction(() => import("./actions/loan-cashflows.js"))
    .build(),
  withProjection(task(["mbs", "deal-cashflows"], "Month-by-month class cash flows of a deal from a pool projection (the waterfall model)"), DEAL_BALANCE)
    .addOption(text("deal", "Deal file (.json, docs/deal-file.md) or an example: cmo1, cmo2, cmo3-pac, pass-through, io-po"))
    .addOption(text("class", "Only this class (default: every class)"))
    .addFlag(json)
    .setAction(() => import("./actions/deal-cashflows.js"))
    .build(),
];
