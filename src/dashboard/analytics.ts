/**
 * Indicative price, yield and WAL per class from src/analytics, at the deal's state as the chain
 * holds it now (current pool and class balances, the waterfall's fees and triggers) and at a speed
 * — by default the pool's observed life CPR and CDR, or the what-if speed the page sends.
 *
 * The pool's collateral terms are inferred from the latest servicer report, since the chain holds
 * no loan-level terms: gross WAC = 12 × interest collected / beginning balance; remaining term from
 * the scheduled principal of a level-payment loan (n = ln(1 + r/s) / ln(1 + r), r the monthly rate,
 * s the scheduled share of the balance). Indicative figures, labelled so on the page.
 */
import { InvalidInputError } from "../errors.js";
import { runScenarios } from "../analytics/deal/scenarios.js";
import type { ClassConfig, DealConfig } from "../analytics/deal/types.js";
import type { PoolTerms } from "../analytics/pool.js";

export interface ChainDeal {
  poolBalance: bigint;
  classes: { id: string; kind: number; couponPpm: number; balance: bigint }[];
  servicingFeePpm: number;
  trusteeFeePpm: number;
  lossTriggerPpm: number | null;
  delinquencyTriggerPpm: number | null;
  overcollateralizationTargetPpm: number;
}

export interface WhatIf {
  /** Annual rates, decimals (0.08 = 8 % CPR). */
  cpr: number;
  cdr: number;
  /** Loss severity on defaults, decimal. */
  severity: number;
  /** Clean price per 100 by class id; 100 when absent. */
  prices: Record<string, number>;
}

export interface IndicativeRow {
  classId: string;
  price: number;
  yield: number | null;
  wal: number | null;
  loss: number;
  note?: string;
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

const KINDS = ["standard", "accrual", "principalOnly"] as const;

export function indicative(deal: ChainDeal, terms: CollateralTerms, whatIf: WhatIf, settlement: { year: number; month: number; day: number }): IndicativeRow[] {
  for (const [name, value, max] of [["cpr", whatIf.cpr, 1], ["cdr", whatIf.cdr, 1], ["severity", whatIf.severity, 1]] as const) {
    if (!Number.isFinite(value) || value < 0 || value >= max + (name === "severity" ? 1e-9 : 0)) throw new InvalidInputError(name, `must be a rate from 0 to 100 % (got ${value * 100} %)`);
  }
  const bonds = deal.classes.filter((c) => c.kind !== 3 && c.balance > 0n);
  const classes: ClassConfig[] = bonds.map((c) => ({ id: c.id, kind: KINDS[c.kind] ?? "standard", originalBalance: c.balance, couponPpm: c.couponPpm }));
  const config: DealConfig = {
    name: "current state",
    originalPoolBalance: deal.poolBalance,
    principalMode: "sequential",
    classes,
    fees: { servicingPpm: deal.servicingFeePpm, servicingFixed: 0n, trusteePpm: deal.trusteeFeePpm, trusteeFixed: 0n },
    ...(deal.lossTriggerPpm !== null || deal.delinquencyTriggerPpm !== null
      ? { triggers: { ...(deal.lossTriggerPpm !== null ? { cumulativeLossPpm: deal.lossTriggerPpm } : {}), ...(deal.delinquencyTriggerPpm !== null ? { delinquencyPpm: deal.delinquencyTriggerPpm } : {}) } }
      : {}),
    overcollateralizationTargetPpm: deal.overcollateralizationTargetPpm,
  };
  const pool: PoolTerms = { balance: Number(deal.poolBalance) / 1e6, grossWac: terms.grossWac, passThroughRate: terms.grossWac, originalTerm: Math.max(360, terms.wamMonths), wam: terms.wamMonths };
  const rows: IndicativeRow[] = [];
  for (const c of deal.classes) {
    const price = whatIf.prices[c.id] ?? 100;
    if (c.kind === 3 || c.balance === 0n) {
      rows.push({ classId: c.id, price, yield: null, wal: null, loss: 0, note: c.kind === 3 ? "interest-only class: not projected here" : "paid off" });
      continue;
    }
    const report = runScenarios({
      pool, deal: { config, classId: c.id }, speeds: [{ kind: "cpr", cpr: whatIf.cpr }], defaultRates: [{ kind: "cdr", cdr: whatIf.cdr }],
      severity: whatIf.severity, lagMonths: 0, advance: true, rateShiftsBp: [0], price, settlement, delayDays: 24,
    });
    const row = report.rows[0]!;
    rows.push({ classId: c.id, price, yield: row.yield, wal: row.wal, loss: row.loss, ...(row.note !== undefined ? { note: row.note } : {}) });
  }
  return rows;
}
