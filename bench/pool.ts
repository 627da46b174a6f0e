/**
 * Micro-benchmark of the pool layer (eligibility → store → stats/strats → Merkle commitment) on
 * 1,000,000 deterministic synthetic loans, with in-process baselines:
 * - Merkle: our builder vs @openzeppelin/merkle-tree's StandardMerkleTree on a 20,000-leaf
 *   subset (per-leaf cost; the library cannot do 1M in reasonable time or memory);
 * - stats: the accumulators vs a bare loop summing UPB over the same loans.
 * The machines are shared, so the load average at the end is recorded next to the results.
 * Run: npx tsx bench/pool.ts [loans]  → bench/results/pool.json
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { LoanRecord } from "../src/tape/loan.js";
import { LoanStore } from "../src/pool/store.js";
import { LoanCommitment } from "../src/pool/commitment.js";
import { LEAF_ENCODING, leafTuple } from "../src/pool/leaf.js";
import { PoolStatsAccumulator } from "../src/pool/stats.js";
import { StratAccumulator } from "../src/pool/stratify.js";
import { buildPool } from "../src/pool/pipeline.js";
import { validateRules } from "../src/pool/rules.js";

const N = Number(process.argv[2] ?? 1_000_000);
const STATES = ["CA", "TX", "FL", "NY", "IL", "PA", "OH", "GA", "NC", "MI", "NJ", "VA", "WA", "AZ", "MA"];

/** Deterministic synthetic loans, generated lazily so the tape is never in memory. */
function* syntheticLoans(n: number): Generator<LoanRecord> {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    const original = Math.round(50_000 + rnd() * 600_000) * 100;
    const age = Math.floor(rnd() * 36);
    yield {
      loanId: `B${String(i).padStart(9, "0")}`,
      line: i + 1,
      originalUpbCents: original,
      currentUpbCents: Math.round(original * (1 - age / 400)),
      noteRatePct: Math.round(2500 + rnd() * 5000) / 1000,
      originalTermMonths: 360,
      loanAgeMonths: age,
      remainingTermMonths: 360 - age,
      firstPaymentDate: `${2020 + Math.floor(age / 12)}-${String(1 + (i % 12)).padStart(2, "0")}`,
      fico: 580 + Math.floor(rnd() * 240),
      ltvPct: 40 + Math.floor(rnd() * 57),
      cltvPct: 40 + Math.floor(rnd() * 60),
      dtiPct: 10 + Math.floor(rnd() * 40),
      state: STATES[Math.floor(rnd() * rnd() * STATES.length)]!,
      propertyType: "single-family",
      occupancy: "primary",
      purpose: "purchase",
      product: "FRM",
    };
  }
}

const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
};

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

// Generating the synthetic loans alone, so the store's own cost can be told apart.
const [, generateSeconds] = time(() => {
  let n = 0;
  for (const loan of syntheticLoans(N)) n += loan.line;
  return n;
});

// Stats: accumulators vs a bare loop over the same (pre-built store) loans.
const store = new LoanStore();
const [, storeSeconds] = time(() => {
  for (const loan of syntheticLoans(N)) store.append(loan);
});
const [, statsSeconds] = time(() => {
  const stats = new PoolStatsAccumulator();
  const strat = new StratAccumulator();
  for (let i = 0; i < store.length; i++) {
    const loan = store.loan(i);
    stats.add(loan);
    strat.add(loan);
  }
  return [stats.result(), strat.result()];
});
const [, bareLoopSeconds] = time(() => {
  let sum = 0;
  for (let i = 0; i < store.length; i++) sum += store.loan(i).currentUpbCents;
  return sum;
});

// Merkle: 1M leaves with our builder; StandardMerkleTree on a subset as the baseline.
const [commitment, merkleSeconds] = time(() => LoanCommitment.build(store));
const subset = 20_000;
const subsetValues = Array.from({ length: subset }, (_, i) => leafTuple(store.leaf(i)));
const [, ozSubsetSeconds] = time(() => StandardMerkleTree.of(subsetValues, [...LEAF_ENCODING]));
const [, proofSeconds] = time(() => {
  for (let i = 0; i < 1_000; i++) commitment.proof(store.loanId((i * 7919) % store.length));
});

// The whole pool stage as tokenize runs it (rules, concentration, stats, strats, commitment).
const rules = validateRules({ ficoMin: 620, ltvMaxPct: 95, dtiMaxPct: 45, maxStateConcentrationPct: 20 }, "bench-rules.json");
const t0 = performance.now();
const pool = await buildPool(syntheticLoans(N), rules);
const buildPoolSeconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const results = {
  loans: N,
  synthetic_generation_seconds: generateSeconds,
  store_append_seconds: storeSeconds - generateSeconds,
  stats_and_strats_seconds: statsSeconds,
  baseline_bare_loop_seconds: bareLoopSeconds,
  stats_ratio_to_bare_loop: statsSeconds / bareLoopSeconds,
  merkle_build_seconds: merkleSeconds,
  merkle_us_per_leaf: (merkleSeconds / N) * 1e6,
  baseline_oz_standard_tree_us_per_leaf: (ozSubsetSeconds / subset) * 1e6,
  merkle_speedup_vs_oz: ozSubsetSeconds / subset / (merkleSeconds / N),
  proof_by_id_us: proofSeconds * 1e3,
  build_pool_seconds: buildPoolSeconds,
  build_pool_included: pool.includedCount,
  build_pool_excluded: pool.excluded.length,
  peak_rss_mb: peakRss / 2 ** 20,
};
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/pool.json", `${JSON.stringify({ results, root: commitment.root, machine: { node: process.version, cpus: cpus().length, load_average_1m_at_end: loadavg()[0] } }, null, 2)}\n`);
console.log(results);
