/**
 * The remittance vocabulary: one servicer row per loan and month, whatever the file's layout.
 *
 * Units as on loan records (src/tape/loan.ts): money in integer **cents** held in a JS number
 * (checked to be a safe integer), rates in percent as printed, months as a month index
 * (`year × 12 + month − 1`, see src/tape/fields.ts). Amounts a layout does not carry are
 * `undefined` and are derived during reconciliation from last period's state (docs/remittance-file.md).
 */
export type RemittanceFormat = "generic" | "fannie-legacy" | "fannie" | "freddie";

/** Why a loan left the pool this month. */
export type ZeroBalanceKind = "prepaid" | "liquidated" | "repurchased";

export interface RemittanceRow {
  loanId: string;
  /** 1-based line in the file. */
  line: number;
  /** Reporting month (month index). */
  period: number;
  /** UPB after this month's payments; 0 on the month the loan leaves the pool. */
  endingUpbCents: number;
  /** UPB before this month's payments, when the layout reports it (checked against last period). */
  beginningUpbCents: number | undefined;
  noteRatePct: number | undefined;
  /** Months to maturity after this month's payment, when reported. */
  remainingTermMonths: number | undefined;
  /** Installments past due: 0 current, 1 = 30–59 days, 2 = 60–89, 3+ = 90+. */
  delinquentMonths: number;
  /** In foreclosure (referred, not yet REO). */
  foreclosure: boolean;
  /** Real estate owned (acquired through foreclosure, not yet sold). */
  reo: boolean;
  /** Modified this month (a modification may raise the UPB by capitalising arrears). */
  modified: boolean;
  zeroBalance: ZeroBalanceKind | undefined;
  /** The layout's zero-balance code as in the file ("01", "09", "prepaid" …). */
  zeroBalanceCode: string | undefined;
  /** UPB removed from the pool on a zero-balance row, when the layout reports it. */
  removalUpbCents: number | undefined;
  /** Scheduled principal received, when reported. */
  scheduledPrincipalCents: number | undefined;
  /** Unscheduled principal (curtailment, or payoff on a zero-balance row), when reported. */
  unscheduledPrincipalCents: number | undefined;
  /** Gross interest collected, when reported. */
  interestCents: number | undefined;
  /**
   * Liquidation: what the sale and credit enhancement brought in, net of liquidation expenses
   * (may be negative when expenses exceed proceeds). Undefined when not reported.
   */
  netLiquidationProceedsCents: number | undefined;
  /** Cash recovered this month on a loan liquidated in an earlier month. */
  recoveryCents: number | undefined;
}

/** Delinquency bucket of the servicer report, by precedence REO > foreclosure > 90+ > 60 > 30. */
export type DelinquencyBucket = "current" | "d30" | "d60" | "d90plus" | "foreclosure" | "reo";

export function bucketOf(s: { delinquentMonths: number; foreclosure: boolean; reo: boolean }): DelinquencyBucket {
  if (s.reo) return "reo";
  if (s.foreclosure) return "foreclosure";
  if (s.delinquentMonths >= 3) return "d90plus";
  if (s.delinquentMonths === 2) return "d60";
  if (s.delinquentMonths === 1) return "d30";
  return "current";
}
