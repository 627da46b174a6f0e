/**
 * The dashboard's projection: the deal as the chain holds it now — its terms (fees, triggers,
 * reserve, OC target, clean-up call, every class's kind, coupon, rank and PAC schedule) and its
 * state between periods (pool and class balances, interest shortfalls, written-down amounts,
 * reserve, cumulative loss) — run forward month by month through the deal model
 * (src/analytics/deal, the spec of the on-chain waterfall), on the pool's collateral projected by
 * the Standard Formulas (src/analytics/passthrough) at a prepayment speed (CPR or PSA), a default
 * rate (CDR) and a loss severity. By default the speed is the pool's observed life CPR and CDR and
 * the observed severity. Per class: projected interest, principal, losses and balance by month,
 * and an indicative price, yield and WAL from those flows.
 *
 * The chain holds no loan-level terms, so the collateral's are inferred from the latest servicer
 * report: gross WAC = 12 × interest collected / beginning balance; remaining term from the
 * scheduled principal of a level-payment loan (n = ln(1 + r/s) / ln(1 + r), r the monthly rate,
 * s the scheduled share of the balance). Indicative figures, labelled so on the page.
 */
import { InvalidInputError, MbsError } from "../errors.js";
import type { CalendarDate } from "../analytics/dates.js";
import { reportsFromProjection } from "../analytics/deal/collateral.js";
import { dealConfigOfTerms, type WaterfallDealTerms } from "../analytics/deal/onchain.js";
import type { ClassConfig, CollateralPeriod, DealConfig, DealState, PeriodResult, PrincipalMode } from "../analytics/deal/types.js";
import { runPeriod } from "../analytics/deal/waterfall.js";
import { projectPassThrough } from "../analytics/passthrough.js";
import type { PoolTerms } from "../analytics/pool.js";
import { averageLife } from "../analytics/risk.js";
import type { PrepaySpec } from "../analytics/speeds.js";
import { preparePricing, yieldFromPrice } from "../analytics/yield.js";

/** `IPaymentWaterfall.DealTerms` as the view returns it (the projection does not need the calendar). */
export type ChainDealTerms = Omit<WaterfallDealTerms, "cutoffDate">;

/** `IPaymentWaterfall.ClassTerms` (schedule included) and `ClassState`, with the class's display id. */
export interface ChainClass {
  id: string;
  kind: number;
  couponPpm: number;
  interestRank: number;
  originalBalance: bigint;
  notionalMask: number;
  schedule: bigint[] | undefined;
  balance: bigint;
  interestShortfall: bigint;
  writtenDown: bigint;
}

/** `IPaymentWaterfall.DealState`. */
export interface ChainDealState {
  period: number;
  poolBalance: bigint;
  reserveBalance: bigint;
  cumulativeLoss: bigint;
  servicingFeeShortfall: bigint;
  trusteeFeeShortfall: bigint;
  called: boolean;
}

export interface ChainDeal {
  config: DealConfig;
  state: DealState;
}

/** The model's configuration and state for what the waterfall's views return (pure mapping). */
export function dealOfChain(name: string, terms: ChainDealTerms, classes: readonly ChainClass[], state: ChainDealState): ChainDeal {
  const config = dealConfigOfTerms(name, terms, classes.map((c) => ({ ...c, scheduled: c.schedule !== undefined, schedule: c.schedule ?? [] })));
  return {
    config,
    state: {
      period: state.period,
      poolBalance: state.poolBalance,
      reserveBalance: state.reserveBalance,
      cumulativeLoss: state.cumulativeLoss,
      feeShortfall: state.servicingFeeShortfall + state.trusteeFeeShortfall,
      classes: classes.map((c) => ({ balance: c.balance, interestShortfall: c.interestShortfall, writtenDown: c.writtenDown })),
      called: state.called,
    },
  };
}

/** A prepayment speed the page can ask for: an annual CPR (decimal) or a percentage of the PSA curve. */
export type Speed = { kind: "cpr"; cpr: number } | { kind: "psa"; psa: number };

export interface WhatIf {
  speed: Speed;
  /** Annual default rate, decimal (0.02 = 2 % CDR). */
  cdr: number;
  /** Loss severity on defaults, decimal. */
  severity: number;
  /** Clean price per 100 of current face by class id; par (100) for a bond class when absent. */
  prices: Record<string, number>;
}

export interface CollateralTerms { grossWac: number; wamMonths: number }

/** Gross WAC and remaining term implied by one period's report. */
export function collateralTermsOf(beginning: bigint, interestCollected: bigint, scheduledPrincipal: bigint): CollateralTerms {
  if (beginning <= 0n) throw new InvalidInputError("pool", "no balance left to project");
  const grossWac = (12 * Number(interestCollected)) / Number(beginning);
  const r = grossWac / 12;
  const s = Number(scheduledPrincipal) / Number(beginning);
  const wamMonths = r > 0 && s > 0 ? Math.log(1 + r / s) / Math.log(1 + r) : s > 0 ? 1 / s : 360;
  return { grossWac, wamMonths: Math.max(1, Math.min(480, Math.round(wamMonths))) };
}

export interface IndicativeRow {
  classId: string;
  kind: ClassConfig["kind"];
  /** Current balance (an interest-only class: its notional), currency units. */
  balance: number;
  price: number | null;
  yield: number | null;
  wal: number | null;
  /** Principal projected lost, fraction of the current balance. */
  loss: number;
  note?: string;
}

/** Projected cash flows by month, currency units (floats, for charts and tables). Index k = period `periods[k]`. */
export interface Projection {
  periods: number[];
  pool: {
    interest: number[];
    scheduledPrincipal: number[];
    prepaidPrincipal: number[];
    liquidationProceeds: number[];
    losses: number[];
    balance: number[];
  };
  classes: { id: string; kind: ClassConfig["kind"]; interest: number[]; principal: number[]; loss: number[]; balance: number[] }[];
  reserve: number[];
  /** First projected period in which each trigger tests tripped, and the clean-up call, if any. */
  events: { lossTrigger: number | null; delinquencyTrigger: number | null; cleanUpCall: number | null };
}

export interface ProjectionResult {
  projection: Projection;
  rows: IndicativeRow[];
}

/** Payment delay used for the indicative yields (days after the end of the accrual month). */
export const DELAY_DAYS = 24;
const UNITS = 1_000_000;

function checkWhatIf(w: WhatIf): void {
  const rate = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new InvalidInputError(name, `must be a rate from 0 to 100 % (got ${value * 100} %)`);
  };
  if (w.speed.kind === "cpr") {
    rate("cpr", w.speed.cpr);
    if (w.speed.cpr >= 1) throw new InvalidInputError("cpr", "must be below 100 % (100 % CPR prepays everything at once)");
  } else if (!Number.isFinite(w.speed.psa) || w.speed.psa < 0 || w.speed.psa > 5000) {
    throw new InvalidInputError("psa", `must be from 0 to 5,000 % PSA (got ${w.speed.psa})`);
  }
  rate("cdr", w.cdr);
  if (w.cdr >= 1) throw new InvalidInputError("cdr", "must be below 100 %");
  rate("severity", w.severity);
}

/**
 * The collateral's reports for the months ahead, in integer units that tie exactly to the pool
 * balance the chain holds. The 60+ delinquent balance is the projected foreclosure balance, or the
 * share of the pool observed 60+ delinquent in the latest report held flat, whichever is larger
 * (so a delinquency trigger tripped today stays tripped in the projection).
 */
function collateralReports(poolBalance: bigint, terms: CollateralTerms, whatIf: WhatIf, delinquent60PlusShare: number): CollateralPeriod[] {
  const pool: PoolTerms = { balance: Number(poolBalance) / UNITS, grossWac: terms.grossWac, passThroughRate: terms.grossWac, originalTerm: Math.max(360, terms.wamMonths), wam: terms.wamMonths };
  const prepay: PrepaySpec = whatIf.speed.kind === "cpr" ? { kind: "cpr", cpr: whatIf.speed.cpr } : { kind: "psa", psa: whatIf.speed.psa };
  const table = projectPassThrough(pool, { prepay, defaults: { rate: { kind: "cdr", cdr: whatIf.cdr }, severity: whatIf.severity, lagMonths: 0, advance: true } });
  const { originalBalance, reports } = reportsFromProjection(table);
  // Float rounding of the balance in and out of currency units can leave a unit's difference:
  // the first month's prepayments take it, so beginning − principal − liquidated = ending holds.
  const first = reports[0];
  const gap = poolBalance - originalBalance;
  if (first !== undefined && gap !== 0n) {
    if (first.prepayments + gap < 0n) throw new MbsError("projection does not tie to the pool balance", { poolBalance: poolBalance.toString(), projected: originalBalance.toString() });
    reports[0] = { ...first, prepayments: first.prepayments + gap };
  }
  const share = Math.max(0, Math.min(1, delinquent60PlusShare));
  return reports.map((r) => {
    const held = BigInt(Math.floor(Number(r.endingPoolBalance) * share));
    return held > r.delinquent60Plus ? { ...r, delinquent60Plus: held } : r;
  });
}

/**
 * Runs the deal forward from its state on chain at `whatIf`, and prices each class on its
 * projected flows. `delinquent60PlusShare`: the latest report's 60+ delinquent share of the pool.
 */
export function projectDeal(deal: ChainDeal, terms: CollateralTerms, whatIf: WhatIf, settlement: CalendarDate, delinquent60PlusShare = 0): ProjectionResult {
  checkWhatIf(whatIf);
  const { config } = deal;
  let state = deal.state;
  const results: PeriodResult[] = [];
  const used: CollateralPeriod[] = [];
  if (!state.called && state.poolBalance > 0n) {
    for (const report of collateralReports(state.poolBalance, terms, whatIf, delinquent60PlusShare)) {
      const outcome = runPeriod(config, state, report);
      results.push(outcome.result);
      used.push(report);
      state = outcome.state;
      if (state.called) break;
    }
  }
  const money = (x: bigint) => Number(x) / UNITS;
  const pick = (f: (p: PeriodResult) => bigint) => results.map((p) => money(f(p)));
  const classes = config.classes.map((c, i) => ({
    id: c.id,
    kind: c.kind,
    interest: pick((p) => p.classes[i]?.interestPaid ?? 0n),
    principal: pick((p) => p.classes[i]?.principalPaid ?? 0n),
    loss: pick((p) => p.classes[i]?.lossAllocated ?? 0n),
    balance: pick((p) => p.classes[i]?.endingBalance ?? 0n),
  }));
  const firstWhere = (test: (p: PeriodResult) => boolean) => results.find(test)?.period ?? null;
  const projection: Projection = {
    periods: results.map((p) => p.period),
    pool: {
      interest: pick((p) => p.pool.interestCollected),
      scheduledPrincipal: used.map((r) => money(r.scheduledPrincipal)),
      prepaidPrincipal: used.map((r) => money(r.prepayments)),
      liquidationProceeds: pick((p) => p.pool.liquidationProceeds),
      losses: pick((p) => p.pool.realizedLoss),
      balance: pick((p) => p.pool.endingBalance),
    },
    classes,
    reserve: pick((p) => p.reserve.ending),
    events: {
      lossTrigger: firstWhere((p) => p.triggers.cumulativeLoss?.tripped === true),
      delinquencyTrigger: firstWhere((p) => p.triggers.delinquency?.tripped === true),
      cleanUpCall: firstWhere((p) => p.cleanUpCallProceeds > 0n),
    },
  };
  return { projection, rows: indicativeRows(deal, classes, whatIf, settlement) };
}

function indicativeRows(deal: ChainDeal, flows: Projection["classes"], whatIf: WhatIf, settlement: CalendarDate): IndicativeRow[] {
  return deal.config.classes.map((c, i) => {
    const balance = Number(deal.state.classes[i]?.balance ?? 0n) / UNITS;
    const f = flows[i]!;
    const lost = f.loss.reduce((a, b) => a + b, 0);
    const base = { classId: c.id, kind: c.kind, balance, loss: balance > 0 ? lost / balance : 0 };
    const given = whatIf.prices[c.id];
    if (!(balance > 0)) return { ...base, price: given ?? null, yield: null, wal: null, note: c.kind === "interestOnly" ? "notional gone" : "paid off" };
    if (c.kind === "interestOnly" && given === undefined) {
      return { ...base, price: null, yield: null, wal: null, note: "interest-only: give a price per 100 of notional for a yield" };
    }
    const price = given ?? 100;
    const pricing = preparePricing({
      cashFlow: f.interest.map((x, k) => x + (f.principal[k] ?? 0)),
      principal: f.principal,
      face: balance,
      coupon: c.couponPpm / 1_000_000,
      settlement,
      delayDays: DELAY_DAYS,
    });
    const totalPrincipal = f.principal.reduce((a, b) => a + b, 0);
    const wal = totalPrincipal > 0 ? averageLife(pricing) : null;
    try {
      return { ...base, price, yield: yieldFromPrice(pricing, price), wal };
    } catch (error) {
      // A price at or above the undiscounted cash flows has no yield: say so, keep the row.
      if (!(error instanceof MbsError)) throw error;
      return { ...base, price, yield: null, wal, note: error.message };
    }
  });
}
