/**
 * Everything `tokenize` checks before it touches a chain: the deal and rule files, the tape read,
 * validated, filtered, stratified and committed in one streaming pass, and the deal against the
 * pool it would back. `mbs validate` (and `mbs tokenize --dry-run`) is exactly this, with no chain
 * at all; `tokenize` runs the same steps, then the chain's checks and the deployment.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { checkDealAgainstPool } from "../deal/checks.js";
import { loadDeal, type DealSpec } from "../deal/deal.js";
import { MbsError, ValidationError, type LocatedIssue } from "../errors.js";
import type { PoolBuild } from "../pool/pipeline.js";
import { loadRules, type EligibilityRules } from "../pool/rules.js";
import type { TapeSummary } from "../tape/index.js";
import type { TapeFormat } from "../tape/loan.js";
import { buildPoolFromTape, type TapeProgress } from "./poolFromTape.js";

export interface DealAndRules {
  deal: DealSpec;
  /** 0x-prefixed SHA-256 of the deal file's bytes. */
  dealSha256: string;
  rules: EligibilityRules;
}

/** The small files first, so a typo fails in milliseconds rather than after a long tape. */
export async function readDealAndRules(dealPath: string, rulesPath: string): Promise<DealAndRules> {
  const deal = await loadDeal(dealPath);
  const dealSha256 = `0x${createHash("sha256").update(await readFile(dealPath)).digest("hex")}`;
  return { deal, dealSha256, rules: await loadRules(rulesPath) };
}

export interface TapeOptions {
  tapePath: string;
  format?: TapeFormat | "auto";
  /** Leave invalid tape rows out (listed in the manifest) instead of refusing the tape. */
  excludeInvalid?: boolean;
  /** Monthly performance (servicing) file of a fannie-legacy or freddie tape: actual balances at the cut-off. */
  performancePath?: string;
  /** Stop collecting tape problems after this many (default 100). */
  maxIssues?: number;
  onProgress?: (progress: TapeProgress) => void;
}

/** What the deal checks need to know of the pool. */
export interface PoolFacts {
  loanCount: number;
  upbCents: bigint;
  wacPct: number;
}

export interface PreparedPool {
  pool: PoolBuild;
  summary: TapeSummary;
  /** 0x-prefixed SHA-256 of the tape's bytes. */
  tapeHash: string;
  facts: PoolFacts;
  /** The deal against the pool (faces vs UPB, coupons vs WAC): empty when they agree. */
  dealIssues: LocatedIssue[];
}

/** The tape through the rules into a committed pool, and the deal checked against it (not thrown). */
export async function preparePool(inputs: DealAndRules, options: TapeOptions): Promise<PreparedPool> {
  const { pool, summary } = await buildPoolFromTape({
    tapePath: options.tapePath,
    rules: inputs.rules,
    format: options.format ?? "auto",
    excludeInvalid: options.excludeInvalid === true,
    cutoffMonth: inputs.deal.cutoffDate.slice(0, 7),
    performancePath: options.performancePath,
    maxIssues: options.maxIssues,
    onProgress: options.onProgress,
  });
  if (summary.sha256 === undefined) throw new MbsError("the tape reader did not hash the tape", { file: options.tapePath });
  const facts = { loanCount: pool.includedCount, upbCents: BigInt(pool.stats.currentUpbCents), wacPct: pool.stats.wacPct ?? 0 };
  return { pool, summary, tapeHash: `0x${summary.sha256}`, facts, dealIssues: checkDealAgainstPool(inputs.deal, facts) };
}

export interface ValidationResult extends DealAndRules, PreparedPool {}

/**
 * `mbs validate`: tape, rules and deal checked together, no chain. Throws `ValidationError` with
 * every problem of the first file that has any (deal and rules, then the tape, then the deal
 * against the pool); returns the pool it would commit.
 */
export async function validateTokenization(options: TapeOptions & { dealPath: string; rulesPath: string }): Promise<ValidationResult> {
  const inputs = await readDealAndRules(options.dealPath, options.rulesPath);
  const prepared = await preparePool(inputs, options);
  if (prepared.dealIssues.length > 0) throw new ValidationError(inputs.deal.file, prepared.dealIssues);
  return { ...inputs, ...prepared };
}
