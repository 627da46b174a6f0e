import { levelPayment, scheduledPrincipalFraction } from "./amortization.js";
import { NO_DEFAULTS, mdrSchedule, validateDefaultAssumption } from "./defaults.js";
import type { DefaultAssumption } from "./defaults.js";
import { resolvePool } from "./pool.js";
import type { PoolTerms } from "./pool.js";
import { smmVector, validatePrepaySpec } from "./speeds.js";
import type { PrepaySpec } from "./speeds.js";

/**
 * Monthly projection of a level-pay fixed-rate pass-through by the SIFMA Standard Formulas
 * (SF-4 cash flows, SF-18 cash flows with defaults). Column k holds projection month k + 1.
 * Amounts are in the pool's currency unit at full float precision; round only for display.
 */
export interface CashFlowTable {
  months: number;
  /** Pool balance (performing + in foreclosure) at the start of the month. */
  beginningBalance: Float64Array;
  /** Performing balance at the start of the month, before this month's defaults. */
  performingBalance: Float64Array;
  smm: Float64Array;
  mdr: Float64Array;
  /** Performing balance that defaults this month (MDR × beginning performing balance). */
  newDefaults: Float64Array;
  /** Balance of defaulted, not yet liquidated loans at the end of the month. */
  foreclosureBalance: Float64Array;
  /** Level payment on the performing balance after defaults, over the remaining term at gross WAC. */
  scheduledPayment: Float64Array;
  /**
   * Interest at gross WAC on the interest-bearing balance: last month's performing and foreclosure
   * balances, less (without advances) this month's defaults and the foreclosures.
   */
  grossInterest: Float64Array;
  /**
   * Interest at the pass-through rate that investors receive: EXP INT when the servicer advances
   * P&I, ACT INT when it does not.
   */
  netInterest: Float64Array;
  /** Gross − net interest: servicing and guarantee fee. */
  servicingFee: Float64Array;
  /** SF-18 EXP INT: (last month's performing + foreclosure balance) × pass-through rate / 12. */
  expectedInterest: Float64Array;
  /**
   * SF-18 LOST INT: (new defaults + last month's foreclosures) × pass-through rate / 12: interest
   * the borrowers did not pay. Reported with or without advancing; when P&I is advanced the
   * servicer pays it to investors (see `advancedInterest`).
   */
  lostInterest: Float64Array;
  /** SF-18 ACT INT = EXP INT − LOST INT: interest the borrowers paid. */
  actualInterest: Float64Array;
  /** Lost interest the servicer advanced to investors (LOST INT with advancing, else 0). */
  advancedInterest: Float64Array;
  /**
   * SF-18 EXP AM: scheduled amortization of all loans not liquidated this month, performing and in
   * foreclosure: (PERF BAL(i−1) + FCL(i−1) − ADB(i)) × (1 − SCH AM(i)/SCH AM(i−1)).
   */
  expectedAmortization: Float64Array;
  /** SF-18 ACT AM: scheduled principal of performing loans. */
  scheduledPrincipal: Float64Array;
  /** Scheduled principal of loans in foreclosure, passed through when P&I is advanced. */
  defaultedAmortization: Float64Array;
  /**
   * Voluntary prepayments: SMM × last month's performing balance after this month's scheduled
   * amortization (SF-19 b), capped at what defaults and amortization leave.
   */
  prepayment: Float64Array;
  /** Balance of defaulted loans liquidated this month (defaulted `lag` months earlier). */
  liquidation: Float64Array;
  /** min(balance at default × severity, liquidated balance). */
  loss: Float64Array;
  /** Liquidated balance − loss. */
  recovery: Float64Array;
  /** Scheduled + defaulted amortization + prepayment + recovery. */
  totalPrincipal: Float64Array;
  /** Net interest + total principal. */
  cashFlow: Float64Array;
  endingBalance: Float64Array;
}

export interface ProjectionAssumptions {
  prepay: PrepaySpec;
  defaults?: DefaultAssumption;
}

const COLUMNS = [
  "beginningBalance", "performingBalance", "smm", "mdr", "newDefaults", "foreclosureBalance",
  "scheduledPayment", "grossInterest", "netInterest", "servicingFee", "expectedInterest",
  "lostInterest", "actualInterest", "advancedInterest", "expectedAmortization", "scheduledPrincipal", "defaultedAmortization", "prepayment", "liquidation", "loss", "recovery",
  "totalPrincipal", "cashFlow", "endingBalance",
] as const satisfies readonly (keyof CashFlowTable)[];

export type CashFlowColumn = (typeof COLUMNS)[number];
export const CASH_FLOW_COLUMNS: readonly CashFlowColumn[] = COLUMNS;

function emptyTable(months: number): CashFlowTable {
  const table = { months } as Record<string, unknown>;
  for (const c of COLUMNS) table[c] = new Float64Array(months);
  return table as unknown as CashFlowTable;
}

/** Projects the pool month by month to its WAM. Throws InvalidInputError on impossible terms. */
export function projectPassThrough(pool: PoolTerms, assumptions: ProjectionAssumptions): CashFlowTable {
  const p = resolvePool(pool);
  validatePrepaySpec(assumptions.prepay);
  const d = assumptions.defaults ?? NO_DEFAULTS;
  validateDefaultAssumption(d);
  const smm = smmVector(assumptions.prepay, p.wam, p.startAge);
  const mdr = mdrSchedule(d, p.wam, p.startAge);
  return projectWithRates(p.balance, p.grossWac, p.passThroughRate, p.wam, smm, mdr, d);
}

/**
 * The projection loop on already-validated inputs and per-month rates, so scenario grids can
 * reuse rate vectors. `smm` and `mdr` must have at least `wam` entries.
 */
export function projectWithRates(
  balance: number,
  grossWac: number,
  netRate: number,
  wam: number,
  smm: Float64Array,
  mdr: Float64Array,
  defaults: DefaultAssumption,
): CashFlowTable {
  const t = emptyTable(wam);
  const lag = defaults.lagMonths;
  // cohort[k] = remaining balance of the loans that defaulted in month k + 1 (0-based k).
  const cohort = new Float64Array(wam);
  const defaulted = new Float64Array(wam);
  let performing = balance;
  let foreclosure = 0;
  const monthlyGross = grossWac / 12;
  const monthlyNet = netRate / 12;
  for (let i = 0; i < wam; i++) {
    const remaining = wam - i;
    const fraction = scheduledPrincipalFraction(grossWac, remaining);
    const s = smm[i] as number;
    const q = mdr[i] as number;
    t.beginningBalance[i] = performing + foreclosure;
    t.performingBalance[i] = performing;
    t.smm[i] = s;
    t.mdr[i] = q;

    // SF-18/19: new defaults and voluntary prepayments are both rates on last month's performing
    // balance (defaults before, prepayments after this month's scheduled amortization).
    const newDefaults = performing * q;
    defaulted[i] = newDefaults;
    cohort[i] = newDefaults;
    t.newDefaults[i] = newDefaults;

    // Liquidate the cohort that has spent `lag` months in foreclosure (this month's, if lag = 0):
    // its amortized default balance ADB, loss = min(defaulted × severity, ADB), recovery = the rest.
    let liquidated = 0;
    const liquidatedIndex = i - lag;
    if (liquidatedIndex >= 0) {
      liquidated = cohort[liquidatedIndex] as number;
      const loss = Math.min((defaulted[liquidatedIndex] as number) * defaults.severity, liquidated);
      cohort[liquidatedIndex] = 0;
      t.liquidation[i] = liquidated;
      t.loss[i] = loss;
      t.recovery[i] = liquidated - loss;
    }

    // Loans still in foreclosure after this month's liquidation amortize when P&I is advanced.
    const stillInForeclosure = newDefaults + foreclosure - liquidated;
    let defaultedAmortization = 0;
    if (defaults.advance && stillInForeclosure > 0) {
      defaultedAmortization = stillInForeclosure * fraction;
      for (let k = Math.max(0, i - lag + 1); k <= i; k++) cohort[k] = (cohort[k] as number) * (1 - fraction);
    }

    const afterDefaults = performing - newDefaults;
    const scheduled = afterDefaults * fraction;
    // Capped so that amortization + defaults + prepayments never exceed the performing balance.
    const prepayment = Math.min(s * performing * (1 - fraction), afterDefaults - scheduled);
    // Interest accrues on last month's performing and foreclosure balances, the liquidating cohort
    // included; the new defaults' and foreclosures' share is lost (SF-18 EXP INT, LOST INT, ACT
    // INT). With advancing the servicer pays investors the lost interest as well.
    const expectedBase = performing + foreclosure;
    const lostBase = newDefaults + foreclosure;
    const interestBearing = defaults.advance ? expectedBase : expectedBase - lostBase;
    t.scheduledPayment[i] = levelPayment(afterDefaults, grossWac, remaining);
    t.grossInterest[i] = interestBearing * monthlyGross;
    t.netInterest[i] = interestBearing * monthlyNet;
    t.servicingFee[i] = interestBearing * (monthlyGross - monthlyNet);
    t.expectedInterest[i] = expectedBase * monthlyNet;
    t.lostInterest[i] = lostBase * monthlyNet;
    t.actualInterest[i] = (expectedBase - lostBase) * monthlyNet;
    t.advancedInterest[i] = defaults.advance ? lostBase * monthlyNet : 0;
    t.expectedAmortization[i] = (performing + foreclosure - liquidated) * fraction;
    t.scheduledPrincipal[i] = scheduled;
    t.defaultedAmortization[i] = defaultedAmortization;
    t.prepayment[i] = prepayment;
    const principal = scheduled + defaultedAmortization + prepayment + (t.recovery[i] as number);
    t.totalPrincipal[i] = principal;
    t.cashFlow[i] = (t.netInterest[i] as number) + principal;

    performing = afterDefaults - scheduled - prepayment;
    foreclosure = stillInForeclosure - defaultedAmortization;
    t.foreclosureBalance[i] = foreclosure;
    t.endingBalance[i] = performing + foreclosure;
  }
  return t;
}

/** One month of a table as a plain object (for JSON output and display). */
export type CashFlowRow = { month: number } & Record<CashFlowColumn, number>;

export function tableRows(table: CashFlowTable): CashFlowRow[] {
  const rows: CashFlowRow[] = [];
  for (let i = 0; i < table.months; i++) {
    const row = { month: i + 1 } as CashFlowRow;
    for (const c of COLUMNS) row[c] = table[c][i] as number;
    rows.push(row);
  }
  return rows;
}

/** Column sum (e.g. total principal over the life). */
export function columnSum(table: CashFlowTable, column: CashFlowColumn): number {
  let sum = 0;
  for (const v of table[column]) sum += v;
  return sum;
}

/** Weighted-average life in years from the start of month 1, principal at month ends. */
export function averageLifeYears(table: CashFlowTable): number {
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < table.months; i++) {
    const principal = table.totalPrincipal[i] as number;
    weighted += (i + 1) * principal;
    total += principal;
  }
  return total === 0 ? 0 : weighted / total / 12;
}
