/**
 * Tape reader speed against the bare streaming CSV parse of the same file, same process.
 *   npx tsx bench/tape.ts [--loans 1000000] [--format generic]
 * Generates a deterministic tape (seed 1) into the OS temp dir unless it already exists.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { baselineParse } from "../src/tape/baseline.js";
import { writeTape } from "../src/tape/generate.js";
import { readTape } from "../src/tape/index.js";
import type { TapeFormat } from "../src/tape/loan.js";

const { values } = parseArgs({
  options: { loans: { type: "string", default: "1000000" }, format: { type: "string", default: "generic" } },
});
const loans = Number(values.loans);
const format = values.format as TapeFormat;
const file = join(tmpdir(), `mbs-bench-${format}-${loans}-seed1.txt`);
if (!existsSync(file)) await writeTape(file, { format, loans, seed: 1 });

/** Wall seconds, the result, and CPU seconds (user + system: steadier on a shared machine). */
async function time<T>(f: () => Promise<T>): Promise<[number, T, number]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const v = await f();
  const c = process.cpuUsage(c0);
  return [(performance.now() - t0) / 1000, v, (c.user + c.system) / 1e6];
}

const delimiter = format === "generic" ? "," : "|";
const read = (contentHash: boolean) => async (): Promise<number> => {
  let n = 0;
  for await (const batch of readTape(file, { format, cutoff: "2026-01", contentHash }).batches()) n += batch.length;
  return n;
};
// Interleaved rounds, best of each: shared 2-core machines are noisy, and the page cache and
// the JIT warm up for both sides alike.
const ROUNDS = 3;
let baseline = Infinity;
let baselineCpu = Infinity;
let parse = Infinity;
let parseCpu = Infinity;
let parseHashed = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  const [bWall, , bCpu] = await time(() => baselineParse(file, delimiter));
  baseline = Math.min(baseline, bWall);
  baselineCpu = Math.min(baselineCpu, bCpu);
  const [seconds, count, cpu] = await time(read(false));
  if (count !== loans) throw new Error(`read ${count} loans, expected ${loans}`);
  parse = Math.min(parse, seconds);
  parseCpu = Math.min(parseCpu, cpu);
  parseHashed = Math.min(parseHashed, (await time(read(true)))[0]);
}

const results = {
  loans,
  baseline_parse_seconds: baseline,
  read_validate_seconds: parse,
  read_validate_sha256_seconds: parseHashed,
  rounds: ROUNDS,
  ratio_to_baseline: parse / baseline,
  baseline_parse_cpu_seconds: baselineCpu,
  read_validate_cpu_seconds: parseCpu,
  ratio_to_baseline_cpu: parseCpu / baselineCpu,
  loans_per_second: loans / parse,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
};
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/tape.json", import.meta.url), `${JSON.stringify({ results, format, file }, null, 2)}\n`);
console.table(results);
