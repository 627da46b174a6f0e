/**
 * Renderers for the pool statistics and stratification tables: a terminal table, JSON and CSV.
 * Money is printed in dollars; JSON and CSV keep full precision (cents, unrounded averages) so a
 * spreadsheet can recompute anything, and the terminal rounds for reading.
 */
import type { FieldStats, PoolStats } from "./stats.js";
import type { StratTable } from "./stratify.js";

export interface PoolReport {
  stats: PoolStats;
  strats: StratTable[];
}

/** The JSON document of the report (plain data; `JSON.stringify` it or hash it with sha256Json). */
export function reportJson(stats: PoolStats, strats: readonly StratTable[]): PoolReport {
  return { stats, strats: [...strats] };
}

const usd = (cents: number | null) =>
  cents === null ? "—" : `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const num = (x: number | null, decimals: number) =>
  x === null ? "—" : x.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: (col: number) => boolean): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (rightAlign(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function fieldRow(label: string, f: FieldStats, decimals: number): string[] {
  return [label, num(f.weightedAverage, decimals), num(f.min, decimals), num(f.max, decimals), String(f.missing)];
}

/** The pool summary as an aligned terminal table. */
export function formatStats(stats: PoolStats): string {
  const summary = table(
    ["metric", "value"],
    [
      ["loans", num(stats.loanCount, 0)],
      ["original UPB", usd(stats.originalUpbCents)],
      ["current UPB", usd(stats.currentUpbCents)],
      ["average original balance", usd(stats.averageOriginalBalanceCents)],
      ["average current balance", usd(stats.averageCurrentBalanceCents)],
      ["factor", num(stats.factor, 8)],
      ["WAC (%)", num(stats.wacPct, 3)],
      ["WAM (months)", num(stats.wamMonths, 1)],
      ["WALA (months)", num(stats.walaMonths, 1)],
      ["WA original term (months)", num(stats.waOriginalTermMonths, 1)],
    ],
    (c) => c === 1,
  );
  const fields = table(
    ["field", "WA", "min", "max", "missing"],
    [
      fieldRow("note rate (%)", stats.noteRatePct, 3),
      fieldRow("FICO", stats.fico, 0),
      fieldRow("LTV (%)", stats.ltvPct, 1),
      fieldRow("CLTV (%)", stats.cltvPct, 1),
      fieldRow("DTI (%)", stats.dtiPct, 1),
    ],
    (c) => c > 0,
  );
  const notes: string[] = [];
  if (stats.projectedCurrentUpbLoans > 0) {
    notes.push(
      `current UPB of ${stats.projectedCurrentUpbLoans} of ${stats.loanCount} loans (${usd(stats.projectedCurrentUpbCents)}) is the scheduled ` +
        "balance projected to the cut-off from note rate, term and first payment date: the tape carries no balance; give the performance file for actual balances",
    );
  }
  if (stats.dtiAboveRangeOrUnknown > 0) {
    notes.push(`DTI of ${stats.dtiAboveRangeOrUnknown} loans is "above the tape's range or not available" (Freddie 999), counted as missing above`);
  }
  return [`${summary}\n\n${fields}`, ...notes.map((n) => `note: ${n}`)].join("\n");
}

const STRAT_HEADER = ["count", "original UPB", "current UPB", "% UPB", "WAC", "WA FICO", "WA LTV"] as const;

/** One stratification table, aligned, with a total row. */
export function formatStrat(strat: StratTable): string {
  const rows = strat.rows.map((r) => [
    r.key,
    num(r.count, 0),
    usd(r.originalUpbCents),
    usd(r.currentUpbCents),
    num(r.pctCurrentUpb, 2),
    num(r.wacPct, 3),
    num(r.waFico, 0),
    num(r.waLtvPct, 1),
  ]);
  const sum = (f: (r: StratTable["rows"][number]) => number) => strat.rows.reduce((s, r) => s + f(r), 0);
  const pct = strat.rows.every((r) => r.pctCurrentUpb === null) ? null : sum((r) => r.pctCurrentUpb ?? 0);
  rows.push(["total", num(sum((r) => r.count), 0), usd(sum((r) => r.originalUpbCents)), usd(sum((r) => r.currentUpbCents)), num(pct, 2), "", "", ""]);
  return table([strat.dimension, ...STRAT_HEADER], rows, (c) => c > 0);
}

export function formatReport(stats: PoolStats, strats: readonly StratTable[]): string {
  return [formatStats(stats), ...strats.map(formatStrat)].join("\n\n");
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The pool summary as `metric,value` CSV (missing values empty). */
export function statsCsv(stats: PoolStats): string {
  const rows: (string | number | null)[][] = [["metric", "value"]];
  for (const [k, v] of Object.entries(stats)) {
    if (v !== null && typeof v === "object") {
      for (const [sub, x] of Object.entries(v as FieldStats)) rows.push([`${k}.${sub}`, x]);
    } else rows.push([k, v as number | null]);
  }
  return csv(rows);
}

export const STRAT_CSV_HEADER = [
  "table",
  "key",
  "count",
  "original_upb_cents",
  "current_upb_cents",
  "pct_current_upb",
  "wac_pct",
  "wa_fico",
  "wa_ltv_pct",
] as const;

/** Every stratification table in one long CSV, one row per (table, key). */
export function stratsCsv(strats: readonly StratTable[]): string {
  const rows: (string | number | null)[][] = [[...STRAT_CSV_HEADER]];
  for (const t of strats) {
    for (const r of t.rows) {
      rows.push([t.dimension, r.key, r.count, r.originalUpbCents, r.currentUpbCents, r.pctCurrentUpb, r.wacPct, r.waFico, r.waLtvPct]);
    }
  }
  return csv(rows);
}
