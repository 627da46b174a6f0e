/**
 * Reconciliation: each servicer row against the loan's state after last period, into the loan's
 * line for this period (every amount the report aggregates, derived where the layout does not
 * report it) plus the flags the policy rates. Rows are fed one at a time (`add`), so a
 * 100,000-loan file streams through; `finish` adds what only the whole file shows (vanished
 * loans, the cash total) and returns the next state.
 */
import { monthString } from "../tape/fields.js";
import { DEFAULT_POLICY, type FlagCode, type ReconciliationFlag, type RemittancePolicy } from "./policy.js";
import { scheduledInstallments } from "./schedule.js";
import type { LoanState, PoolState } from "./state.js";
import type { RemittanceRow, ZeroBalanceKind } from "./types.js";

/** A loan's status at the end of the period, as committed in its leaf (uint8, append only). */
export const LINE_STATUS = {
  current: 0,
  delinquent: 1,
  foreclosure: 2,
  reo: 3,
  prepaid: 4,
  liquidated: 5,
  repurchased: 6,
  /** A loan liquidated earlier whose row this month reports a recovery only. */
  recovery: 7,
} as const;
export type LineStatus = keyof typeof LINE_STATUS;

/** One loan's reconciled month: what the report aggregates and the Merkle leaf commits. */
export interface LoanPeriodLine {
  loanId: string;
  /** Line in the servicer file (0 for a loan carried forward without a row). */
  line: number;
  period: number;
  status: LineStatus;
  beginningUpbCents: number;
  endingUpbCents: number;
  scheduledPrincipalCents: number;
  /** Partial prepayment (a loan that stays). */
  curtailmentCents: number;
  /** Full prepayment or repurchase at par: the balance left after this month's scheduled principal. */
  payoffCents: number;
  interestCents: number;
  liquidationProceedsCents: number;
  realizedLossCents: number;
  recoveryCents: number;
  delinquentMonths: number;
  modified: boolean;
  noteRatePct: number;
  remainingTermMonths: number;
}

export interface ReconcileOptions {
  policy?: RemittancePolicy;
  /** The cash the servicer remitted for the period, in cents; checked against the file's totals. */
  declaredCashCents?: number;
  /** Allowed gap between principal received and the schedule, per installment (default 100 = $1.00). */
  scheduleToleranceCents?: number;
  /** Stop collecting flags after this many (the counts stay exact). */
  maxFlags?: number;
}

export interface ReconcileResult {
  period: number;
  reportingMonth: number;
  lines: LoanPeriodLine[];
  flags: ReconciliationFlag[];
  errors: number;
  warnings: number;
  /** Warnings per flag code, every one counted (the flag list stops at `maxFlags`). */
  warningsByCode: Partial<Record<FlagCode, number>>;
  /** The state the next period is reconciled against. */
  next: PoolState;
  /** What the file's lines say the servicer should have remitted, in cents. */
  cashCents: number;
}

export class Reconciler {
  private readonly policy: RemittancePolicy;
  private readonly tolerance: number;
  private readonly maxFlags: number;
  private readonly lines: LoanPeriodLine[] = [];
  private readonly flags: ReconciliationFlag[] = [];
  private readonly seen = new Set<string>();
  private readonly nextLoans: Map<string, LoanState>;
  private errors = 0;
  private warnings = 0;
  private readonly warningsByCode: Partial<Record<FlagCode, number>> = {};
  private cash = 0;
  readonly reportingMonth: number;

  constructor(
    private readonly file: string,
    private readonly previous: PoolState,
    private readonly options: ReconcileOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_POLICY;
    this.tolerance = options.scheduleToleranceCents ?? 100;
    this.maxFlags = options.maxFlags ?? 1000;
    this.nextLoans = new Map();
    this.reportingMonth = previous.asOf + 1;
  }

  add(row: RemittanceRow): void {
    this.seen.add(row.loanId);
    const before = this.previous.loans.get(row.loanId);
    if (row.period !== this.reportingMonth) {
      // Checked per file by the reader; here against the pool's calendar.
      this.flag("unknown-loan", row, "period", monthString(row.period), `the pool's next reporting month is ${monthString(this.reportingMonth)} (state as of ${monthString(this.previous.asOf)})`, true);
      return;
    }
    if (before === undefined) {
      this.flag("unknown-loan", row, "loan id", row.loanId, `loan is not in the pool (not on the tokenized tape nor in last period's file)`);
      return;
    }
    if (before.closed !== undefined) {
      if (before.closed === "liquidated" && row.endingUpbCents === 0 && (row.recoveryCents ?? 0) > 0) {
        this.push(this.recoveryLine(row, before));
        return;
      }
      this.flag("paid-off-reappeared", row, "loan id", row.loanId, `loan left the pool earlier (${before.closed}) and is reported again with a balance of ${dollars(row.endingUpbCents)}; the row is left out of the report`);
      return;
    }
    const line = row.zeroBalance === undefined ? this.activeLine(row, before) : this.closingLine(row, before, row.zeroBalance);
    this.push(line);
  }

  finish(): ReconcileResult {
    for (const [id, loan] of this.previous.loans) {
      if (this.seen.has(id) || loan.closed !== undefined) {
        // Loans closed earlier (and rows left out) keep last period's state.
        if (!this.nextLoans.has(id)) this.nextLoans.set(id, loan);
        continue;
      }
      this.flag("loan-vanished", undefined, "loan id", id, `loan with a balance of ${dollars(loan.upbCents)} last period is missing from this month's file; carried at that balance with a missed installment`, false, id);
      const delinquentMonths = loan.foreclosure || loan.reo ? loan.delinquentMonths : loan.delinquentMonths + 1;
      const carried = emptyLine(id, 0, this.reportingMonth, loan);
      carried.status = loan.reo ? "reo" : loan.foreclosure ? "foreclosure" : "delinquent";
      carried.delinquentMonths = delinquentMonths;
      this.push(carried, { ...loan, delinquentMonths });
    }
    if (this.options.declaredCashCents !== undefined && this.options.declaredCashCents !== this.cash) {
      const gap = this.options.declaredCashCents - this.cash;
      this.flag("cash-mismatch", undefined, "cash", dollars(this.options.declaredCashCents),
        `the servicer remitted ${dollars(this.options.declaredCashCents)} but the file's interest, principal, liquidation proceeds and recoveries add up to ${dollars(this.cash)} (${gap > 0 ? "over" : "short"} by ${dollars(Math.abs(gap))})`);
    }
    return {
      period: this.previous.period + 1,
      reportingMonth: this.reportingMonth,
      lines: this.lines,
      flags: this.flags,
      errors: this.errors,
      warnings: this.warnings,
      warningsByCode: { ...this.warningsByCode },
      next: { period: this.previous.period + 1, asOf: this.reportingMonth, loans: this.nextLoans },
      cashCents: this.cash,
    };
  }

  private push(line: LoanPeriodLine, state?: LoanState): void {
    this.lines.push(line);
    this.cash += line.interestCents + line.scheduledPrincipalCents + line.curtailmentCents + line.payoffCents + line.liquidationProceedsCents + line.recoveryCents;
    const closed: ZeroBalanceKind | undefined =
      line.status === "prepaid" || line.status === "liquidated" || line.status === "repurchased" ? line.status : line.status === "recovery" ? "liquidated" : undefined;
    this.nextLoans.set(line.loanId, state ?? {
      loanId: line.loanId,
      upbCents: line.endingUpbCents,
      noteRatePct: line.noteRatePct,
      remainingTermMonths: line.remainingTermMonths,
      delinquentMonths: line.delinquentMonths,
      foreclosure: line.status === "foreclosure",
      reo: line.status === "reo",
      closed,
    });
  }

  private flag(code: FlagCode, row: RemittanceRow | undefined, field: string, value: string, reason: string, force = false, loanId?: string): void {
    const setting = this.policy[code];
    if (setting === "ignore" && !force) return;
    const severity = force ? "error" : setting === "ignore" ? "warning" : setting;
    if (severity === "error") this.errors++;
    else {
      this.warnings++;
      this.warningsByCode[code] = (this.warningsByCode[code] ?? 0) + 1;
    }
    if (this.flags.length >= this.maxFlags) return;
    this.flags.push({ code, severity, file: this.file, line: row?.line ?? 0, field, value, reason, loanId: row?.loanId ?? loanId });
  }

  private recoveryLine(row: RemittanceRow, before: LoanState): LoanPeriodLine {
    const line = emptyLine(row.loanId, row.line, row.period, before);
    line.status = "recovery";
    line.recoveryCents = row.recoveryCents ?? 0;
    return line;
  }

  /** A loan that stays in the pool this month. */
  private activeLine(row: RemittanceRow, before: LoanState): LoanPeriodLine {
    const B = before.upbCents;
    this.checkBeginning(row, B);
    const E = row.endingUpbCents;
    const rate = row.noteRatePct ?? before.noteRatePct;
    const line = emptyLine(row.loanId, row.line, row.period, before);
    line.status = row.reo ? "reo" : row.foreclosure ? "foreclosure" : row.delinquentMonths > 0 ? "delinquent" : "current";
    line.endingUpbCents = E;
    line.delinquentMonths = row.delinquentMonths;
    line.modified = row.modified;
    line.noteRatePct = rate;
    line.remainingTermMonths = row.remainingTermMonths ?? Math.max(0, before.remainingTermMonths - 1);
    line.interestCents = row.interestCents ?? 0;
    const wasInProcess = before.foreclosure || before.reo;
    const inProcess = row.foreclosure || row.reo;
    if (!wasInProcess && !inProcess && row.delinquentMonths > before.delinquentMonths + 1) {
      this.flag("delinquency-jump", row, "delinquency", String(row.delinquentMonths),
        `delinquency went from ${before.delinquentMonths} to ${row.delinquentMonths} missed installments in one month (at most one more a month)`);
    }
    if (E > B) {
      if (row.modified) {
        this.flag("capitalization", row, "ending UPB", dollars(E),
          `modification raised the UPB from ${dollars(B)} to ${dollars(E)}; the servicer report has no capitalisation line, so the pool balance cannot tie`);
      } else {
        this.flag("upb-rise-unmodified", row, "ending UPB", dollars(E), `UPB rose from ${dollars(B)} to ${dollars(E)} without a modification flag`);
      }
      // Carried as reported, with no principal; the flag (an error by default) blocks submission.
      return line;
    }
    const paid = B - E;
    // Installments paid this month: one, plus one per month of arrears cured; none while the
    // loan falls further behind or sits in foreclosure / REO.
    const installments = inProcess ? 0 : Math.max(0, before.delinquentMonths - row.delinquentMonths + 1);
    const due = scheduledInstallments(B, before.noteRatePct || rate, before.remainingTermMonths, installments);
    if (row.interestCents === undefined) line.interestCents = due.interestCents;
    if (row.scheduledPrincipalCents !== undefined) {
      line.scheduledPrincipalCents = row.scheduledPrincipalCents;
      line.curtailmentCents = row.unscheduledPrincipalCents ?? paid - row.scheduledPrincipalCents;
      if (line.scheduledPrincipalCents + line.curtailmentCents !== paid || line.curtailmentCents < 0) {
        this.flag("principal-does-not-tie", row, "scheduled principal", dollars(row.scheduledPrincipalCents),
          `scheduled ${dollars(row.scheduledPrincipalCents)} + unscheduled ${dollars(line.curtailmentCents)} principal ≠ the balance drop ${dollars(B)} − ${dollars(E)} = ${dollars(paid)}`);
        line.scheduledPrincipalCents = Math.min(paid, row.scheduledPrincipalCents);
        line.curtailmentCents = paid - line.scheduledPrincipalCents;
      } else if (Math.abs(row.scheduledPrincipalCents - due.principalCents) > this.tolerance * Math.max(1, installments)) {
        this.flag("principal-vs-schedule", row, "scheduled principal", dollars(row.scheduledPrincipalCents),
          `the schedule (${installments} installment(s) on ${dollars(B)} at ${rate}% over ${before.remainingTermMonths} months) gives ${dollars(due.principalCents)}`);
      }
      return line;
    }
    const slack = this.tolerance * Math.max(1, installments);
    if (installments > 0 && paid < due.principalCents - slack) {
      this.flag("principal-vs-schedule", row, "principal paid", dollars(paid),
        `${installments} installment(s) on ${dollars(B)} at ${rate}% over ${before.remainingTermMonths} months schedule ${dollars(due.principalCents)} of principal; the balance fell by ${dollars(paid)}`);
    }
    // Within the tolerance the whole drop is scheduled principal (servicers round differently);
    // beyond it the excess is a curtailment.
    const scheduled = paid <= due.principalCents + slack ? paid : due.principalCents;
    line.scheduledPrincipalCents = scheduled;
    line.curtailmentCents = paid - scheduled;
    return line;
  }

  /** A loan that leaves the pool this month. */
  private closingLine(row: RemittanceRow, before: LoanState, kind: ZeroBalanceKind): LoanPeriodLine {
    const B = before.upbCents;
    this.checkBeginning(row, B);
    const line = emptyLine(row.loanId, row.line, row.period, before);
    line.status = kind;
    line.endingUpbCents = 0;
    line.delinquentMonths = 0;
    line.modified = row.modified;
    line.noteRatePct = row.noteRatePct ?? before.noteRatePct;
    line.remainingTermMonths = 0;
    const removal = row.removalUpbCents;
    if (removal !== undefined && removal > B) {
      this.flag("upb-rise-unmodified", row, "removal UPB", dollars(removal), `the balance removed exceeds last period's ${dollars(B)}`);
    } else if (removal !== undefined && kind === "liquidated" && removal !== B) {
      this.flag("removal-balance-mismatch", row, "removal UPB", dollars(removal), `last period's balance was ${dollars(B)}; the whole balance is liquidated`);
    }
    if (kind === "liquidated") {
      const net = row.netLiquidationProceedsCents;
      if (net === undefined) {
        this.flag("liquidation-without-proceeds", row, "proceeds", "", "a liquidated loan needs its sale proceeds to compute the loss; taken as 0 (the whole balance lost)");
      }
      const proceeds = Math.min(B, Math.max(0, net ?? 0));
      line.liquidationProceedsCents = proceeds;
      line.realizedLossCents = B - proceeds;
      // Proceeds beyond the balance pay the interest of the installments the borrower missed;
      // any surplus beyond that belongs to the borrower (and junior liens), not to the pool.
      const accrued = Math.floor((B * before.noteRatePct * Math.max(1, before.delinquentMonths)) / 1200);
      line.interestCents = (row.interestCents ?? 0) + Math.min(accrued, Math.max(0, (net ?? 0) - B));
      return line;
    }
    // Prepaid or repurchased at par: this month's scheduled principal, and the rest as payoff.
    const due = scheduledInstallments(B, before.noteRatePct, before.remainingTermMonths, 1);
    const scheduled =
      row.scheduledPrincipalCents !== undefined
        ? Math.min(B, row.scheduledPrincipalCents)
        : removal !== undefined && removal <= B && B - removal <= due.principalCents + this.tolerance
          ? B - removal
          : Math.min(B, due.principalCents);
    line.scheduledPrincipalCents = scheduled;
    line.payoffCents = B - scheduled;
    line.interestCents = row.interestCents ?? due.interestCents;
    return line;
  }

  private checkBeginning(row: RemittanceRow, B: number): void {
    if (row.beginningUpbCents !== undefined && row.beginningUpbCents !== B) {
      this.flag("beginning-balance-mismatch", row, "beginning UPB", dollars(row.beginningUpbCents), `last period ended this loan at ${dollars(B)}`);
    }
  }
}

function emptyLine(loanId: string, line: number, period: number, before: LoanState): LoanPeriodLine {
  return {
    loanId,
    line,
    period,
    status: "current",
    beginningUpbCents: before.upbCents,
    endingUpbCents: before.upbCents,
    scheduledPrincipalCents: 0,
    curtailmentCents: 0,
    payoffCents: 0,
    interestCents: 0,
    liquidationProceedsCents: 0,
    realizedLossCents: 0,
    recoveryCents: 0,
    delinquentMonths: before.delinquentMonths,
    modified: false,
    noteRatePct: before.noteRatePct,
    remainingTermMonths: before.remainingTermMonths,
  };
}

/** Cents as dollars for messages: 123456 → "$1,234.56". */
export function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}
