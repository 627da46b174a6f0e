import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import { ANALYTICS_OPTIONS, DEAL_BALANCE, withPool } from "./analytics.js";

const text = <N extends string>(name: N, description: string) =>
  ({ name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined }) as const;

/** `mbs scenarios`: the analytics vocabulary (src/tasks/analytics.ts), with lists for the axes. */
export const scenarioTasks = [
  withPool(task(["mbs", "scenarios"], "WAL, yield and loss of a pool or a deal class over speeds × default rates × rate shifts"), DEAL_BALANCE)
    .addOption(text("psa", "Prepayment speeds, % PSA, comma-separated (default 100)"))
    .addOption(text("cpr", "Prepayment speeds, % CPR, comma-separated (instead of --psa)"))
    .addOption(text("smm", "Prepayment speeds, % SMM, comma-separated (instead of --psa)"))
    .addOption(text("abs", "Prepayment speeds, % ABS, comma-separated (instead of --psa)"))
    .addOption(text("hep", "Prepayment speeds, % HEP, comma-separated (instead of --psa)"))
    .addOption(text("mhp", "Prepayment speeds, % MHP, comma-separated (instead of --psa)"))
    .addOption(text("ppc", "Prepayment speeds, % PPC, comma-separated (instead of --psa)"))
    .addOption(text("ppcCurve", ANALYTICS_OPTIONS.ppcCurve))
    .addOption(text("sda", "Default rates, % SDA, comma-separated"))
    .addOption(text("cdr", "Default rates, % CDR, comma-separated (default 0)"))
    .addOption(text("mdr", "Default rates, % MDR, comma-separated"))
    .addOption(text("severity", ANALYTICS_OPTIONS.severity))
    .addOption(text("lag", ANALYTICS_OPTIONS.lag))
    .addFlag({ name: "advance", description: ANALYTICS_OPTIONS.advance })
    .addOption(text("shifts", "Yield shifts, bp, comma-separated (default 0; a list starting with a minus needs a leading space: \" -50,0,50\")"))
    .addOption(text("deal", "Deal to run the pool through: a deal file (.json, docs/deal-file.md) or cmo1, cmo2, cmo3-pac, pass-through, io-po (default: the pool itself)"))
    .addOption(text("class", "Class of --deal to report (default: its first class)"))
    .addOption(text("price", ANALYTICS_OPTIONS.price))
    .addOption(text("settle", ANALYTICS_OPTIONS.settle))
    .addOption(text("delay", ANALYTICS_OPTIONS.delay))
    .addFlag({ name: "json", description: ANALYTICS_OPTIONS.json })
    .setAction(() => import("./actions/scenarios.js"))
    .build(),
];
