import { InvalidInputError } from "../errors.js";
import { OUTPUT_UNITS, defaultsForOutput, poolForOutput, prepayForOutput } from "./commands.js";
import type { DefaultAssumption } from "./defaults.js";
import { projectPassThrough } from "./passthrough.js";
import type { PoolTerms } from "./pool.js";
import type { PrepaySpec } from "./speeds.js";
import { USD6, fromUnits, reportsFromProjection, toUnits } from "./deal/collateral.js";
import { EXAMPLE_DEALS } from "./deal/examples.js";
import type { ExampleDealName } from "./deal/examples.js";
import { dealConfigFromDealFile } from "./deal/from-deal-file.js";
import type { DealFileTerms } from "./deal/from-deal-file.js";
import { runDeal } from "./deal/run.js";
import type { DealConfig } from "./deal/types.js";
import { validateDeal } from "./deal/validate.js";

/**
 * `mbs deal-cashflows`: a pool projected by the Standard Formulas, turned into servicer reports
 * in integer units and run month by month through the deal's waterfall (the same model as the
 * chain's). Amounts in currency units (the waterfall's integer units / 10^6).
 */

export function isDealFilePath(deal: string): boolean {
  return deal.toLowerCase().endsWith(".json");
}

/** The deal named by `--deal`: an example structure, or a deal file the caller has read. */
export function dealFromOption(deal: string | undefined, dealFile: DealFileTerms | undefined, poolBalance: number | undefined): DealConfig {
  if (deal === undefined || deal === "") throw new InvalidInputError("--deal", `is required: a deal file (.json) or one of ${Object.keys(EXAMPLE_DEALS).join(", ")}`);
  if (isDealFilePath(deal)) {
    if (dealFile === undefined) throw new InvalidInputError("--deal", `deal file ${deal} was not read`);
    try {
      return dealConfigFromDealFile(dealFile, poolBalance === undefined ? undefined : toUnits(poolBalance));
    } catch (error) {
      // The deal-file reader names the pool balance "balance"; on the command line it is --balance.
      if (error instanceof InvalidInputError && error.input === "balance") throw new InvalidInputError("--balance", `${error.reason} (deal file ${deal})`);
      throw error;
    }
  }
  if (!Object.hasOwn(EXAMPLE_DEALS, deal)) {
    throw new InvalidInputError("--deal", `unknown deal "${deal}"; give a .json deal file or one of ${Object.keys(EXAMPLE_DEALS).join(", ")}`);
  }
  return EXAMPLE_DEALS[deal as ExampleDealName]();
}

export interface ClassMonth {
  id: string;
  beginningBalance: number;
  interest: number;
  /** Interest due but not paid this month (carried forward). */
  interestShortfall: number;
  principal: number;
  loss: number;
  endingBalance: number;
  /** ending / original balance. */
  factor: number;
}

export interface DealMonth {
  month: number;
  collateral: { beginningBalance: number; interest: number; principal: number; liquidationProceeds: number; loss: number; endingBalance: number };
  fees: number;
  classes: ClassMonth[];
  residual: number;
}

export interface DealCashFlowReport {
  deal: string;
  pool: PoolTerms;
  prepay: PrepaySpec;
  defaults: DefaultAssumption | undefined;
  classIds: string[];
  months: DealMonth[];
  /** Per class: Σ interest, Σ principal, Σ loss over the life. */
  totals: { id: string; interest: number; principal: number; loss: number }[];
}

export function runDealCashFlows(
  pool: PoolTerms, prepay: PrepaySpec, defaults: DefaultAssumption | undefined, config: DealConfig, classId?: string,
): DealCashFlowReport {
  validateDeal(config);
  if (classId !== undefined && !config.classes.some((c) => c.id === classId)) {
    throw new InvalidInputError("--class", `"${classId}" is not a class of ${config.name} (${config.classes.map((c) => c.id).join(", ")})`);
  }
  if (toUnits(pool.balance, USD6) !== config.originalPoolBalance) {
    throw new InvalidInputError("--balance", `${pool.balance} does not match the deal's collateral of ${fromUnits(config.originalPoolBalance)} (leave --balance out to use it)`);
  }
  const table = projectPassThrough(pool, defaults ? { prepay, defaults } : { prepay });
  const run = runDeal(config, reportsFromProjection(table).reports);
  const keep = (id: string) => classId === undefined || id === classId;
  const months: DealMonth[] = run.periods.map((p) => ({
    month: p.period,
    collateral: {
      beginningBalance: fromUnits(p.pool.beginningBalance),
      interest: fromUnits(p.pool.interestCollected),
      principal: fromUnits(p.pool.principalCollected),
      liquidationProceeds: fromUnits(p.pool.liquidationProceeds),
      loss: fromUnits(p.pool.realizedLoss),
      endingBalance: fromUnits(p.pool.endingBalance),
    },
    fees: fromUnits(p.fees.paid),
    classes: p.classes.filter((c) => keep(c.id)).map((c) => ({
      id: c.id,
      beginningBalance: fromUnits(c.beginningBalance),
      interest: fromUnits(c.interestPaid),
      interestShortfall: fromUnits(c.interestShortfall),
      principal: fromUnits(c.principalPaid),
      loss: fromUnits(c.lossAllocated),
      endingBalance: fromUnits(c.endingBalance),
      factor: Number(c.factor) / 1e18,
    })),
    residual: fromUnits(p.residual),
  }));
  const classIds = config.classes.map((c) => c.id).filter(keep);
  const totals = classIds.map((id) => {
    let interest = 0n; let principal = 0n; let loss = 0n;
    for (const p of run.periods) {
      const c = p.classes.find((k) => k.id === id);
      if (c) { interest += c.interestPaid; principal += c.principalPaid; loss += c.lossAllocated; }
    }
    return { id, interest: fromUnits(interest), principal: fromUnits(principal), loss: fromUnits(loss) };
  });
  return { deal: config.name, pool, prepay, defaults, classIds, months, totals };
}

export function dealCashFlowsForOutput(r: DealCashFlowReport): Record<string, unknown> {
  return {
    units: OUTPUT_UNITS, deal: r.deal, pool: poolForOutput(r.pool), prepay: prepayForOutput(r.prepay),
    defaults: r.defaults === undefined ? null : defaultsForOutput(r.defaults), classIds: r.classIds, months: r.months, totals: r.totals,
  };
}

const money = (x: number) => Math.round(x).toLocaleString("en-US");

/** One line per month: collateral, then interest / principal / loss / balance of each class. */
export function formatDealCashFlows(r: DealCashFlowReport): string {
  const header = ["month", "pool balance", "pool interest", "pool principal", "pool loss",
    ...r.classIds.flatMap((id) => [`${id} interest`, `${id} principal`, `${id} loss`, `${id} balance`]), "residual"];
  const rows = r.months.map((m) => [
    String(m.month), money(m.collateral.beginningBalance), money(m.collateral.interest), money(m.collateral.principal + m.collateral.liquidationProceeds), money(m.collateral.loss),
    ...m.classes.flatMap((c) => [money(c.interest), money(c.principal), money(c.loss), money(c.endingBalance)]), money(m.residual),
  ]);
  const cells = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? "").length)));
  const lines = cells.map((row) => row.map((cell, c) => cell.padStart(widths[c] as number)).join("  "));
  lines.push("", `${r.deal}: ` + r.totals.map((t) => `${t.id} interest ${money(t.interest)} principal ${money(t.principal)} loss ${money(t.loss)}`).join(" · "));
  return lines.join("\n");
}
