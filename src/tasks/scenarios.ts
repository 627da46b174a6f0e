import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

export const scenarioTasks = [
  task(["mbs", "scenarios"], "WAL, yield and loss of a pool or a deal class over speeds × default rates × rate shifts")
    .addOption({ name: "psa", description: "Prepayment speeds, % PSA, comma-separated; 100 when neither --psa nor --cpr is given", defaultValue: "" })
    .addOption({ name: "cpr", description: "Prepayment speeds, % CPR, comma-separated (instead of --psa)", defaultValue: "" })
    .addOption({ name: "cdr", description: "Default rates, % CDR, comma-separated; 0 when neither --cdr nor --sda is given", defaultValue: "" })
    .addOption({ name: "sda", description: "Default rates, % SDA, comma-separated (instead of --cdr)", defaultValue: "" })
    .addOption({ name: "severity", description: "Loss severity, % of the defaulted balance", type: ArgumentType.FLOAT, defaultValue: 35 })
    .addOption({ name: "lag", description: "Recovery lag, months", type: ArgumentType.INT, defaultValue: 12 })
    .addFlag({ name: "advance", description: "Servicer advances P&I on loans in foreclosure" })
    .addOption({ name: "shifts", description: "Yield shifts in basis points, comma-separated (a list starting with a minus needs a leading space: \" -50,0,50\")", defaultValue: "0" })
    .addOption({ name: "deal", description: "Deal to run the pool through: a deal file (.json, docs/deal-file.md) or cmo1, cmo2, cmo3-pac, pass-through, io-po; empty for the pool itself", defaultValue: "" })
    .addOption({ name: "class", description: "Class of --deal to report; empty for its first class", defaultValue: "" })
    .addOption({ name: "balance", description: "Pool balance, USD; 0 for the deal's collateral (400,000,000 without a deal)", type: ArgumentType.FLOAT, defaultValue: 0 })
    .addOption({ name: "wac", description: "Gross WAC, %", type: ArgumentType.FLOAT, defaultValue: 8.125 })
    .addOption({ name: "rate", description: "Pass-through rate, %", type: ArgumentType.FLOAT, defaultValue: 7.5 })
    .addOption({ name: "term", description: "Original term, months", type: ArgumentType.INT, defaultValue: 360 })
    .addOption({ name: "wam", description: "Weighted-average remaining maturity, months", type: ArgumentType.INT, defaultValue: 357 })
    .addOption({ name: "price", description: "Clean price per 100 of current face", type: ArgumentType.FLOAT, defaultValue: 100 })
    .addOption({ name: "settlement", description: "Settlement date YYYY-MM-DD; empty for the 1st of this month", defaultValue: "" })
    .addOption({ name: "delay", description: "Payment delay, days (FNMA 24, GNMA I 14)", type: ArgumentType.INT, defaultValue: 0 })
    .addFlag({ name: "json", description: "Print chart-ready JSON instead of a table" })
    .setAction(() => import("./actions/scenarios.js"))
    .build(),
];
