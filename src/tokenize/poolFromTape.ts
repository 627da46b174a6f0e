/**
 * One streaming pass over a tape: parse and validate every row, apply the eligibility rules,
 * accumulate the statistics and build the Merkle commitment, hashing the file's bytes on the way.
 * Shared by `tokenize` and by `proof`, which rebuilds the same tree to hand out a loan's proof.
 */
import { stat } from "node:fs/promises";
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
  /** Monthly performance (servicing) file of a fannie-legacy or freddie tape. */
  performancePath?: string | undefined;
  maxIssues?: number | undefined;
  onProgress?: ((progress: TapeProgress) => void) | undefined;
}

/**
 * Fewer bytes a loan than any layout's rows take in practice (generic rows run ~170, agency rows
 * more): the store sized from it never has to grow while the tape streams in. Capped, because a
 * single-file Fannie tape holds many monthly rows per loan: beyond the cap the store grows.
 */
const MIN_BYTES_PER_LOAN = 120;
const MAX_EXPECTED_LOANS = 1 << 21;

export async function buildPoolFromTape(options: PoolFromTapeOptions): Promise<{ pool: PoolBuild; summary: TapeSummary }> {
  let bytesRead = 0;
  let totalBytes = 0;
  const tape = readTape(options.tapePath, {
    format: options.format,
    excludeInvalid: options.excludeInvalid,
    maxIssues: options.maxIssues ?? 100,
    cutoff: options.cutoffMonth,
    ...(options.performancePath === undefined ? {} : { performance: options.performancePath }),
    contentHash: true,
    onProgress: (read, total) => {
      bytesRead = read;
      totalBytes = total;
    },
  });
  // A missing file is reported by the reader, with its own message.
  const bytes = await stat(options.tapePath).then((s) => s.size, () => 0);
  const pool = await buildPool(tape, options.rules, {
    expectedLoans: Math.min(bytes / MIN_BYTES_PER_LOAN, MAX_EXPECTED_LOANS),
    onProgress: (loansRead) => options.onProgress?.({ phase: "tape", loansRead, bytesRead, totalBytes }),
  });
  return { pool, summary: tape.summary };
}
