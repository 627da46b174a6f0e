/**
 * The trustee's monthly distribution statement: per class, per 1,000 of original face and in
 * total (beginning balance, interest, principal, shortfall, losses, ending balance, factor), and
 * the pool lines (collections, delinquencies, 1-month and life CPR/CDR, cumulative loss, reserve,
 * trigger status). Built from a servicer report and the waterfall's period result — from the
 * preview before execution, or from chain logs after — and rendered for a terminal, JSON or CSV.
 */
import { cprFromSmm } from "../analytics/speeds.js";
import { isBondClass } from "../analytics/deal/validate.js";
import type { DealConfig, PeriodResult } from "../analytics/deal/types.js";
import { FACTOR_ONE, formatFactor, formatUsd, per1000 } from "../units.js";
import { remittanceOf, type Bucket, type ServicerReport } from "./report.js";
import { unpackReconciliationWarnings } from "./warnings.js";
import type { FlagCode } from "./policy.js";

/** Monthly SMM and MDR of every period so far (index 0 = period 1), for life speeds. */
export interface SpeedHistory {
  smm: number[];
  mdr: number[];
}

export interface StatementClassLine {
  id: string;
  kind: string;
  /** Original face (an IO class: original notional). */
  originalFace: bigint;
  beginning: bigint;
  interest: bigint;
  principal: bigint;
  /** Interest unpaid this period and carried forward. */
  shortfall: bigint;
  losses: bigint;
  /** Earlier losses written back up by recoveries (0 when the model has no write-ups). */
  writeUp: bigint;
  /** Z-bond accretion added to the balance. */
  accretion: bigint;
  ending: bigint;
  /** 1e18 = 1.0. */
  factor: bigint;
}

export interface StatementBucket extends Bucket {
  /** Share of the ending pool balance, ppm. */
  ppm: bigint;
}

export interface TrusteeStatement {
  deal: string;
  period: number;
  reportingMonth: string;
  classes: StatementClassLine[];
  /** Every bond class summed (IO notionals excluded from balances, their interest included). */
  total: StatementClassLine;
  pool: {
    beginningBalance: bigint;
    endingBalance: bigint;
    beginningLoanCount: number;
    endingLoanCount: number;
    originalBalance: bigint;
    factor: bigint;
    grossInterest: bigint;
    servicingFeePaid: bigint;
    trusteeFeePaid: bigint;
    feeShortfall: bigint;
    scheduledPrincipal: bigint;
    curtailments: bigint;
    payoffs: bigint;
    payoffCount: number;
    liquidationProceeds: bigint;
    /** NaN when unknown (the on-chain report does not carry it). */
    liquidationCount: number;
    realizedLoss: bigint;
    recoveries: bigint;
    cumulativeLoss: bigint;
    /** Cash remitted: interest + principal + liquidation proceeds + recoveries (+ clean-up call). */
    collections: bigint;
    cleanUpCallProceeds: bigint;
    delinquency: { d30: StatementBucket; d60: StatementBucket; d90plus: StatementBucket; foreclosure: StatementBucket; reo: StatementBucket };
    cpr1m: number;
    cprLife: number;
    cdr1m: number;
    cdrLife: number;
  };
  reserve: { beginning: bigint; target: bigint; deposit: bigint; release: bigint; draw: bigint; ending: bigint };
  overcollateralization: { actual: bigint; target: bigint };
  triggers: { name: string; actualPpm: bigint; thresholdPpm: bigint; tripped: boolean }[];
  principalMode: string;
  residual: bigint;
  /** Warnings reconciliation let through for this period, per flag code (non-zero only), as attested on chain. */
  reconciliationWarnings: { code: FlagCode; count: number }[];
}

function ppmOfPool(balance: bigint, pool: bigint): bigint {
  return pool === 0n ? 0n : (balance * 1_000_000n) / pool;
}

/** Life speed from monthly rates: 1 − (Π (1 − rate))^(1/n), annualised like CPR. */
function lifeAnnual(monthly: readonly number[]): number {
  if (monthly.length === 0) return 0;
  let survival = 1;
  for (const m of monthly) survival *= 1 - m;
  return cprFromSmm(1 - Math.pow(survival, 1 / monthly.length));
}

export function buildStatement(
  deal: DealConfig,
  report: ServicerReport,
  result: PeriodResult,
  history: SpeedHistory,
): { statement: TrusteeStatement; speeds: SpeedHistory } {
  // SIFMA actual speeds: unscheduled principal (defaults: liquidated balance) over the balance
  // left after scheduled principal.
  const base = report.beginningPoolBalance - report.scheduledPrincipal;
  const smm = base > 0n ? Number(report.curtailments + report.payoffs) / Number(base) : 0;
  const mdr = base > 0n ? Number(report.liquidationProceeds + report.realizedLoss) / Number(base) : 0;
  const speeds = { smm: [...history.smm, smm], mdr: [...history.mdr, mdr] };
  const classes: StatementClassLine[] = result.classes.map((c, i) => {
    const config = deal.classes[i]!;
    const originalFace = isBondClass(config)
      ? config.originalBalance
      : config.notionalOf === "pool"
        ? deal.originalPoolBalance
        : deal.classes.reduce((s, k) => (isBondClass(k) && config.notionalOf.includes(k.id) ? s + k.originalBalance : s), 0n);
    const withWriteUp = c as typeof c & { writeUp?: bigint };
    return {
      id: c.id,
      kind: c.kind,
      originalFace,
      beginning: c.beginningBalance,
      interest: c.interestPaid,
      principal: c.principalPaid,
      shortfall: c.interestShortfall,
      losses: c.lossAllocated,
      writeUp: withWriteUp.writeUp ?? 0n,
      accretion: c.accretion,
      ending: c.endingBalance,
      factor: c.factor,
    };
  });
  const bonds = classes.filter((_, i) => isBondClass(deal.classes[i]!));
  const sum = (pick: (c: StatementClassLine) => bigint, list = bonds): bigint => list.reduce((s, c) => s + pick(c), 0n);
  const totalOriginal = sum((c) => c.originalFace);
  const totalEnding = sum((c) => c.ending);
  const total: StatementClassLine = {
    id: "TOTAL",
    kind: "total",
    originalFace: totalOriginal,
    beginning: sum((c) => c.beginning),
    interest: sum((c) => c.interest, classes),
    principal: sum((c) => c.principal),
    shortfall: sum((c) => c.shortfall, classes),
    losses: sum((c) => c.losses),
    writeUp: sum((c) => c.writeUp),
    accretion: sum((c) => c.accretion),
    ending: totalEnding,
    factor: totalOriginal === 0n ? 0n : (totalEnding * FACTOR_ONE) / totalOriginal,
  };
  const ending = result.pool.endingBalance;
  const bucket = (b: Bucket): StatementBucket => ({ ...b, ppm: ppmOfPool(b.balance, report.endingPoolBalance) });
  const triggers: TrusteeStatement["triggers"] = [];
  if (result.triggers.delinquency !== undefined) triggers.push({ name: "60+ delinquency", ...result.triggers.delinquency });
  if (result.triggers.cumulativeLoss !== undefined) triggers.push({ name: "cumulative loss", ...result.triggers.cumulativeLoss });
  const servicingPaid = result.fees.paid < result.fees.carriedShortfall + result.fees.servicingDue ? result.fees.paid : result.fees.carriedShortfall + result.fees.servicingDue;
  const statement: TrusteeStatement = {
    deal: deal.name,
    period: report.period,
    reportingMonth: report.reportingMonth,
    classes,
    total,
    pool: {
      beginningBalance: result.pool.beginningBalance,
      endingBalance: ending,
      beginningLoanCount: report.beginningLoanCount,
      endingLoanCount: result.cleanUpCallProceeds > 0n ? 0 : report.endingLoanCount,
      originalBalance: deal.originalPoolBalance,
      factor: (ending * FACTOR_ONE) / deal.originalPoolBalance,
      grossInterest: report.interestCollected,
      servicingFeePaid: servicingPaid,
      trusteeFeePaid: result.fees.paid - servicingPaid,
      feeShortfall: result.fees.shortfall,
      scheduledPrincipal: report.scheduledPrincipal,
      curtailments: report.curtailments,
      payoffs: report.payoffs,
      payoffCount: report.payoffCount,
      liquidationProceeds: report.liquidationProceeds,
      liquidationCount: report.liquidationCount,
      realizedLoss: report.realizedLoss,
      recoveries: report.recoveries,
      cumulativeLoss: result.pool.cumulativeLoss,
      collections: remittanceOf(report) + result.cleanUpCallProceeds,
      cleanUpCallProceeds: result.cleanUpCallProceeds,
      delinquency: {
        d30: bucket(report.delinquent30),
        d60: bucket(report.delinquent60),
        d90plus: bucket(report.delinquent90Plus),
        foreclosure: bucket(report.foreclosure),
        reo: bucket(report.reo),
      },
      cpr1m: cprFromSmm(smm),
      cprLife: lifeAnnual(speeds.smm),
      cdr1m: cprFromSmm(mdr),
      cdrLife: lifeAnnual(speeds.mdr),
    },
    reserve: {
      beginning: result.reserve.beginning,
      target: result.reserve.target,
      deposit: result.reserve.deposit,
      release: result.reserve.release,
      draw: result.reserve.draw,
      ending: result.reserve.ending,
    },
    overcollateralization: result.overcollateralization,
    triggers,
    principalMode: result.principalModeApplied,
    residual: result.residual,
    reconciliationWarnings: unpackReconciliationWarnings(report.reconciliationWarnings),
  };
  return { statement, speeds };
}

// ---------------------------------------------------------------------------------------------
// Renderers

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const ppmPct = (ppm: bigint): string => `${(Number(ppm) / 10_000).toFixed(4)}%`;

const CLASS_COLUMNS = ["beginning", "interest", "principal", "shortfall", "losses", "ending"] as const;

/** The statement as JSON: amounts as decimal strings of units (6 decimals) and dollars, factors with 8 decimals. */
export function statementToJson(s: TrusteeStatement): Record<string, unknown> {
  const cls = (c: StatementClassLine) => ({
    id: c.id,
    kind: c.kind,
    originalFace: c.originalFace.toString(),
    ...Object.fromEntries(CLASS_COLUMNS.map((k) => [k, c[k].toString()])),
    writeUp: c.writeUp.toString(),
    accretion: c.accretion.toString(),
    factor: formatFactor(c.factor),
    per1000: Object.fromEntries(CLASS_COLUMNS.map((k) => [k, per1000(c[k], c.originalFace)])),
  });
  return JSON.parse(
    JSON.stringify({ ...s, classes: s.classes.map(cls), total: cls(s.total), units: "settlement-token units, 6 decimals (1 USD = 1000000)" }, (k, v: unknown) => {
      if (typeof v === "bigint") return k === "factor" ? formatFactor(v) : v.toString();
      return v;
    }),
  ) as Record<string, unknown>;
}

function csvRow(cells: (string | number)[]): string {
  return cells.map((c) => (typeof c === "string" && /[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : String(c))).join(",");
}

/** Long-form CSV: `period,month,section,name,field,amount_usd,per_1000`. */
export function statementToCsv(s: TrusteeStatement, header = true): string {
  const out: string[] = header ? ["period,month,section,name,field,amount_usd,per_1000"] : [];
  const row = (section: string, name: string, field: string, amount: string, per = "") => out.push(csvRow([s.period, s.reportingMonth, section, name, field, amount, per]));
  for (const c of [...s.classes, s.total]) {
    for (const k of CLASS_COLUMNS) row("class", c.id, k, formatUsd(c[k]), per1000(c[k], c.originalFace));
    row("class", c.id, "factor", formatFactor(c.factor));
  }
  const p = s.pool;
  const money: [string, bigint][] = [
    ["beginning_balance", p.beginningBalance], ["gross_interest", p.grossInterest], ["servicing_fee_paid", p.servicingFeePaid],
    ["trustee_fee_paid", p.trusteeFeePaid], ["scheduled_principal", p.scheduledPrincipal], ["curtailments", p.curtailments],
    ["payoffs", p.payoffs], ["liquidation_proceeds", p.liquidationProceeds], ["realized_loss", p.realizedLoss],
    ["recoveries", p.recoveries], ["cumulative_loss", p.cumulativeLoss], ["collections", p.collections], ["ending_balance", p.endingBalance],
  ];
  for (const [k, v] of money) row("pool", "pool", k, formatUsd(v));
  row("pool", "pool", "payoff_count", String(p.payoffCount));
  if (!Number.isNaN(p.liquidationCount)) row("pool", "pool", "liquidation_count", String(p.liquidationCount));
  row("pool", "pool", "ending_loan_count", String(p.endingLoanCount));
  row("pool", "pool", "factor", formatFactor(p.factor));
  for (const [k, v] of [["cpr_1m", p.cpr1m], ["cpr_life", p.cprLife], ["cdr_1m", p.cdr1m], ["cdr_life", p.cdrLife]] as const) row("pool", "speed", k, v.toFixed(6));
  for (const [k, b] of Object.entries(p.delinquency)) {
    row("delinquency", k, "count", String(b.count));
    row("delinquency", k, "balance", formatUsd(b.balance));
  }
  for (const [k, v] of Object.entries(s.reserve)) row("reserve", "reserve", k, formatUsd(v));
  for (const t of s.triggers) row("trigger", t.name, t.tripped ? "tripped" : "passing", ppmPct(t.actualPpm), ppmPct(t.thresholdPpm));
  row("waterfall", "residual", "amount", formatUsd(s.residual));
  for (const w of s.reconciliationWarnings) row("reconciliation", w.code, "warnings", String(w.count));
  return `${out.join("\n")}\n`;
}

/** The statement as a trustee would print it. */
export function renderStatement(s: TrusteeStatement): string {
  const lines: string[] = [];
  lines.push(`${s.deal} — distribution statement, period ${s.period} (${s.reportingMonth})`);
  lines.push("");
  const head = ["class", "orig. face", "beginning", "interest", "principal", "shortfall", "losses", "ending", "factor"];
  const rows = [...s.classes, s.total].map((c) => [c.id, formatUsd(c.originalFace), ...CLASS_COLUMNS.map((k) => formatUsd(c[k])), formatFactor(c.factor)]);
  const per = [...s.classes, s.total].map((c) => [c.id, "1,000.00", ...CLASS_COLUMNS.map((k) => per1000(c[k], c.originalFace).replace(/(\.\d{4})\d+$/, "$1")), ""]);
  lines.push(...table(head, rows));
  lines.push("");
  lines.push("per 1,000 of original face");
  lines.push(...table(head, per));
  const p = s.pool;
  lines.push("");
  lines.push("collateral");
  const kv: [string, string][] = [
    ["beginning balance", `${formatUsd(p.beginningBalance)}  (${p.beginningLoanCount} loans)`],
    ["gross interest", formatUsd(p.grossInterest)],
    ["servicing / trustee fees paid", `${formatUsd(p.servicingFeePaid)} / ${formatUsd(p.trusteeFeePaid)}${p.feeShortfall > 0n ? `  (unpaid ${formatUsd(p.feeShortfall)})` : ""}`],
    ["scheduled principal", formatUsd(p.scheduledPrincipal)],
    ["curtailments", formatUsd(p.curtailments)],
    ["payoffs", `${formatUsd(p.payoffs)}  (${p.payoffCount} loans)`],
    ["liquidation proceeds", `${formatUsd(p.liquidationProceeds)}${Number.isNaN(p.liquidationCount) ? "" : `  (${p.liquidationCount} loans)`}`],
    ["realized loss / cumulative", `${formatUsd(p.realizedLoss)} / ${formatUsd(p.cumulativeLoss)}`],
    ["recoveries", formatUsd(p.recoveries)],
    ["collections", formatUsd(p.collections)],
    ["ending balance", `${formatUsd(p.endingBalance)}  (${p.endingLoanCount} loans, factor ${formatFactor(p.factor)})`],
    ["CPR 1-month / life", `${pct(p.cpr1m)} / ${pct(p.cprLife)}`],
    ["CDR 1-month / life", `${pct(p.cdr1m)} / ${pct(p.cdrLife)}`],
  ];
  for (const [k, v] of kv) lines.push(`  ${k.padEnd(30)} ${v}`);
  lines.push("");
  lines.push("delinquency (count, balance, % of pool)");
  const names: Record<string, string> = { d30: "30-59 days", d60: "60-89 days", d90plus: "90+ days", foreclosure: "foreclosure", reo: "REO" };
  for (const [k, b] of Object.entries(p.delinquency)) lines.push(`  ${names[k]!.padEnd(14)} ${String(b.count).padStart(6)}  ${formatUsd(b.balance).padStart(18)}  ${ppmPct(b.ppm).padStart(9)}`);
  lines.push("");
  const r = s.reserve;
  lines.push(`reserve: ${formatUsd(r.beginning)} → ${formatUsd(r.ending)} (target ${formatUsd(r.target)}; deposit ${formatUsd(r.deposit)}, release ${formatUsd(r.release)}, draw ${formatUsd(r.draw)})`);
  lines.push(`overcollateralization: ${formatUsd(s.overcollateralization.actual)} (target ${formatUsd(s.overcollateralization.target)})`);
  for (const t of s.triggers) lines.push(`trigger ${t.name}: ${ppmPct(t.actualPpm)} vs ${ppmPct(t.thresholdPpm)} — ${t.tripped ? "TRIPPED" : "passing"}`);
  lines.push(`principal paid ${s.principalMode === "sequential" ? "sequentially" : "pro rata"}; residual ${formatUsd(s.residual)}`);
  const warned = s.reconciliationWarnings;
  lines.push(`reconciliation warnings: ${warned.length === 0 ? "none" : warned.map((w) => `${w.code} ×${w.count}`).join(", ")}`);
  return lines.join("\n");
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt)];
}
