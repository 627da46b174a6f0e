/**
 * A pool's periods rebuilt from their servicer files: starting from the tokenized pool, each
 * file is reconciled against the state the one before left, exactly as `mbs remit` did when the
 * period ran, so every period's Merkle tree — and each loan's line and proof — comes back
 * bit for bit. The loan's digital twin (`mbs loan-history`) is read from here and each line
 * checked against the root the chain holds for its period.
 */
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, MbsError } from "../errors.js";
import { monthString } from "../tape/fields.js";
import { processRemittance, verifyLoanLineProof, type LoanLineProof, type ProcessOptions, type RemittancePeriod } from "../remittance/period.js";
import { detectRemittanceFormat, readRemittance } from "../remittance/reader.js";
import type { PoolState } from "../remittance/state.js";
import type { RemittanceFormat } from "../remittance/types.js";

/** Files of a folder (or the given files) in reporting-month order, each checked to be a remittance file. */
export async function remittanceFiles(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const s = await stat(input).catch(() => undefined);
    if (s === undefined) throw new InvalidInputError(input, "no such file or folder");
    if (s.isDirectory()) {
      for (const name of (await readdir(input)).sort()) {
        const file = path.join(input, name);
        if ((await stat(file)).isFile() && !name.startsWith(".")) files.push(file);
      }
    } else files.push(input);
  }
  return files;
}

/** The first line of a file (up to 64 KiB). */
async function firstLine(file: string): Promise<string> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString("utf8").split("\n")[0]?.replace(/\r$/, "") ?? "";
  } finally {
    await fh.close();
  }
}

/**
 * The reporting month (month index) of a remittance file from its first data row only, without
 * reading the rest (the full read, with every check, comes when the period is processed).
 */
export async function fileReportingMonth(file: string, format: RemittanceFormat | "auto" = "auto"): Promise<number> {
  const stream = readRemittance(file, { format, maxIssues: 1 });
  for await (const batch of stream.batches()) {
    const first = batch[0];
    if (first !== undefined) return first.period;
  }
  throw new InvalidInputError(file, "no loan row to tell the reporting month from");
}

export interface RebuiltPeriod {
  period: RemittancePeriod;
  /** The state before the period. */
  before: PoolState;
}

/**
 * Replays `files` (any order; each must be a remittance file) from `start`, one period per
 * reporting month, stopping after `lastPeriod` when given. A missing month is an error naming it.
 */
export async function replayPeriods(
  start: PoolState,
  files: readonly string[],
  options: ProcessOptions & { lastPeriod?: number; onPeriod?: (p: RebuiltPeriod) => void } = {},
): Promise<RebuiltPeriod[]> {
  const candidates = new Map<string, string>();
  for (const file of files) {
    const line = await firstLine(file);
    const detected = detectRemittanceFormat(line);
    if (!("format" in detected)) continue;
    const index = await fileReportingMonth(file, detected.format).catch(() => undefined);
    if (index === undefined) continue;
    const month = monthString(index);
    const seen = candidates.get(month);
    if (seen !== undefined) throw new InvalidInputError(file, `two files for ${month}: ${seen} and ${file}`);
    candidates.set(month, file);
  }
  const out: RebuiltPeriod[] = [];
  let state = start;
  for (;;) {
    if (options.lastPeriod !== undefined && state.period >= options.lastPeriod) break;
    const month = monthString(state.asOf + 1);
    const file = candidates.get(month);
    if (file === undefined) {
      if (options.lastPeriod !== undefined) throw new MbsError(`no servicer file for ${month} (period ${state.period + 1}) among the files given`, { month });
      break;
    }
    const period = await processRemittance(file, state, options);
    const rebuilt = { period, before: state };
    options.onPeriod?.(rebuilt);
    out.push(rebuilt);
    state = period.reconciliation.next;
  }
  return out;
}

/** One period of a loan's life, its proof, and whether the root the chain holds accepts it. */
export interface LoanHistoryLine {
  proof: LoanLineProof;
  /** The root the chain holds for the period (undefined: not on chain). */
  chainRoot: string | undefined;
  verified: boolean;
}

/** A loan's line in each period and its proof against `rootOf(period)` (the chain's root). */
export async function loanHistory(
  periods: readonly RebuiltPeriod[],
  loanId: string,
  rootOf: (period: number) => Promise<string | undefined>,
): Promise<LoanHistoryLine[]> {
  const out: LoanHistoryLine[] = [];
  for (const { period } of periods) {
    if (!period.lines.some((l) => l.loanId === loanId)) continue;
    const proof = period.proof(loanId);
    const chainRoot = await rootOf(proof.period);
    const verified = chainRoot !== undefined && verifyLoanLineProof(proof, chainRoot as `0x${string}`);
    out.push({ proof, chainRoot, verified });
  }
  if (out.length === 0) throw new InvalidInputError("--loan", `loan ${loanId} has no line in any of the ${periods.length} period(s) rebuilt`);
  return out;
}
