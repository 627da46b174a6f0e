/**
 * Remittance-cycle benchmark, servicer-file part (not a test): `cycle_seconds_100k_loans`, a
 * 100,000-loan servicer file end to end on the in-process network — read and validate, reconcile
 * against last month, commit the loan lines (Merkle root), aggregate, preview on the deal model
 * and the contract's lens, submit, mark the record date, attest, fund, execute — through the same
 * `runRemit` as `mbs remit`. Three consecutive months are timed (the first pays cold caches and
 * first-time storage); the result is the slowest. Baseline in the same process: the bare read of
 * the same file. Merges into bench/results/remit.json (the on-chain part, bench/remit.ts, writes
 * the gas figures there). Run: `npx hardhat run bench/remit-offchain.ts` (part of `npm run bench`).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";

import { fromConnection } from "../src/chain/index.js";
import { runRemit } from "../src/remit/cycle.js";
import { PoolSimulator, writeRemittanceFile } from "../src/remittance/generate.js";
import { loadRemittance } from "../src/remittance/reader.js";
import { openBalance, stateFromTape } from "../src/remittance/state.js";
import { parseCutoff } from "../src/tape/fields.js";
import { generateLoans } from "../src/tape/generate.js";
import { deployWaterfall } from "../test/waterfall/harness.js";
import { seniorMezzJunior } from "../test/remit/fixtures.js";

const LOANS = Number(process.env.REMIT_BENCH_LOANS ?? 100_000);
const MONTHS = 3;
const FORMAT = "freddie" as const;

const connection = await network.create();
const dir = await mkdtemp(path.join(tmpdir(), "mbs-remit-bench-"));
try {
  const start = stateFromTape(generateLoans({ format: "generic", loans: LOANS, seed: 100, cutoff: "2026-01" }), parseCutoff("2026-01"));
  const deal = seniorMezzJunior(BigInt(openBalance(start).upbCents) * 10_000n);
  const fromBlock = await connection.ethers.provider.getBlockNumber();
  const d = await deployWaterfall(connection.ethers, deal, { initialLoans: LOANS, cutoffDate: Date.UTC(2026, 0, 1) / 1000 });
  const at = async (signer: { getAddress(): Promise<string> }) => fromConnection(connection as unknown as Parameters<typeof fromConnection>[0], 1, { account: await signer.getAddress() });
  const [servicer, trustee] = [await at(d.servicer), await at(d.trustee)];
  const sim = new PoolSimulator(start, { seed: 9, cpr: 0.1, missRate: 0.02, cureRate: 0.5, curtailmentRate: 0.02 });
  const files: string[] = [];
  for (let m = 1; m <= MONTHS; m++) {
    const file = path.join(dir, `servicer-${m}.txt`);
    await writeRemittanceFile(file, FORMAT, sim.nextMonth());
    files.push(file);
  }
  const journal = path.join(dir, "journal");
  const seconds: number[] = [];
  let flags = 0;
  for (const file of files) {
    const t0 = performance.now();
    const out = await runRemit({ file, start, journal, dealName: deal.name, waterfall: String(d.waterfall.target), lens: String(d.lens.target), fromBlock, servicer, trustee, ...(process.env.REMIT_BENCH_TRACE === undefined ? {} : { log: (l: string) => console.log(((performance.now() - t0) / 1000).toFixed(2), l.slice(0, 80)) }) });
    seconds.push((performance.now() - t0) / 1000);
    flags += out.remittance!.flags.length;
    if (out.status?.executed !== out.period) throw new Error(`period ${out.period} did not execute`);
  }
  const t1 = performance.now();
  await loadRemittance(files[0]!);
  const readSeconds = (performance.now() - t1) / 1000;
  const cycle = Math.max(...seconds);
  const results = {
    cycle_seconds_100k_loans: Number(cycle.toFixed(3)),
    cycle_seconds_by_month: seconds.map((s) => Number(s.toFixed(3))),
    cycle_loans: LOANS,
    read_seconds_100k_loans: Number(readSeconds.toFixed(3)),
  };
  const ratios = { cycle_vs_bare_read: Number((cycle / readSeconds).toFixed(2)) };
  const out = path.join("bench", "results", "remit.json");
  await mkdir(path.dirname(out), { recursive: true });
  let previous: { results?: Record<string, unknown>; ratios?: Record<string, unknown>; targets?: Record<string, unknown>; notes?: unknown } = {};
  try {
    previous = JSON.parse(await readFile(out, "utf8")) as typeof previous;
  } catch {
    // first run
  }
  const merged = {
    ...previous,
    results: { ...previous.results, ...results },
    ratios: { ...previous.ratios, ...ratios },
    targets: { ...previous.targets, cycle_seconds_100k_loans: "<= 10" },
    cycleNotes: `${LOANS.toLocaleString("en-US")}-loan ${FORMAT} servicer file per month (generated, ${flags} reconciliation warnings over ${MONTHS} months), senior/mezzanine/junior deal with mock class tokens on Hardhat's in-process network; each month: read + reconcile + Merkle root + report + model and lens preview + record date + submit + attest + fund and execute (one transaction) through runRemit; slowest of ${MONTHS} consecutive months; baseline: bare read of the same file in the same process`,
    offchainMeasuredAt: new Date().toISOString(),
  };
  await writeFile(out, JSON.stringify(merged, null, 2) + "\n");
  console.table({ ...results, cycle_seconds_by_month: seconds.map((s) => s.toFixed(2)).join(" / ") });
  console.log(`wrote ${out}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
