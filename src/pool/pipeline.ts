/**
 * The streaming pool build the `tokenize` command runs: loans stream through the per-loan rules
 * into the compact store (never the whole tape in memory), then the state-concentration rule,
 * the statistics and stratification, and the Merkle commitment run over the store. On large
 * tapes the leaves are hashed on a worker thread as they are stored (leaf-hasher.ts).
 */
import { MbsError, ValidationError, type LocatedIssue } from "../errors.js";
import type { Hex } from "./bytes.js";
import { LoanCommitment } from "./commitment.js";
import { sha256Json } from "./digest.js";
import { EligibilityFilter, resolveStateConcentration, type Exclusion } from "./eligibility.js";
import { LeafEncodingError, type PoolLoan } from "./leaf.js";
import type { EligibilityRules } from "./rules.js";
import { PoolStatsAccumulator, type PoolStats } from "./stats.js";
import { StratAccumulator, type StratOptions, type StratTable } from "./stratify.js";
import { ParallelTree, type ParallelTreeOptions } from "./parallel-tree.js";
import { LoanStore } from "./store.js";
import { reportJson } from "./report.js";

/** How issues about loan records that did not come from a file name their source. */
const LOAN_RECORDS = "loan records";

function leafIssue(e: LeafEncodingError): LocatedIssue {
  const d = e.details as { loanId?: unknown; line?: unknown; field?: unknown; value?: unknown; why?: unknown };
  return {
    file: LOAN_RECORDS,
    line: typeof d.line === "number" ? d.line : 0,
    field: typeof d.field === "string" ? d.field : "(loan)",
    value: String(d.value),
    reason: `loan ${String(d.loanId)}: ${typeof d.why === "string" ? d.why : e.reason}`,
  };
}

export interface BuildPoolOptions {
  strat?: StratOptions;
  /** Place leaves in hash order (StandardMerkleTree's default). Default true. */
  sortLeaves?: boolean;
  /** Called with the number of loans read so far, every `progressEvery` (default 10,000) loans and once at the end. */
  onProgress?: (loansRead: number) => void;
  progressEvery?: number;
  /** When hashing moves to a worker thread (parallel-tree.ts); the result is the same either way. */
  parallel?: ParallelTreeOptions;
  /** Loans the source is expected to hold (a hint: the store makes room for them up front). */
  expectedLoans?: number;
}

export interface PoolBuild {
  loansRead: number;
  includedCount: number;
  /** Per-loan exclusions in tape order, then concentration drops in drop order. */
  excluded: Exclusion[];
  stats: PoolStats;
  strats: StratTable[];
  commitment: LoanCommitment;
  /** sha256 of the canonical JSON of the rule file as parsed. */
  rulesHash: Hex;
  /** sha256 of the canonical JSON of { stats, strats }. */
  statsHash: Hex;
}

/** A source that hands out loans in arrays, as `TapeStream.batches()` does. */
export interface LoanBatches {
  batches(): AsyncIterable<readonly PoolLoan[]>;
}

/**
 * The loans of any accepted source as arrays. A batched source is read batch by batch: iterating
 * a million loans one `await` at a time costs a promise and a microtask per loan.
 */
async function* inBatches(loans: AsyncIterable<PoolLoan> | Iterable<PoolLoan> | LoanBatches): AsyncGenerator<readonly PoolLoan[]> {
  if ("batches" in loans && typeof loans.batches === "function") {
    yield* loans.batches();
    return;
  }
  for await (const loan of loans as AsyncIterable<PoolLoan> | Iterable<PoolLoan>) yield [loan];
}

export async function buildPool(
  loans: AsyncIterable<PoolLoan> | Iterable<PoolLoan> | LoanBatches,
  rules: EligibilityRules,
  options: BuildPoolOptions = {},
): Promise<PoolBuild> {
  const filter = new EligibilityFilter(rules);
  const store = new LoanStore(options.expectedLoans);
  const parallelTree = new ParallelTree(store, options.parallel);
  try {
    const excluded: Exclusion[] = [];
    const every = options.progressEvery ?? 10_000;
    let loansRead = 0;
    // Loans the leaf cannot carry: the tape readers refuse these first, but a caller handing in
    // records of its own gets every one listed, not the first as an exception.
    const unencodable: LocatedIssue[] = [];
    for await (const batch of inBatches(loans)) {
      for (const loan of batch) {
        loansRead++;
        const exclusion = filter.check(loan);
        if (exclusion === undefined) {
          try {
            store.append(loan);
          } catch (e) {
            if (!(e instanceof LeafEncodingError)) throw e;
            if (unencodable.length < 100) unencodable.push(leafIssue(e));
            continue;
          }
          parallelTree.update();
        } else excluded.push(exclusion);
        if (options.onProgress !== undefined && loansRead % every === 0) options.onProgress(loansRead);
      }
    }
    if (unencodable.length > 0) throw new ValidationError(LOAN_RECORDS, unencodable, unencodable.length >= 100);
    if (loansRead % every !== 0) options.onProgress?.(loansRead);
    parallelTree.flush();

    const cap = rules.limits.maxStateConcentrationPct;
    let drop: Uint8Array | undefined;
    if (cap !== undefined) {
      const resolved = resolveStateConcentration(store, cap);
      drop = resolved.drop;
      store.compact(drop);
      excluded.push(...resolved.exclusions);
    }
    if (store.length === 0) {
      throw new MbsError(`no loan passed the eligibility rules (${loansRead} read, ${excluded.length} excluded)`, {
        loansRead,
        excluded: excluded.length,
      });
    }

    const tree = parallelTree.tree({ sortLeaves: options.sortLeaves }, drop);
    tree.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile

    // Runs while the worker (if any) builds the tree.
    const stats = new PoolStatsAccumulator();
    const strat = new StratAccumulator(options.strat);
    const loan = store.loan(0);
    for (let i = 0; i < store.length; i++) {
      store.loanInto(i, loan); // neither accumulator keeps the loan
      stats.add(loan);
      strat.add(loan);
    }
    const poolStats = stats.result();
    const strats = strat.result();
    // The worker hashed the loan ids with the leaves: the duplicate-id check reads its hashes.
    await parallelTree.idHashesAdopted();
    const commitment = await LoanCommitment.withTree(store, tree);
    return {
      loansRead,
      includedCount: store.length,
      excluded,
      stats: poolStats,
      strats,
      commitment,
      rulesHash: sha256Json(rules.source),
      statsHash: sha256Json(reportJson(poolStats, strats)),
    };
  } finally {
    await parallelTree.close();
  }
}
