/**
 * One streaming pass over a tape: parse and validate every row, apply the eligibility rules,
 * accumulate the statistics and build the Merkle commitment, hashing the file's bytes on the way.
 * Shared by `tokenize` and by `proof`, which rebuilds the same tree to hand out a loan's proof.
 */
import { buildPool, type PoolBuild } from "../pool/pipeline.js";
import type { EligibilityRules } from "../pool/rules.js";
import { readTape, type TapeSummary } from "../tape/index.js";
import type { TapeFormat } from "../tape/loan.js";

export interface TapeProgress {
  phase: "tape";
  loansRead: number;
  bytesRead: number;
  totalBytes: number;
}

export interface PoolFromTapeOptions {
  tapePath: string;
  rules: EligibilityRules;
  format: TapeFormat | "auto";
  excludeInvalid: boolean;
  /** `YYYY-MM`: tapes without a loan age are aged to this month. */
  cutoffMonth: string;
  maxIssues?: number | undefined;
  onProgress?: ((progress: TapeProgress) => void) | undefined;
}

export async function buildPoolFromTape(options: PoolFromTapeOptions): Promise<{ pool: PoolBuild; summary: TapeSummary }> {
  let bytesRead = 0;
  let totalBytes = 0;
  const tape = readTape(options.tapePath, {
    format: options.format,
    excludeInvalid: options.excludeInvalid,
    maxIssues: options.maxIssues ?? 100,
    cutoff: options.cutoffMonth,
    contentHash: true,
    onProgress: (read, total) => {
      bytesRead = read;
      totalBytes = total;
    },
  });
  const pool = await buildPool(tape, options.rules, {
    onProgress: (loansRead) => options.onProgress?.({ phase: "tape", loansRead, bytesRead, totalBytes }),
  });
  return { pool, summary: tape.summary };
}
