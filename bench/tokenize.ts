/**
 * End-to-end tokenize speed on a deterministic 1,000,000-loan generic tape (seed 1, generated
 * into bench/tapes/ if absent), against a bare streaming CSV parse of the same file in the same
 * run; plus the gas of creating the LoanPool record for a 1,000-loan and a 1,000,000-loan pool,
 * which must be the same (only the root is stored).
 *   npx hardhat run bench/tokenize.ts            → bench/results/tokenize.json
 *   MBS_BENCH_LOANS=100000 npx hardhat run bench/tokenize.ts   (a quicker look)
 * tokenize_seconds is the whole library call on the in-process network: read + validate + rules
 * + stats/strats + Merkle commitment + deal checks + Ignition deployment + mints + manifest.
 *
 * The machines are shared, so a single timing says as much about the neighbours as about the
 * code. Both sides are therefore run MBS_BENCH_RUNS times (default 3), alternating baseline and
 * tokenize so both see the same conditions, and each side reports its fastest run; every run's
 * time is kept in `runs`. CPU seconds (all threads of the process, so including tokenize's
 * hashing worker) are reported next to wall-clock seconds.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";

import PlatformModule from "../deploy/modules/Platform.js";
import { baselineParse } from "../src/tape/baseline.js";
import { generateLoans, writeTape } from "../src/tape/generate.js";
import { tokenize, type TokenizeResult } from "../src/tokenize/tokenize.js";

const LOANS = Number(process.env.MBS_BENCH_LOANS ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.MBS_BENCH_RUNS ?? 3));
const SEED = 1;
const CUTOFF = "2026-01";
const RULES = path.resolve("examples/rules/agency-conforming.json");
const TAPES = path.resolve("bench/tapes");

const connection = await network.create();
const { ethers, ignition } = connection;
const [, investorA, investorB] = await ethers.getSigners();

async function tapeFor(loans: number): Promise<string> {
  await mkdir(TAPES, { recursive: true });
  const file = path.join(TAPES, `generic-${loans}-seed${SEED}.csv`);
  if (!existsSync(file)) await writeTape(file, { format: "generic", loans, seed: SEED, cutoff: CUTOFF });
  return file;
}

/**
 * A two-class deal sized from the generated loans' total UPB (40 % class A, 5 % class B, the
 * rest overcollateralization), so it stays valid whatever share the rules exclude below 55 %.
 */
async function dealFor(loans: number): Promise<string> {
  let total = 0n;
  for (const loan of generateLoans({ format: "generic", loans, seed: SEED, cutoff: CUTOFF })) total += BigInt(loan.currentUpbCents);
  const dollars = (share: bigint) => (total * share) / 100n / 100n;
  const usd = (d: bigint) => `${d}.00`;
  const a = dollars(40n);
  const b = dollars(5n);
  const deal = {
    dealId: `BENCH ${loans}`,
    name: `Benchmark pool of ${loans} loans`,
    cutoffDate: `${CUTOFF}-01`,
    structure: "senior-subordinate",
    overcollateralization: "residual",
    tranches: [
      { name: "Bench A", symbol: "BENCHA", originalFace: usd(a), coupon: 4, seniority: 1, investorClasses: ["accredited", "qib"] },
      { name: "Bench B", symbol: "BENCHB", originalFace: usd(b), coupon: 5, seniority: 2, investorClasses: ["qib"] },
    ],
    allocations: [
      { investor: investorA!.address, tranche: "BENCHA", face: usd(a) },
      { investor: investorB!.address, tranche: "BENCHB", face: usd(b) },
    ],
  };
  const file = path.join(tmpdir(), `mbs-bench-deal-${loans}.json`);
  await writeFile(file, JSON.stringify(deal, null, 2));
  return file;
}

/** Gas of deploying a LoanPool with exactly the record a tokenize run committed. */
async function createPoolGas(result: TokenizeResult): Promise<bigint> {
  const m = result.manifest;
  const factory = await ethers.getContractFactory("LoanPool");
  const pool = await factory.deploy(
    {
      merkleRoot: m.commitment.merkleRoot,
      loanCount: BigInt(m.commitment.loanCount),
      upbCents: BigInt(m.commitment.upbCents),
      tapeHash: m.commitment.tapeHash,
      statsHash: m.commitment.statsHash,
      rulesHash: m.commitment.rulesHash,
      cutoffDate: BigInt(m.commitment.cutoffDate),
    },
    m.deal.dealId,
    m.deal.name,
    m.deal.structure === "pass-through",
    BigInt(m.deal.overcollateralizationCents),
    m.contracts.tranches.map((t) => ({
      token: t.address,
      couponPpm: t.couponPpm,
      seniority: t.seniority,
      originalFaceCents: BigInt(t.originalFaceCents),
    })),
  );
  const receipt = await pool.deploymentTransaction()!.wait();
  return receipt!.gasUsed;
}

// Platform and investors: set-up, not timed.
const { kycRegistry } = await ignition.deploy(PlatformModule, { displayUi: false });
const registry = await kycRegistry.getAddress();
const kyc = await ethers.getContractAt("KycRegistry", registry);
const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 365 * 86_400);
await (
  await kyc.setInvestors([
    { account: investorA!.address, verifiedUntil: until, country: 840, classes: 2, recordHash: ethers.ZeroHash },
    { account: investorB!.address, verifiedUntil: until, country: 840, classes: 4, recordHash: ethers.ZeroHash },
  ])
).wait();

const smallTape = await tapeFor(1_000);
const small = await tokenize({ tapePath: smallTape, rulesPath: RULES, dealPath: await dealFor(1_000), registry }, connection);

const bigTape = await tapeFor(LOANS);
const bigDeal = await dealFor(LOANS);

/** Wall-clock and CPU seconds (all threads) of one call. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** One tokenize of the big tape, with the moment each phase started. */
async function tokenizeBig(): Promise<{ result: TokenizeResult; phaseSeconds: Record<string, number> }> {
  const t1 = performance.now();
  const phaseStarts = new Map<string, number>();
  const result = await tokenize(
    {
      tapePath: bigTape,
      rulesPath: RULES,
      dealPath: bigDeal,
      registry,
      onProgress: (p) => {
        if (!phaseStarts.has(p.phase)) phaseStarts.set(p.phase, performance.now());
      },
    },
    connection,
  );
  const t2 = performance.now();
  const at = (phase: string) => phaseStarts.get(phase) ?? t2;
  const phaseSeconds = {
    tape_rules_stats_commitment: (at("checks") - t1) / 1000,
    deal_checks: (at("deploy") - at("checks")) / 1000,
    deploy_and_mint: (at("manifest") - at("deploy")) / 1000,
    manifest: (t2 - at("manifest")) / 1000,
  };
  return { result, phaseSeconds };
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
type Run<T> = Awaited<ReturnType<typeof timed<T>>>;
let baselineBest: Run<Awaited<ReturnType<typeof baselineParse>>> | undefined;
let tokenizeBest: Run<Awaited<ReturnType<typeof tokenizeBig>>> | undefined;
const runs: { baseline_seconds: number; tokenize_seconds: number }[] = [];
for (let r = 0; r < RUNS; r++) {
  const baselineRun = await timed(() => baselineParse(bigTape));
  const tokenizeRun = await timed(tokenizeBig);
  runs.push({ baseline_seconds: baselineRun.seconds, tokenize_seconds: tokenizeRun.seconds });
  if (baselineBest === undefined || baselineRun.seconds < baselineBest.seconds) baselineBest = baselineRun;
  if (tokenizeBest === undefined || tokenizeRun.seconds < tokenizeBest.seconds) tokenizeBest = tokenizeRun;
}
clearInterval(sampler);
const baseline = baselineBest!.value;
const baselineSeconds = baselineBest!.seconds;
const tokenizeSeconds = tokenizeBest!.seconds;
const big = tokenizeBest!.value.result;
const phaseSeconds = tokenizeBest!.value.phaseSeconds;

const gasSmall = await createPoolGas(small);
const gasBig = await createPoolGas(big);

const results = {
  loans: big.pool.loansRead,
  tokenize_seconds: tokenizeSeconds,
  loans_per_second: big.pool.loansRead / tokenizeSeconds,
  peak_rss_mb: peakRss / 1_048_576,
  baseline_parse_seconds: baselineSeconds,
  ratio_to_baseline: tokenizeSeconds / baselineSeconds,
  tokenize_cpu_seconds: tokenizeBest!.cpuSeconds,
  baseline_parse_cpu_seconds: baselineBest!.cpuSeconds,
  create_pool_gas_1k_loans: Number(gasSmall),
  create_pool_gas_1m_loans: Number(gasBig),
};
const out = {
  results,
  phase_seconds: phaseSeconds,
  runs,
  included: big.pool.includedCount,
  excluded: big.pool.excluded.length,
  baseline_lines: baseline.lines,
  root: big.manifest.commitment.merkleRoot,
  tape: path.relative(process.cwd(), bigTape),
  machine: { node: process.version, cpus: cpus().length, load_average_1m_at_end: loadavg()[0] },
};
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/tokenize.json", `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
