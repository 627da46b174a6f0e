import { InvalidInputError, MbsError } from "../../errors.js";
import type { CalendarDate } from "../dates.js";
import type { DefaultAssumption } from "../defaults.js";
import { requireFinite, requireFraction, requirePositive, requireWholeMonths } from "../inputs.js";
import { projectPassThrough } from "../passthrough.js";
import type { CashFlowTable } from "../passthrough.js";
import type { PoolTerms } from "../pool.js";
import { resolvePool } from "../pool.js";
import { averageLife } from "../risk.js";
import { validateDefaultSpec, validatePrepaySpec } from "../speeds.js";
import type { DefaultSpec, PrepaySpec } from "../speeds.js";
import { preparePricing, priceFromYield, yieldFromPrice } from "../yield.js";
import { USD6, fromUnits, reportsFromProjection, toUnits } from "./collateral.js";
import { classCashFlows, runDeal } from "./run.js";
import type { DealConfig } from "./types.js";
import { validateDeal } from "./validate.js";

/**
 * A scenario grid: every prepayment speed × every default rate × every rate shift, for the
 * pool itself (as a pass-through) or one class of a deal run on the pool's cash flows.
 *
 * Rate shifts move the discount yield, not the cash flows: each row's yield is the yield at
 * the given price plus the shift, and its price is the price at that yield. Cash flows do not
 * respond to rates without a prepayment model; the speed axis stands in for that response.
 */
export interface ScenarioGrid {
  pool: PoolTerms;
  /** Runs the pool's cash flows through this deal; `classId` names the class to report. */
  deal?: { config: DealConfig; classId: string };
  speeds: readonly PrepaySpec[];
  defaultRates: readonly DefaultSpec[];
  /** Severity, recovery lag and advancing shared by every default rate. */
  severity: number;
  lagMonths: number;
  advance: boolean;
  rateShiftsBp: readonly number[];
  /** Clean price per 100 of current face. */
  price: number;
  settlement: CalendarDate;
  delayDays: number;
}

export interface ScenarioRow {
  speed: string;
  defaultRate: string;
  shiftBp: number;
  /** Weighted-average life in years from settlement; null for a class that gets no principal (IO). */
  wal: number | null;
  /** Bond-equivalent yield (decimal) at the given price, plus the shift; null if no yield exists. */
  yield: number | null;
  /** Clean price per 100 at that yield (the given price when the shift is 0). */
  price: number | null;
  /** Principal lost, as a fraction of original face. */
  loss: number;
  /** Principal lost, currency units. */
  lossAmount: number;
  /** Why yield and price are null, when they are. */
  note?: string;
}

export interface ScenarioReport {
  target: string;
  price: number;
  axes: { speeds: string[]; defaultRates: string[]; rateShiftsBp: number[] };
  rows: ScenarioRow[];
}

export function speedLabel(spec: PrepaySpec): string {
  switch (spec.kind) {
    case "psa": return `${spec.psa} PSA`;
    case "cpr": return `${spec.cpr * 100} CPR`;
    case "smm": return `${spec.smm * 100} SMM`;
    case "abs": return `${spec.abs * 100} ABS`;
    case "hep": return `${spec.hep} HEP`;
    case "mhp": return `${spec.mhp} MHP`;
    case "ppc": return `${spec.ppc} PPC`;
    case "vector": return `vector (${spec.unit})`;
  }
}

export function defaultLabel(spec: DefaultSpec): string {
  switch (spec.kind) {
    case "sda": return `${spec.sda} SDA`;
    case "cdr": return `${spec.cdr * 100} CDR`;
    case "mdr": return `${spec.mdr * 100} MDR`;
    case "vector": return `vector (${spec.unit})`;
  }
}

function validateGrid(grid: ScenarioGrid): void {
  const resolved = resolvePool(grid.pool);
  if (grid.speeds.length === 0) throw new InvalidInputError("speeds", "give at least one prepayment speed");
  if (grid.defaultRates.length === 0) throw new InvalidInputError("default rates", "give at least one default rate (0 for none)");
  if (grid.rateShiftsBp.length === 0) throw new InvalidInputError("rate shifts", "give at least one shift (0 for none)");
  grid.speeds.forEach(validatePrepaySpec);
  grid.defaultRates.forEach(validateDefaultSpec);
  grid.rateShiftsBp.forEach((s, i) => requireFinite(`rate shifts[${i + 1}]`, s));
  requireFraction("severity", grid.severity);
  requireWholeMonths("lag", grid.lagMonths);
  requirePositive("price", grid.price);
  requireWholeMonths("delay", grid.delayDays);
  if (grid.deal !== undefined) {
    const { config, classId } = grid.deal;
    validateDeal(config);
    if (!config.classes.some((c) => c.id === classId)) {
      throw new InvalidInputError("class", `"${classId}" is not a class of ${config.name} (${config.classes.map((c) => c.id).join(", ")})`);
    }
    const poolUnits = toUnits(resolved.balance, USD6);
    if (poolUnits !== config.originalPoolBalance) {
      throw new InvalidInputError("balance", `${resolved.balance} does not match the deal's collateral of ${fromUnits(config.originalPoolBalance)}`);
    }
  }
}

interface TargetFlows {
  cashFlow: number[];
  principal: number[];
  face: number;
  coupon: number;
  lossAmount: number;
}

function poolFlows(table: CashFlowTable, pool: PoolTerms): TargetFlows {
  let lossAmount = 0;
  for (const l of table.loss) lossAmount += l;
  return {
    cashFlow: Array.from(table.cashFlow),
    principal: Array.from(table.totalPrincipal),
    face: pool.balance,
    coupon: pool.passThroughRate,
    lossAmount,
  };
}

function classFlows(table: CashFlowTable, config: DealConfig, classId: string): TargetFlows {
  const run = runDeal(config, reportsFromProjection(table).reports);
  const flows = classCashFlows(run, classId);
  const first = run.periods[0]?.classes.find((c) => c.id === classId);
  const c = config.classes.find((k) => k.id === classId);
  return {
    cashFlow: flows.interest.map((x, i) => fromUnits(x + (flows.principal[i] ?? 0n))),
    principal: flows.principal.map((x) => fromUnits(x)),
    face: fromUnits(first?.beginningBalance ?? 0n),
    coupon: (c?.couponPpm ?? 0) / 1_000_000,
    lossAmount: fromUnits(flows.loss.reduce((a, b) => a + b, 0n)),
  };
}

/** Runs the grid. Invalid inputs throw InvalidInputError before any scenario runs. */
export function runScenarios(grid: ScenarioGrid): ScenarioReport {
  validateGrid(grid);
  const rows: ScenarioRow[] = [];
  for (const speed of grid.speeds) {
    for (const rate of grid.defaultRates) {
      const defaults: DefaultAssumption = { rate, severity: grid.severity, lagMonths: grid.lagMonths, advance: grid.advance };
      const table = projectPassThrough(grid.pool, { prepay: speed, defaults });
      const flows = grid.deal === undefined ? poolFlows(table, grid.pool) : classFlows(table, grid.deal.config, grid.deal.classId);
      rows.push(...rowsFor(grid, speed, rate, flows));
    }
  }
  return {
    target: grid.deal === undefined ? "pool" : `${grid.deal.config.name} class ${grid.deal.classId}`,
    price: grid.price,
    axes: { speeds: grid.speeds.map(speedLabel), defaultRates: grid.defaultRates.map(defaultLabel), rateShiftsBp: [...grid.rateShiftsBp] },
    rows,
  };
}

function rowsFor(grid: ScenarioGrid, speed: PrepaySpec, rate: DefaultSpec, flows: TargetFlows): ScenarioRow[] {
  const base = { speed: speedLabel(speed), defaultRate: defaultLabel(rate) };
  const loss = flows.face > 0 ? flows.lossAmount / flows.face : 0;
  if (!(flows.face > 0)) {
    return grid.rateShiftsBp.map((shiftBp) => ({ ...base, shiftBp, wal: null, yield: null, price: null, loss, lossAmount: flows.lossAmount, note: "no face at settlement" }));
  }
  const pricing = preparePricing({
    cashFlow: flows.cashFlow,
    principal: flows.principal,
    face: flows.face,
    coupon: flows.coupon,
    settlement: grid.settlement,
    delayDays: grid.delayDays,
  });
  const totalPrincipal = flows.principal.reduce((a, b) => a + b, 0);
  const wal = totalPrincipal > 0 ? averageLife(pricing) : null;
  let baseYield: number | null = null;
  let note: string | undefined;
  try {
    baseYield = yieldFromPrice(pricing, grid.price);
  } catch (e) {
    // A price at or above the undiscounted cash flows has no yield: report it, keep the grid.
    if (!(e instanceof MbsError)) throw e;
    note = e.message;
  }
  return grid.rateShiftsBp.map((shiftBp) => {
    const y = baseYield === null ? null : baseYield + shiftBp / 10_000;
    return {
      ...base,
      shiftBp,
      wal,
      yield: y,
      price: y === null ? null : priceFromYield(pricing, y),
      loss,
      lossAmount: flows.lossAmount,
      ...(note === undefined ? {} : { note }),
    };
  });
}

/** The report as a fixed-width table for a terminal; rounding is for display only. */
export function formatScenarioTable(report: ScenarioReport): string {
  const header = ["speed", "default", "shift bp", "WAL yrs", "yield %", "price", "loss %"];
  const body = report.rows.map((r) => [
    r.speed,
    r.defaultRate,
    r.shiftBp.toString(),
    r.wal === null ? "-" : r.wal.toFixed(2),
    r.yield === null ? "-" : (r.yield * 100).toFixed(3),
    r.price === null ? "-" : r.price.toFixed(4),
    (r.loss * 100).toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [`${report.target} at price ${report.price}`, line(header), ...body.map(line)].join("\n");
}
