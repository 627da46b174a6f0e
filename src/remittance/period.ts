/**
 * One servicer file end to end, off chain: read (streaming, located errors) → reconcile against
 * last period's state → the loan lines' Merkle tree → the period's servicer report. Nothing here
 * touches a chain; `assertSubmittable` is the gate every command passes before sending anything.
 */
import { MbsError, formatIssue } from "../errors.js";
import type { Hex } from "../pool/bytes.js";
import { MerkleTree, verifyProof } from "../pool/merkle.js";
import type { FeeConfig } from "../analytics/deal/types.js";
import { monthString } from "../tape/fields.js";
import { LOAN_LINE_ENCODING, hashLoanLines, loanLineTuple, type LoanLineTuple } from "./leaf.js";
import { formatFlag, type ReconciliationFlag, type RemittancePolicy } from "./policy.js";
import { readRemittance, type RemittanceFileSummary } from "./reader.js";
import { Reconciler, type LoanPeriodLine, type ReconcileResult } from "./reconcile.js";
import { aggregateReport, type ServicerReport } from "./report.js";
import type { PoolState } from "./state.js";
import type { RemittanceFormat } from "./types.js";
import { packWarningCounts } from "./warnings.js";

export interface ProcessOptions {
  format?: RemittanceFormat | "auto";
  policy?: RemittancePolicy;
  /** Cash the servicer remitted, in cents (checked against the file: flag `cash-mismatch`). */
  declaredCashCents?: number;
  scheduleToleranceCents?: number;
  fees?: FeeConfig;
  maxIssues?: number;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface LoanLineProof {
  loanId: string;
  period: number;
  reportingMonth: string;
  line: LoanPeriodLine;
  leafEncoding: readonly string[];
  values: LoanLineTuple;
  leafHash: Hex;
  root: Hex;
  proof: Hex[];
}

export class RemittancePeriod {
  private index: Map<string, number> | undefined;

  constructor(
    readonly file: RemittanceFileSummary,
    readonly reconciliation: ReconcileResult,
    readonly tree: MerkleTree,
    readonly report: ServicerReport,
  ) {}

  get lines(): readonly LoanPeriodLine[] {
    return this.reconciliation.lines;
  }

  get flags(): readonly ReconciliationFlag[] {
    return this.reconciliation.flags;
  }

  /** The proof of one loan's line against the period's root. */
  proof(loanId: string): LoanLineProof {
    this.index ??= new Map(this.lines.map((l, i) => [l.loanId, i]));
    const i = this.index.get(loanId);
    if (i === undefined) throw new MbsError(`loan ${loanId} has no line in period ${this.report.period} (${this.report.reportingMonth})`, { loanId });
    const line = this.lines[i]!;
    return {
      loanId,
      period: this.report.period,
      reportingMonth: this.report.reportingMonth,
      line,
      leafEncoding: LOAN_LINE_ENCODING,
      values: loanLineTuple(line),
      leafHash: this.tree.leafHash(i),
      root: this.tree.root,
      proof: this.tree.proof(i),
    };
  }
}

/** Checks a line proof off chain (the chain check is `MerkleProof.verify` against the stored root). */
export function verifyLoanLineProof(p: Pick<LoanLineProof, "root" | "leafHash" | "proof">, root: Hex = p.root): boolean {
  return verifyProof(root, p.leafHash, p.proof);
}

/** Reads, reconciles, commits and aggregates one servicer file for the period after `previous`. */
export async function processRemittance(file: string, previous: PoolState, options: ProcessOptions = {}): Promise<RemittancePeriod> {
  const stream = readRemittance(file, {
    format: options.format ?? "auto",
    expectedPeriod: monthString(previous.asOf + 1),
    ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const reconciler = new Reconciler(file, previous, {
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.declaredCashCents === undefined ? {} : { declaredCashCents: options.declaredCashCents }),
    ...(options.scheduleToleranceCents === undefined ? {} : { scheduleToleranceCents: options.scheduleToleranceCents }),
  });
  for await (const batch of stream.batches()) for (const row of batch) reconciler.add(row);
  const summary = stream.summary;
  const reconciliation = reconciler.finish();
  if (reconciliation.lines.length === 0) {
    throw new MbsError(`${file}: no loan of the pool is reported and none is outstanding; nothing to commit`);
  }
  const tree = MerkleTree.build(hashLoanLines(reconciliation.lines));
  const report = aggregateReport({
    period: reconciliation.period,
    reportingMonth: summary.period,
    lines: reconciliation.lines,
    loanRoot: tree.root,
    fileHash: summary.fileHash,
    // What the trustee attests along with the figures: every warning the policy let through, counted per code.
    reconciliationWarnings: packWarningCounts(reconciliation.warningsByCode),
    ...(options.fees === undefined ? {} : { fees: options.fees }),
  });
  return new RemittancePeriod(summary, reconciliation, tree, report);
}

/** Reconciliation found errors under the policy: the period must not be submitted. */
export class ReconciliationError extends MbsError {
  constructor(
    readonly file: string,
    readonly flags: readonly ReconciliationFlag[],
    readonly errorCount: number,
  ) {
    const errors = flags.filter((f) => f.severity === "error");
    const head = errors.slice(0, 20).map((f) => `  ${formatFlag(f)}`).join("\n");
    const more = errorCount > 20 ? `\n  … and ${errorCount - 20} more` : "";
    super(`${file}: reconciliation found ${errorCount} error(s); nothing was sent\n${head}${more}`, {
      file,
      errors: errors.map((f) => ({ code: f.code, issue: formatIssue(f) })),
    });
  }
}

export function assertSubmittable(period: RemittancePeriod): void {
  const r = period.reconciliation;
  if (r.errors > 0) throw new ReconciliationError(period.file.file, r.flags, r.errors);
}
