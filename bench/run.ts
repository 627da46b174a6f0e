/**
 * `npm run bench`: runs every benchmark, one after another (they share 2 cores), each writing its
 * own bench/results/<name>.json, then rewrites the results table in README.md between the
 * `<!-- bench:start -->` / `<!-- bench:end -->` markers from those files, so the README never
 * shows a figure that no run produced. `npm run bench -- gas analytics` runs a subset.
 */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";

interface Bench {
  name: string;
  /** The command, run from the project root with node_modules/.bin on PATH (npm does that). */
  command: string[];
  /** Which result keys the README shows, with their target (as text) where the issue sets one. */
  show: Array<[key: string, target: string]>;
}

const BENCHES: Bench[] = [
  {
    name: "gas",
    command: ["hardhat", "run", "bench/gas.ts"],
    show: [
      ["erc20_transfer_repeat", "baseline"],
      ["erc20_transfer_first", "baseline"],
      ["pool_transfer_repeat", "≤ 46,000"],
      ["pool_transfer_first", "≤ 62,000 (no rules: a class without a holder cap keeps no count, ADR 0021)"],
      ["pool_transfer_repeat_with_rules", "≤ 48,000 (classes, lot size, holder cap, 3 blocked countries)"],
      ["pool_transfer_first_with_rules", "≤ 64,000 (same rules)"],
      ["pool_transfer_after_distribution", "≤ 80,000 (first move after a distribution settles both accruals)"],
      ["kyc_onboard_single", "≤ 48,000"],
      ["kyc_onboard_batch100_per_investor", "≤ 26,000"],
      ["distribute_10_holders", ""],
      ["distribute_1000_holders", "within 1% of 10 holders"],
      ["claim_after_1_period", "≤ 58,000"],
      ["claim_after_120_periods", "within 1% of 1 period, ≤ 58,000"],
      ["bytecode_margin_bytes", "≥ 4,096 (smallest margin under 24,576 across deployable contracts)"],
      ["count_holders_1000_gas", "countHolders proving 1,000 holders of an uncapped class (ADR 0021)"],
      ["count_holders_per_holder", "per listed holder: the block gas limit bounds one proof"],
    ],
  },
  {
    name: "tokenize",
    command: ["hardhat", "run", "bench/tokenize.ts"],
    show: [
      ["loans", ""],
      ["tokenize_seconds", "≤ 60"],
      ["loans_per_second", ""],
      ["peak_rss_mb", "≤ 2,048"],
      ["baseline_parse_seconds", "baseline"],
      ["ratio_to_baseline", "≤ 5"],
      ["create_pool_gas_1k_loans", ""],
      ["create_pool_gas_1m_loans", "within 1% of 1k loans"],
    ],
  },
  {
    name: "analytics",
    command: ["tsx", "bench/analytics.ts"],
    show: [
      ["loan_level_100k_x360_seconds", "≤ 5"],
      ["loan_level_defaults_100k_x360_seconds", "≤ 10"],
      ["rep_line_1000_scenarios_seconds", "≤ 2"],
      ["price_yield_solves_per_second", "≥ 10,000"],
      ["oas_512_paths_seconds", ""],
    ],
  },
  {
    name: "market",
    command: ["hardhat", "run", "bench/market.ts"],
    show: [
      ["place_ask_gas", ""],
      ["place_bid_gas", ""],
      ["fill_gas", "≤ 140,000 (full fill of an ask)"],
      ["partial_fill_gas", ""],
      ["cancel_gas", ""],
      ["bilateral_trade_gas", "≤ 220,000 (propose + confirm, both legs)"],
      ["erc3643_dvd_trade_gas", "reference: ERC-3643 DVDTransferManager, approvals + initiate + take (issue: ~590,000)"],
      ["bilateral_vs_erc3643_dvd_ratio", "bilateral_trade_gas / erc3643_dvd_trade_gas, same run"],
    ],
  },
  { name: "remit-offchain", command: ["hardhat", "run", "bench/remit-offchain.ts"], show: [] },
  {
    name: "remit",
    command: ["hardhat", "run", "bench/remit.ts"],
    show: [
      ["cycle_seconds_100k_loans", "≤ 10 (100,000-loan servicer file end to end, in-process network)"],
      ["cycle_gas_total", "≤ 400,000 (submit + attest + fund + execute, 3 classes + reserve; fund and execute one transaction)"],
      ["cycle_gas_all_transactions", "— (every transaction of a month: the issue's four steps + the keeper's record-date mark; no target in the issue, 400,000 not met)"],
      ["record_date_gas", ""],
      ["cycle_gas_10_holders", ""],
      ["cycle_gas_10000_holders", "within 1% of 10 holders"],
      ["differential_cases", "≥ 300"],
    ],
  },
  { name: "tape", command: ["tsx", "bench/tape.ts"], show: [] },
  { name: "pool", command: ["tsx", "bench/pool.ts"], show: [] },
  {
    name: "dashboard",
    command: ["hardhat", "run", "bench/dashboard.ts"],
    show: [
      ["initial_load_ms", "≤ 3,000 (120 periods, 1,000 trades; cold: dashboard start → first complete render in the browser)"],
      ["initial_load_warm_ms", "(page opened on a running dashboard)"],
      ["server_cold_read_ms", "(the server's part of the cold start)"],
      ["event_to_screen_ms_median", "≤ 2,000 (20 events, in the browser)"],
      ["event_to_screen_ms_worst", "≤ 2,000"],
    ],
  },
];

// `npm run bench -- --table`: only rewrite the README table from the committed results (after
// merging results measured elsewhere), running nothing.
const tableOnly = process.argv.includes("--table");
const selected = process.argv.slice(2).filter((a) => a !== "--table");
const toRun = tableOnly ? [] : selected.length === 0 ? BENCHES : BENCHES.filter((b) => selected.includes(b.name));
if (toRun.length === 0 && !tableOnly) {
  console.error(`unknown benchmark(s) ${selected.join(", ")}; known: ${BENCHES.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

let failed = false;
for (const bench of toRun) {
  console.log(`\n=== bench: ${bench.name} (${bench.command.join(" ")}) ===`);
  const [cmd, ...args] = bench.command as [string, ...string[]];
  const run = spawnSync(cmd, args, { stdio: "inherit" });
  if (run.status !== 0) {
    console.error(`bench ${bench.name} failed (exit ${run.status})`);
    failed = true;
  }
}

function formatValue(value: unknown): string {
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value >= 100 ? value.toLocaleString("en-US", { maximumFractionDigits: 0 }) : value.toFixed(3);
}

const rows: string[] = ["| benchmark | measure | result | target |", "|---|---|---|---|"];
for (const bench of BENCHES) {
  if (bench.show.length === 0) continue;
  let results: Record<string, unknown> = {};
  try {
    results = (JSON.parse(await readFile(`bench/results/${bench.name}.json`, "utf8")) as { results: Record<string, unknown> }).results;
  } catch {
    continue; // never run here: nothing to show
  }
  for (const [key, target] of bench.show) {
    if (results[key] === undefined) continue;
    rows.push(`| ${bench.name} | \`${key}\` | ${formatValue(results[key])} | ${target} |`);
  }
}

const readme = await readFile("README.md", "utf8");
const start = "<!-- bench:start -->";
const end = "<!-- bench:end -->";
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from >= 0 && to > from) {
  const table = `${start}\n${rows.join("\n")}\n${end}`;
  await writeFile("README.md", readme.slice(0, from) + table + readme.slice(to + end.length));
  console.log("\nREADME.md results table updated.");
}
process.exit(failed ? 1 : 0);
