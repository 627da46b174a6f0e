/**
 * Last period's state of every loan of a tokenized pool: what the next servicer file is
 * reconciled against. Built from the tokenized tape (period 0, as of the cut-off month), from
 * the previous period's servicer file, or carried forward by reconciliation.
 */
import type { LoanRecord } from "../tape/loan.js";
import type { RemittanceRow, ZeroBalanceKind } from "./types.js";

export interface LoanState {
  loanId: string;
  /** UPB after last period (0 once the loan left the pool). */
  upbCents: number;
  noteRatePct: number;
  remainingTermMonths: number;
  delinquentMonths: number;
  foreclosure: boolean;
  reo: boolean;
  /** How the loan left the pool, once it has. */
  closed: ZeroBalanceKind | undefined;
}

export interface PoolState {
  /** Periods reported so far: 0 for the tokenized tape. */
  period: number;
  /** Month index the state is as of: the cut-off month, or the last reporting month. */
  asOf: number;
  loans: Map<string, LoanState>;
}

/** The pool as tokenized: every loan current at its cut-off balance. */
export function stateFromTape(loans: Iterable<Pick<LoanRecord, "loanId" | "currentUpbCents" | "noteRatePct" | "remainingTermMonths">>, cutoffMonth: number): PoolState {
  const map = new Map<string, LoanState>();
  for (const l of loans) {
    map.set(l.loanId, {
      loanId: l.loanId,
      upbCents: l.currentUpbCents,
      noteRatePct: l.noteRatePct,
      remainingTermMonths: l.remainingTermMonths,
      delinquentMonths: 0,
      foreclosure: false,
      reo: false,
      closed: undefined,
    });
  }
  return { period: 0, asOf: cutoffMonth, loans: map };
}

/**
 * The state a previous period's file leaves: each reported loan at its ending balance and status.
 * `fallback` supplies a rate or term the file does not carry. Loans that left the pool in
 * earlier months are not in that file, so they are unknown to the returned state.
 */
export function stateFromRows(rows: Iterable<RemittanceRow>, period: number, asOf: number, fallback?: PoolState): PoolState {
  const map = new Map<string, LoanState>();
  for (const r of rows) {
    const before = fallback?.loans.get(r.loanId);
    map.set(r.loanId, {
      loanId: r.loanId,
      upbCents: r.zeroBalance === undefined ? r.endingUpbCents : 0,
      noteRatePct: r.noteRatePct ?? before?.noteRatePct ?? 0,
      remainingTermMonths: r.remainingTermMonths ?? Math.max(0, (before?.remainingTermMonths ?? 1) - 1),
      delinquentMonths: r.delinquentMonths,
      foreclosure: r.foreclosure,
      reo: r.reo,
      closed: r.zeroBalance,
    });
  }
  return { period, asOf, loans: map };
}

/** Loans still in the pool and their total balance. */
export function openBalance(state: PoolState): { count: number; upbCents: number } {
  let count = 0;
  let upbCents = 0;
  for (const l of state.loans.values()) {
    if (l.closed !== undefined) continue;
    count++;
    upbCents += l.upbCents;
  }
  return { count, upbCents };
}
