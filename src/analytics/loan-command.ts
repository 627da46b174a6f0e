import { InvalidInputError } from "../errors.js";
import { OUTPUT_UNITS, defaultsForOutput, prepayForOutput } from "./commands.js";
import type { DefaultAssumption } from "./defaults.js";
import type { LoanArrays, LoanLevelFlows } from "./loanlevel.js";
import { projectLoans } from "./loanlevel.js";
import type { PrepaySpec } from "./speeds.js";

/**
 * `mbs loan-cashflows`: every loan of a tape projected on its own balance, note rate, remaining
 * term and age with the same speed and default options as `mbs cashflows`; the monthly totals.
 */
export interface LoanCashflowsResult {
  loans: number;
  /** Servicing and guarantee fee, annual decimal (investors get note rate − fee). */
  fee: number;
  prepay: PrepaySpec;
  defaults: DefaultAssumption | undefined;
  flows: LoanLevelFlows;
  summary: { months: number; startBalance: number; wal: number; totalPrincipal: number; totalInterest: number; totalDefaults: number; totalLoss: number };
}

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

export function runLoanCashflows(loans: LoanArrays, prepay: PrepaySpec, fee: number, defaults: DefaultAssumption | undefined): LoanCashflowsResult {
  let longest = 0;
  for (const t of loans.remainingTerm) longest = Math.max(longest, t);
  if (defaults !== undefined && defaults.lagMonths >= longest) {
    throw new InvalidInputError("--lag", `${defaults.lagMonths} months leaves no month for defaults: the tape's longest remaining term is ${longest} months`);
  }
  const flows = projectLoans(loans, prepay, fee, defaults);
  let weighted = 0;
  for (let i = 0; i < flows.months; i++) weighted += (i + 1) * (flows.totalPrincipal[i] as number);
  const totalPrincipal = sum(flows.totalPrincipal);
  return {
    loans: loans.balance.length, fee, prepay, defaults, flows,
    summary: {
      months: flows.months,
      startBalance: flows.beginningBalance[0] ?? 0,
      wal: totalPrincipal > 0 ? weighted / totalPrincipal / 12 : 0,
      totalPrincipal,
      totalInterest: sum(flows.netInterest),
      totalDefaults: sum(flows.newDefaults),
      totalLoss: sum(flows.loss),
    },
  };
}

const COLUMNS = [
  "beginningBalance", "scheduledPrincipal", "prepayment", "grossInterest", "netInterest", "newDefaults", "foreclosureBalance",
  "defaultedAmortization", "lostInterest", "liquidation", "recovery", "loss", "totalPrincipal", "endingBalance",
] as const;

export function loanCashflowsForOutput(r: LoanCashflowsResult): Record<string, unknown> {
  const rows = Array.from({ length: r.flows.months }, (_, i) => {
    const row: Record<string, number> = { month: i + 1 };
    for (const c of COLUMNS) row[c] = r.flows[c][i] as number;
    return row;
  });
  return {
    units: OUTPUT_UNITS, loans: r.loans, fee: r.fee * 100, prepay: prepayForOutput(r.prepay),
    defaults: r.defaults === undefined ? null : defaultsForOutput(r.defaults), summary: r.summary, rows,
  };
}

const money = (x: number) => Math.round(x).toLocaleString("en-US");

export function formatLoanCashflows(r: LoanCashflowsResult): string {
  const withDefaults = r.defaults !== undefined;
  const columns: [string, (i: number) => number][] = [
    ["balance", (i) => r.flows.beginningBalance[i] as number],
    ["net interest", (i) => r.flows.netInterest[i] as number],
    ["sched principal", (i) => r.flows.scheduledPrincipal[i] as number],
    ["prepayment", (i) => r.flows.prepayment[i] as number],
    ...(withDefaults ? [
      ["new defaults", (i: number) => r.flows.newDefaults[i] as number],
      ["foreclosure", (i: number) => r.flows.foreclosureBalance[i] as number],
      ["lost int", (i: number) => r.flows.lostInterest[i] as number],
      ["defaulted amort", (i: number) => r.flows.defaultedAmortization[i] as number],
      ["recovery", (i: number) => r.flows.recovery[i] as number],
      ["loss", (i: number) => r.flows.loss[i] as number],
    ] as [string, (i: number) => number][] : []),
    ["total principal", (i) => r.flows.totalPrincipal[i] as number],
    ["end balance", (i) => r.flows.endingBalance[i] as number],
  ];
  const cells = [["month", ...columns.map(([h]) => h)]];
  for (let i = 0; i < r.flows.months; i++) cells.push([String(i + 1), ...columns.map(([, f]) => money(f(i)))]);
  const widths = (cells[0] as string[]).map((_, c) => Math.max(...cells.map((row) => (row[c] as string).length)));
  const lines = cells.map((row) => row.map((cell, c) => cell.padStart(widths[c] as number)).join("  "));
  const s = r.summary;
  lines.push("", `${r.loans} loans · WAL ${s.wal.toFixed(2)} years · principal ${money(s.totalPrincipal)} · net interest ${money(s.totalInterest)}` +
    (withDefaults ? ` · defaults ${money(s.totalDefaults)} · losses ${money(s.totalLoss)}` : ""));
  return lines.join("\n");
}
