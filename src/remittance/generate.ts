/**
 * A deterministic servicer: simulates a pool month by month (prepayments, curtailments,
 * delinquencies that cure or roll to foreclosure, REO and liquidation with a loss, recoveries)
 * and writes each month's remittance file in any supported layout. Same seed, same bytes.
 * Used by tests (round trips), the benchmark (a 100,000-loan file) and the demo.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { Rng } from "../tape/generate.js";
import { monthString } from "../tape/fields.js";
import { smmFromCpr } from "../analytics/speeds.js";
import { scheduledInstallments } from "./schedule.js";
import type { LoanState, PoolState } from "./state.js";
import type { RemittanceFormat, RemittanceRow } from "./types.js";
import { newRow } from "./layouts/layout.js";

export interface SimulationOptions {
  seed: number;
  /** Voluntary prepayment speed, CPR as a decimal (0.08 = 8 %). */
  cpr?: number;
  /** Chance a current loan misses its next installment, per month. */
  missRate?: number;
  /** Chance a delinquent loan (not yet in foreclosure) cures, paying all its arrears. */
  cureRate?: number;
  /** Chance a current loan pays extra principal (a curtailment) this month. */
  curtailmentRate?: number;
  /** Missed installments at which a loan is referred to foreclosure. */
  foreclosureAfter?: number;
  /** Months in foreclosure before REO, and in REO before the sale. */
  foreclosureMonths?: number;
  reoMonths?: number;
  /** Loss severity of a liquidation, share of the balance (net of expenses). */
  severity?: number;
  /** Recovered in the month after a liquidation, share of its loss (0 = never). */
  recoveryShare?: number;
}

interface SimLoan extends LoanState {
  /** Months spent in foreclosure / REO so far. */
  stage: number;
  /** Loss awaiting a later recovery (cents). */
  pendingRecovery: number;
}

/** Simulates the pool after `state`, one month per `nextMonth()` call. */
export class PoolSimulator {
  private readonly rng: Rng;
  private readonly loans: SimLoan[];
  private asOf: number;
  private readonly o: Required<SimulationOptions>;

  constructor(state: PoolState, options: SimulationOptions) {
    this.rng = new Rng(options.seed);
    this.asOf = state.asOf;
    this.o = {
      cpr: 0.08,
      missRate: 0.01,
      cureRate: 0.45,
      curtailmentRate: 0.01,
      foreclosureAfter: 4,
      foreclosureMonths: 2,
      reoMonths: 1,
      severity: 0.35,
      recoveryShare: 0,
      ...options,
    };
    this.loans = [...state.loans.values()].map((l) => ({ ...l, stage: 0, pendingRecovery: 0 }));
  }

  /** Overrides a loan's next month (tests and the demo force the events they need). */
  readonly forced = new Map<string, "prepay" | "miss" | "foreclose" | "liquidate">();

  setOptions(options: Partial<SimulationOptions>): void {
    Object.assign(this.o, options);
  }

  nextMonth(): RemittanceRow[] {
    const period = ++this.asOf;
    const o = this.o;
    const smm = smmFromCpr(o.cpr);
    const rows: RemittanceRow[] = [];
    for (const loan of this.loans) {
      if (loan.closed !== undefined) {
        if (loan.pendingRecovery > 0) {
          const r = newRow(0);
          r.loanId = loan.loanId;
          r.period = period;
          r.recoveryCents = loan.pendingRecovery;
          r.zeroBalance = "liquidated";
          r.zeroBalanceCode = "09";
          r.removalUpbCents = 0;
          loan.pendingRecovery = 0;
          rows.push(r);
        }
        continue;
      }
      const r = newRow(0);
      r.loanId = loan.loanId;
      r.period = period;
      r.noteRatePct = loan.noteRatePct;
      const B = loan.upbCents;
      const force = this.forced.get(loan.loanId);
      this.forced.delete(loan.loanId);
      const u = this.rng.next();
      const u2 = this.rng.next();
      const one = scheduledInstallments(B, loan.noteRatePct, loan.remainingTermMonths, 1);
      if (loan.reo || force === "liquidate") {
        loan.stage++;
        if (loan.stage > o.reoMonths || force === "liquidate") {
          const net = Math.round(B * (1 - o.severity));
          r.zeroBalance = "liquidated";
          r.zeroBalanceCode = "09";
          r.removalUpbCents = B;
          r.netLiquidationProceedsCents = net;
          r.delinquentMonths = 0;
          loan.closed = "liquidated";
          loan.upbCents = 0;
          loan.pendingRecovery = Math.round((B - net) * o.recoveryShare);
        } else {
          r.reo = true;
          r.endingUpbCents = B;
          r.delinquentMonths = loan.delinquentMonths;
        }
      } else if (loan.foreclosure) {
        loan.stage++;
        loan.delinquentMonths++;
        r.delinquentMonths = loan.delinquentMonths;
        r.endingUpbCents = B;
        if (loan.stage >= o.foreclosureMonths) {
          loan.foreclosure = false;
          loan.reo = true;
          loan.stage = 0;
          r.reo = true;
        } else r.foreclosure = true;
      } else if (force === "prepay" || (force === undefined && loan.delinquentMonths === 0 && u < smm)) {
        r.zeroBalance = "prepaid";
        r.zeroBalanceCode = "01";
        r.removalUpbCents = B - one.principalCents;
        r.scheduledPrincipalCents = one.principalCents;
        r.unscheduledPrincipalCents = B - one.principalCents;
        r.interestCents = one.interestCents;
        loan.closed = "prepaid";
        loan.upbCents = 0;
      } else {
        const misses = force === "miss" || force === "foreclose" || (loan.delinquentMonths === 0 ? u2 < o.missRate : u2 >= o.cureRate);
        if (misses) {
          loan.delinquentMonths++;
          r.endingUpbCents = B;
          r.scheduledPrincipalCents = 0;
          r.unscheduledPrincipalCents = 0;
          r.interestCents = 0;
          if (loan.delinquentMonths >= o.foreclosureAfter || force === "foreclose") {
            loan.foreclosure = true;
            loan.stage = 0;
            r.foreclosure = true;
          }
        } else {
          const due = scheduledInstallments(B, loan.noteRatePct, loan.remainingTermMonths, loan.delinquentMonths + 1);
          let curtail = 0;
          if (loan.delinquentMonths === 0 && this.rng.next() < o.curtailmentRate) {
            curtail = Math.min(B - due.principalCents, 100 * this.rng.int(10, 200) * 100);
          }
          loan.delinquentMonths = 0;
          loan.remainingTermMonths = Math.max(0, loan.remainingTermMonths - 1);
          loan.upbCents = B - due.principalCents - curtail;
          r.endingUpbCents = loan.upbCents;
          r.scheduledPrincipalCents = due.principalCents;
          r.unscheduledPrincipalCents = curtail;
          r.interestCents = due.interestCents;
          if (loan.upbCents === 0) {
            // Paid to maturity: reported as a zero balance with code 01.
            r.zeroBalance = "prepaid";
            r.zeroBalanceCode = "01";
            r.removalUpbCents = 0;
            r.endingUpbCents = 0;
            loan.closed = "prepaid";
          }
        }
        r.delinquentMonths = loan.delinquentMonths;
      }
      r.beginningUpbCents = B;
      r.remainingTermMonths = loan.closed === undefined ? loan.remainingTermMonths : 0;
      rows.push(r);
    }
    return rows;
  }
}

// ---------------------------------------------------------------------------------------------
// Writers, one per layout. Amounts are written from integer cents, never through a float.

function money(cents: number | undefined): string {
  if (cents === undefined) return "";
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function rate(pct: number | undefined): string {
  return pct === undefined ? "" : String(pct);
}

export const GENERIC_REMITTANCE_HEADER =
  "loan_id,period,beginning_upb,ending_upb,status,note_rate,remaining_term,modified,zero_balance,zero_balance_upb," +
  "scheduled_principal,unscheduled_principal,interest,liquidation_proceeds,recovery";

function genericStatus(r: RemittanceRow): string {
  if (r.reo) return "reo";
  if (r.foreclosure) return "foreclosure";
  return r.delinquentMonths === 0 ? "current" : String(30 * r.delinquentMonths);
}

export function formatRow(format: RemittanceFormat, r: RemittanceRow): string {
  if (format !== "generic" && r.recoveryCents !== undefined) {
    throw new Error(`a recovery on a liquidated loan (${r.loanId}) has no row in the ${format} layout; write the generic layout`);
  }
  const ym = monthString(r.period);
  const zbUpb = r.zeroBalance === undefined ? undefined : r.removalUpbCents;
  switch (format) {
    case "generic":
      return [
        r.loanId, ym, money(r.beginningUpbCents), money(r.endingUpbCents), genericStatus(r), rate(r.noteRatePct),
        r.remainingTermMonths ?? "", r.modified ? "Y" : "", r.zeroBalance ?? "", money(zbUpb), money(r.scheduledPrincipalCents),
        money(r.unscheduledPrincipalCents), money(r.interestCents), money(r.netLiquidationProceedsCents), money(r.recoveryCents),
      ].join(",");
    case "freddie": {
      const f = new Array<string>(32).fill("");
      f[0] = r.loanId;
      f[1] = ym.replace("-", "");
      f[2] = money(r.endingUpbCents);
      f[3] = r.reo ? "RA" : String(r.delinquentMonths);
      f[5] = String(r.remainingTermMonths ?? 0).padStart(3, "0");
      f[7] = r.modified ? "Y" : "";
      f[8] = r.zeroBalanceCode ?? "";
      f[10] = rate(r.noteRatePct);
      if (r.zeroBalance !== undefined) {
        f[9] = f[1];
        f[26] = money(r.removalUpbCents ?? 0);
      }
      if (r.netLiquidationProceedsCents !== undefined) {
        f[14] = money(r.netLiquidationProceedsCents);
        f[16] = "0.00";
      }
      f[31] = money(r.endingUpbCents);
      return f.join("|");
    }
    case "fannie-legacy": {
      const f = new Array<string>(31).fill("");
      const [y, m] = ym.split("-");
      f[0] = r.loanId;
      f[1] = `${m}/01/${y}`;
      f[3] = rate(r.noteRatePct);
      f[4] = money(r.zeroBalance === undefined ? r.endingUpbCents : r.removalUpbCents);
      f[6] = String(r.remainingTermMonths ?? 0);
      f[10] = r.zeroBalance === undefined ? String(r.delinquentMonths) : r.zeroBalance === "liquidated" ? "-1" : "-2";
      f[11] = r.modified ? "Y" : "N";
      f[12] = r.zeroBalanceCode ?? "";
      if (r.zeroBalance !== undefined) f[13] = `${m}/${y}`;
      if (r.foreclosure || r.reo) f[15] = `${m}/01/${y}`;
      if (r.netLiquidationProceedsCents !== undefined) f[22] = money(r.netLiquidationProceedsCents);
      return f.join("|");
    }
    case "fannie": {
      const f = new Array<string>(110).fill("");
      const [y, m] = ym.split("-");
      f[1] = r.loanId;
      f[2] = `${m}${y}`;
      f[8] = rate(r.noteRatePct);
      f[11] = money(r.endingUpbCents);
      f[16] = String(r.remainingTermMonths ?? 0);
      f[39] = String(Math.min(99, r.delinquentMonths)).padStart(2, "0");
      f[41] = r.modified ? "Y" : "N";
      f[43] = r.zeroBalanceCode ?? "";
      if (r.zeroBalance !== undefined) {
        f[44] = `${m}${y}`;
        f[45] = money(r.removalUpbCents ?? 0);
      }
      f[47] = money(r.scheduledPrincipalCents);
      f[49] = money(r.unscheduledPrincipalCents);
      if (r.foreclosure || r.reo) f[51] = `${m}${y}`;
      if (r.netLiquidationProceedsCents !== undefined) f[58] = money(r.netLiquidationProceedsCents);
      return f.join("|");
    }
  }
}

/** Writes one month's rows as a remittance file of the given layout. */
export async function writeRemittanceFile(out: string, format: RemittanceFormat, rows: readonly RemittanceRow[]): Promise<void> {
  const stream = createWriteStream(out);
  let chunk = format === "generic" ? `${GENERIC_REMITTANCE_HEADER}\n` : "";
  for (const r of rows) {
    chunk += `${formatRow(format, r)}\n`;
    if (chunk.length > 1 << 16) {
      if (!stream.write(chunk)) await once(stream, "drain");
      chunk = "";
    }
  }
  stream.end(chunk);
  await once(stream, "finish");
}
