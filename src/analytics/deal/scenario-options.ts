import { InvalidInputError } from "../../errors.js";
import { parseDate } from "../dates.js";
import type { CalendarDate } from "../dates.js";
import type { DefaultSpec, PrepaySpec } from "../speeds.js";
import { requireNonNegative } from "../inputs.js";
import { fromUnits, toUnits } from "./collateral.js";
import { EXAMPLE_DEALS } from "./examples.js";
import type { ExampleDealName } from "./examples.js";
import { dealConfigFromDealFile } from "./from-deal-file.js";
import type { DealFileTerms } from "./from-deal-file.js";
import type { ScenarioGrid } from "./scenarios.js";
import type { DealConfig } from "./types.js";

/** The `mbs scenarios` options as the command line gives them (lists are comma-separated). */
export interface ScenarioOptions {
  psa: string;
  cpr: string;
  cdr: string;
  sda: string;
  /** Percent of the defaulted balance. */
  severity: number;
  lag: number;
  advance: boolean;
  shifts: string;
  /** An example deal's name, or a deal file's path (ending in .json); empty for the pool itself. */
  deal: string;
  class: string;
  /** Pool balance, USD; 0 for the deal's collateral, or $400 million without a deal. */
  balance: number;
  /** Percent. */
  wac: number;
  /** Percent. */
  rate: number;
  term: number;
  wam: number;
  price: number;
  /** YYYY-MM-DD; empty = the 1st of the current month (no accrued interest). */
  settlement: string;
  delay: number;
}

/** Parses "100, 165,300" into numbers, naming the option and the bad item. */
export function parseNumberList(option: string, text: string): number[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.length === 0 || items.every((s) => s === "")) throw new InvalidInputError(option, "is an empty list");
  return items.map((s, i) => {
    const n = Number(s);
    if (s === "" || !Number.isFinite(n)) throw new InvalidInputError(option, `item ${i + 1} ${JSON.stringify(s)} is not a number`);
    return n;
  });
}

function isExampleDeal(name: string): name is ExampleDealName {
  return Object.hasOwn(EXAMPLE_DEALS, name);
}

function firstOfThisMonth(): CalendarDate {
  const now = new Date();
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: 1 };
}

const DEFAULT_POOL_BALANCE = 400_000_000;

export function isDealFilePath(deal: string): boolean {
  return deal.toLowerCase().endsWith(".json");
}

/**
 * Turns command-line options into a scenario grid; every problem names its option. A deal
 * file named by `--deal` is read by the caller (it is async) and passed in as `dealFile`.
 */
export function scenarioGridFromOptions(o: ScenarioOptions, dealFile?: DealFileTerms): ScenarioGrid {
  if (o.psa !== "" && o.cpr !== "") throw new InvalidInputError("--cpr", "give --psa or --cpr, not both");
  if (o.cdr !== "" && o.sda !== "") throw new InvalidInputError("--sda", "give --cdr or --sda, not both");
  const speeds: PrepaySpec[] =
    o.cpr !== ""
      ? parseNumberList("--cpr", o.cpr).map((v) => ({ kind: "cpr", cpr: v / 100 }))
      : parseNumberList("--psa", o.psa === "" ? "100" : o.psa).map((v) => ({ kind: "psa", psa: v }));
  const defaultRates: DefaultSpec[] =
    o.sda !== ""
      ? parseNumberList("--sda", o.sda).map((v) => ({ kind: "sda", sda: v }))
      : parseNumberList("--cdr", o.cdr === "" ? "0" : o.cdr).map((v) => ({ kind: "cdr", cdr: v / 100 }));
  requireNonNegative("--balance", o.balance);
  let deal: ScenarioGrid["deal"];
  if (o.deal !== "") {
    let config: DealConfig;
    if (isDealFilePath(o.deal)) {
      if (dealFile === undefined) throw new InvalidInputError("--deal", `deal file ${o.deal} was not read`);
      config = dealConfigFromDealFile(dealFile, o.balance > 0 ? toUnits(o.balance) : undefined);
    } else if (isExampleDeal(o.deal)) {
      config = EXAMPLE_DEALS[o.deal]();
    } else {
      throw new InvalidInputError("--deal", `unknown deal "${o.deal}"; give a .json deal file or one of ${Object.keys(EXAMPLE_DEALS).join(", ")}`);
    }
    const classId = o.class === "" ? (config.classes[0]?.id ?? "") : o.class;
    deal = { config, classId };
  } else if (o.class !== "") {
    throw new InvalidInputError("--class", "needs --deal");
  }
  const balance = o.balance > 0 ? o.balance : deal === undefined ? DEFAULT_POOL_BALANCE : fromUnits(deal.config.originalPoolBalance);
  return {
    pool: { balance, grossWac: o.wac / 100, passThroughRate: o.rate / 100, originalTerm: o.term, wam: o.wam },
    ...(deal === undefined ? {} : { deal }),
    speeds,
    defaultRates,
    severity: o.severity / 100,
    lagMonths: o.lag,
    advance: o.advance,
    rateShiftsBp: parseNumberList("--shifts", o.shifts),
    price: o.price,
    settlement: o.settlement === "" ? firstOfThisMonth() : parseDate("--settlement", o.settlement),
    delayDays: o.delay,
  };
}
