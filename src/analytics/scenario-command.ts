import { InvalidInputError } from "../errors.js";
import {
  OUTPUT_UNITS, RANGES, checkOption, numberOption, parseRampCurve, poolFromOptions, reviewProjection, settlementFromOptions,
} from "./commands.js";
import type { OptionText, PoolOptions } from "./commands.js";
import { fromUnits } from "./deal/collateral.js";
import { parseNumberList } from "./deal/scenario-options.js";
import type { ScenarioGrid, ScenarioReport } from "./deal/scenarios.js";
import type { DealFileTerms } from "./deal/from-deal-file.js";
import { dealFromOption } from "./deal-cashflows.js";
import type { DefaultSpec, PrepaySpec } from "./speeds.js";

/**
 * `mbs scenarios` in the analytics vocabulary (docs/analytics.md, "Options"): the pool options of
 * every projecting command (`--balance --wac --net --term --wam --age`), `--settle` and `--delay`
 * as in price/yield/oas, and comma-separated lists of the same speed and default-rate options.
 */
export interface ScenarioCommandOptions extends PoolOptions {
  psa: OptionText;
  cpr: OptionText;
  smm?: OptionText;
  abs?: OptionText;
  hep?: OptionText;
  mhp?: OptionText;
  ppc?: OptionText;
  ppcCurve?: OptionText;
  sda: OptionText;
  cdr: OptionText;
  mdr: OptionText;
  severity: OptionText;
  lag: OptionText;
  advance: boolean;
  /** Yield shifts in bp, comma-separated (default 0). */
  shifts: OptionText;
  deal: OptionText;
  class: OptionText;
  price: OptionText;
  settle: OptionText;
  delay: OptionText;
}

function list(option: string, text: string, range: Parameters<typeof checkOption>[2]): number[] {
  return parseNumberList(`--${option}`, text).map((v) => checkOption(option, v, range));
}

function speedList(o: ScenarioCommandOptions): PrepaySpec[] {
  const pct = RANGES.percentOfBalance;
  const curve = RANGES.curvePercent;
  if (o.cpr !== undefined) return list("cpr", o.cpr, pct).map((v) => ({ kind: "cpr", cpr: v / 100 }));
  if (o.smm !== undefined) return list("smm", o.smm, pct).map((v) => ({ kind: "smm", smm: v / 100 }));
  if (o.abs !== undefined) return list("abs", o.abs, pct).map((v) => ({ kind: "abs", abs: v / 100 }));
  if (o.hep !== undefined) return list("hep", o.hep, curve).map((v) => ({ kind: "hep", hep: v }));
  if (o.mhp !== undefined) return list("mhp", o.mhp, curve).map((v) => ({ kind: "mhp", mhp: v }));
  if (o.ppc !== undefined) {
    const ramp = o.ppcCurve === undefined ? undefined : parseRampCurve(o.ppcCurve);
    return list("ppc", o.ppc, curve).map((v) => (ramp ? { kind: "ppc", ppc: v, curve: ramp } : { kind: "ppc", ppc: v }));
  }
  return list("psa", o.psa ?? "100", curve).map((v) => ({ kind: "psa", psa: v }));
}

/** Turns the options into a scenario grid, every problem naming its option in its units. */
export function scenarioGridFromCommand(o: ScenarioCommandOptions, dealFile?: DealFileTerms): { grid: ScenarioGrid; warnings: string[] } {
  const speedOptions = ["psa", "cpr", "smm", "abs", "hep", "mhp", "ppc"] as const;
  const speedsGiven = speedOptions.filter((k) => o[k] !== undefined);
  if (speedsGiven.length > 1) throw new InvalidInputError(`--${speedsGiven[1]}`, `give one speed list: one of ${speedOptions.map((k) => `--${k}`).join(", ")} (got ${speedsGiven.map((k) => `--${k}`).join(", ")})`);
  if (o.ppcCurve !== undefined && o.ppc === undefined) throw new InvalidInputError("--ppc-curve", "needs --ppc");
  const ratesGiven = (["sda", "cdr", "mdr"] as const).filter((k) => o[k] !== undefined);
  if (ratesGiven.length > 1) throw new InvalidInputError(`--${ratesGiven[1]}`, `give one of --sda, --cdr, --mdr (got ${ratesGiven.map((k) => `--${k}`).join(", ")})`);
  const speeds = speedList(o);
  const defaultRates: DefaultSpec[] = o.sda !== undefined
    ? list("sda", o.sda, RANGES.curvePercent).map((v) => ({ kind: "sda", sda: v }))
    : o.mdr !== undefined
      ? list("mdr", o.mdr, RANGES.percentOfBalance).map((v) => ({ kind: "mdr", mdr: v / 100 }))
      : list("cdr", o.cdr ?? "0", RANGES.percentOfBalance).map((v) => ({ kind: "cdr", cdr: v / 100 }));
  const anyDefaults = ratesGiven.length > 0;
  if (!anyDefaults) {
    const stray = (["severity", "lag"] as const).filter((k) => o[k] !== undefined).map((k) => `--${k}`);
    if (o.advance) stray.push("--advance");
    if (stray.length > 0) throw new InvalidInputError(stray[0] as string, "has no effect without default rates: give --sda, --cdr or --mdr");
  }
  let deal: ScenarioGrid["deal"];
  let balanceText = o.balance;
  if (o.deal !== undefined) {
    const balance = o.balance === undefined ? undefined : numberOption("balance", o.balance, RANGES.money);
    const config = dealFromOption(o.deal, dealFile, balance);
    const classId = o.class ?? config.classes[0]?.id ?? "";
    deal = { config, classId };
    balanceText ??= String(fromUnits(config.originalPoolBalance));
  } else if (o.class !== undefined) {
    throw new InvalidInputError("--class", "needs --deal");
  }
  const pool = poolFromOptions({ ...o, balance: balanceText });
  const severity = numberOption("severity", o.severity, RANGES.percentOfBalance, 0) / 100;
  const lagMonths = numberOption("lag", o.lag, RANGES.months, 0);
  const warnings = anyDefaults
    ? reviewProjection(pool, { rate: defaultRates[0] as DefaultSpec, severity, lagMonths, advance: o.advance })
    : [];
  const { settlement, delayDays } = settlementFromOptions(o);
  return {
    grid: {
      pool, ...(deal === undefined ? {} : { deal }), speeds, defaultRates, severity, lagMonths, advance: o.advance,
      rateShiftsBp: list("shifts", o.shifts ?? "0", { unit: "bp" }),
      price: numberOption("price", o.price, RANGES.money),
      settlement, delayDays,
    },
    warnings,
  };
}

/** `mbs scenarios --json`: yields and losses in percent like every analytics command's output. */
export function scenarioReportForOutput(report: ScenarioReport): Record<string, unknown> {
  return {
    units: OUTPUT_UNITS,
    ...report,
    rows: report.rows.map((r) => ({ ...r, yield: r.yield === null ? null : r.yield * 100, loss: r.loss * 100 })),
  };
}
