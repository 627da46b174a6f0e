import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskArguments, TaskDefinition } from "hardhat/types/tasks";

/**
 * `mbs cashflows | price | yield | speed | prepay-fit | oas`: SIFMA standard-formula analytics from the command line.
 * Numeric options are read as text so that a missing option is distinguishable from 0 and a typo
 * is reported with the option's name. Units: percent for rates, speeds, yields and severity.
 */

// Return types are inferred so that each option's name and type reach the action's arguments.
function withPool<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b
    .addOption({ name: "balance", description: "Current pool balance (currency units)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "wac", description: "Gross weighted-average coupon, %", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "net", description: "Pass-through (net) coupon, % (default: the WAC)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "term", description: "Original term, months (default 360)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "wam", description: "Weighted-average remaining maturity, months", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "age", description: "Weighted-average loan age, months (instead of --wam)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined });
}

function withSpeedAndDefaults<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b
    .addOption({ name: "psa", description: "Prepayment speed, % PSA (default 100)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "cpr", description: "Constant prepayment rate, % a year", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "smm", description: "Single monthly mortality, % a month", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "vector", description: "File of monthly speeds (one per month; last repeats)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "vectorUnit", description: "Unit of the vector file: cpr (%), smm (%) or psa (%)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "sda", description: "Default rate, % SDA", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "cdr", description: "Constant default rate, % a year", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "severity", description: "Loss severity, % of the defaulted balance (default 0)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "lag", description: "Recovery lag, months from default to liquidation (default 0)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "advance", description: "The servicer advances P&I on loans in foreclosure" });
}

function withPricing<T extends TaskArguments>(b: NewTaskDefinitionBuilder<T>) {
  return b
    .addOption({ name: "settle", description: "Settlement date, YYYY-MM-DD (cash flow 1 is that month's)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "delay", description: "Actual payment delay, days after month end (FNMA 24, GNMA I 14, GNMA II 19; default 24)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "curve", description: "Benchmark curve for the spread at the WAL: years:yield%,… (e.g. 2:4.1,5:4.3,10:4.5)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "shift", description: "Yield shift for effective duration/convexity, bp (default 25)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "reproject", description: "Effective duration/convexity reproject the cash flows at the shifted rates with the fitted prepayment model instead of fixing them" })
    .addOption({ name: "mortgageRate", description: "Today's market mortgage rate, % (with --reproject)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print JSON instead of a table" });
}

export const analyticsTasks: TaskDefinition[] = [
  withSpeedAndDefaults(withPool(task(["mbs", "cashflows"], "Project a pass-through pool's monthly cash flows (SIFMA standard formulas)")))
    .addFlag({ name: "json", description: "Print JSON instead of a table" })
    .setAction(() => import("./actions/cashflows.js"))
    .build(),
  withPricing(withSpeedAndDefaults(withPool(task(["mbs", "price"], "Price a pass-through from a yield: price, accrued, WAL, durations, convexity"))))
    .addOption({ name: "yield", description: "Bond-equivalent yield, %", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .setAction(() => import("./actions/price.js"))
    .build(),
  withPricing(withSpeedAndDefaults(withPool(task(["mbs", "yield"], "Cash-flow yield of a pass-through from a price per 100 of current face"))))
    .addOption({ name: "price", description: "Clean price per 100 of current face", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .setAction(() => import("./actions/yield.js"))
    .build(),
  task(["mbs", "speed"], "Measure SMM, CPR and PSA from a pool's factor history")
    .addOption({ name: "file", description: "Factor history: one `age,factor` per line (age = loan age in months)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "wac", description: "Gross WAC of the loans, %", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "term", description: "Original (amortization) term, months (default 360)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "loanAgeOffset", description: "Loan age minus amortization age for the PSA month (default 0)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print JSON instead of a table" })
    .setAction(() => import("./actions/speed.js"))
    .build(),
  task(["mbs", "prepay-fit"], "Fit the rate-sensitive prepayment S-curve to a Fannie Mae legacy performance file")
    .addOption({ name: "file", description: "Fannie Mae legacy performance file (|-delimited, 31 fields)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "turnoverCpr", description: "Hold the out-of-the-money speed at this CPR, % (default: fit it)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print JSON instead of a table" })
    .setAction(() => import("./actions/prepay-fit.js"))
    .build(),
  withPool(task(["mbs", "oas"], "Option-adjusted spread of a pass-through: OAS, Z-spread, option cost, effective duration/convexity"))
    .addOption({ name: "price", description: "Clean price per 100 of current face", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "settle", description: "Settlement date, YYYY-MM-DD", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "delay", description: "Actual payment delay, days after month end (default 24)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "rate", description: "Flat benchmark zero rate, % continuously compounded (or --curve)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "curve", description: "Benchmark zero curve, years:rate%,… continuously compounded (or --rate)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "mortgageRate", description: "Today's market mortgage rate, % (the borrowers' refinancing rate)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "volatility", description: "Short-rate volatility, % a year absolute (default 1 = 100 bp)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "meanReversion", description: "Hull–White mean reversion, per year (default 0.05)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "paths", description: "Monte-Carlo paths, even (antithetic pairs; default 512)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "seed", description: "Random seed (default 1)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "shift", description: "Parallel shift for effective duration/convexity, bp (default 25)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addFlag({ name: "json", description: "Print JSON instead of a table" })
    .setAction(() => import("./actions/oas.js"))
    .build(),
];
