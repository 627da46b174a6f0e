/**
 * Analytics benchmark: `npx tsx bench/analytics.ts` → bench/results/analytics.json.
 * Deterministic inputs (a fixed-seed generator), wall-clock seconds from performance.now().
 * Each figure is the best of a few runs after a warm-up, so JIT compilation is not timed. The
 * baseline is the same work done the obvious way (one `pow` per loan-month, rep-line objects),
 * run in the same process so that the ratio does not depend on the machine.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDate } from "../src/analytics/dates.js";
import { projectLoans } from "../src/analytics/loanlevel.js";
import { optionAdjustedSpread } from "../src/analytics/oas/oas.js";
import type { LoanArrays } from "../src/analytics/loanlevel.js";
import { averageLifeYears, projectPassThrough } from "../src/analytics/passthrough.js";
import { psaSmm } from "../src/analytics/speeds.js";
import { preparePricing, yieldFromPrice } from "../src/analytics/yield.js";

const TARGETS = {
  loan_level_100k_x360_seconds: 5,
  loan_level_defaults_100k_x360_seconds: 10,
  rep_line_1000_scenarios_seconds: 2,
  price_yield_solves_per_second: 10_000,
};

/** Park–Miller minimal standard generator: the same tape on every run and machine. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

function syntheticTape(loans: number): LoanArrays {
  const next = generator(20_260_101);
  const tape: LoanArrays = {
    balance: new Float64Array(loans), rate: new Float64Array(loans),
    remainingTerm: new Int32Array(loans), age: new Int32Array(loans),
  };
  for (let i = 0; i < loans; i++) {
    const age = Math.floor(next() * 60);
    tape.balance[i] = Math.round(50_000 + next() * 700_000);
    tape.rate[i] = 0.03 + Math.round(next() * 48) * 0.00125;
    tape.age[i] = age;
    tape.remainingTerm[i] = 360 - age;
  }
  // One loan with the full 360 months left, so the projection spans 360 months.
  tape.age[0] = 0;
  tape.remainingTerm[0] = 360;
  return tape;
}

function bestOf<T>(runs: number, work: () => T): { seconds: number; value: T } {
  let best = Infinity;
  let value = work();
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = work();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, value };
}

/** Baseline: each loan projected on its own with a pow per month for payment and SMM. */
function naiveLoanLevel(tape: LoanArrays, loans: number, psa: number): number {
  let total = 0;
  for (let i = 0; i < loans; i++) {
    let b = tape.balance[i] as number;
    const r = (tape.rate[i] as number) / 12;
    const n = tape.remainingTerm[i] as number;
    for (let m = 1; m <= n && b > 0; m++) {
      const remaining = n - m + 1;
      const payment = b * r / (1 - Math.pow(1 + r, -remaining));
      const scheduled = payment - b * r;
      b -= scheduled + psaSmm(psa, (tape.age[i] as number) + m) * (b - scheduled);
      total += scheduled;
    }
  }
  return total;
}

const tape = syntheticTape(100_000);
const loanLevel = bestOf(3, () => projectLoans(tape, { kind: "psa", psa: 150 }, 0.0025));
const loanLevelDefaults = bestOf(3, () => projectLoans(tape, { kind: "psa", psa: 150 }, 0.0025,
  { rate: { kind: "sda", sda: 100 }, severity: 0.35, lagMonths: 12, advance: true }));
const baselineLoans = 10_000;
const baseline = bestOf(1, () => naiveLoanLevel(tape, baselineLoans, 150));
const baselineSecondsFor100k = baseline.seconds * (100_000 / baselineLoans);

const pool = { balance: 400_000_000, grossWac: 0.06, passThroughRate: 0.055, originalTerm: 360, wam: 358 };
const scenarios: { psa: number; sda: number }[] = [];
for (let p = 0; p < 40; p++) for (let d = 0; d < 25; d++) scenarios.push({ psa: 50 + 25 * p, sda: 25 * d });
const repLine = bestOf(3, () => {
  let walSum = 0;
  for (const s of scenarios) {
    const table = projectPassThrough(pool, {
      prepay: { kind: "psa", psa: s.psa },
      defaults: { rate: { kind: "sda", sda: s.sda }, severity: 0.35, lagMonths: 12, advance: true },
    });
    walSum += averageLifeYears(table);
  }
  return walSum;
});

const flows = projectPassThrough(pool, { prepay: { kind: "psa", psa: 165 } });
const pricing = preparePricing({
  cashFlow: flows.cashFlow, principal: flows.totalPrincipal, face: pool.balance, coupon: pool.passThroughRate,
  settlement: parseDate("settlement", "2026-03-18"), delayDays: 24,
});
const solves = 50_000;
const solveRun = bestOf(3, () => {
  let sum = 0;
  for (let i = 0; i < solves; i++) sum += yieldFromPrice(pricing, 90 + (i % 200) * 0.1);
  return sum;
});

// Stretch: one OAS solve (512 paths × 358 months, fitted S-curve), plus its zero-volatility twin.
const oasRun = bestOf(1, () => optionAdjustedSpread({
  pool, price: 101, settlement: parseDate("settlement", "2026-03-18"), delayDays: 24,
  prepayModel: { base: 0.005143, amplitude: 0.06555, slope: 4.586, midpoint: 0.6728, burnout: 0.006109, seasoningMonths: 30 },
  mortgageRatePct: 5.8, zeroCurve: [{ years: 0.25, rate: 0.042 }, { years: 2, rate: 0.04 }, { years: 10, rate: 0.043 }, { years: 30, rate: 0.047 }],
  shortRate: { meanReversion: 0.05, volatility: 0.01 }, pairs: 256, seed: 1,
}));

const results = {
  loan_level_100k_x360_seconds: loanLevel.seconds,
  loan_level_defaults_100k_x360_seconds: loanLevelDefaults.seconds,
  rep_line_1000_scenarios_seconds: repLine.seconds,
  price_yield_solves_per_second: solves / solveRun.seconds,
  oas_512_paths_seconds: oasRun.seconds,
};
const report = {
  results,
  targets: TARGETS,
  met: {
    loan_level_100k_x360_seconds: results.loan_level_100k_x360_seconds <= TARGETS.loan_level_100k_x360_seconds,
    loan_level_defaults_100k_x360_seconds: results.loan_level_defaults_100k_x360_seconds <= TARGETS.loan_level_defaults_100k_x360_seconds,
    rep_line_1000_scenarios_seconds: results.rep_line_1000_scenarios_seconds <= TARGETS.rep_line_1000_scenarios_seconds,
    price_yield_solves_per_second: results.price_yield_solves_per_second >= TARGETS.price_yield_solves_per_second,
  },
  baseline: {
    description: `the loan-level month done naively (pow per loan-month, scalar loop) on ${baselineLoans} loans, scaled to 100,000`,
    naive_loan_level_100k_x360_seconds_estimated: baselineSecondsFor100k,
    speedup: baselineSecondsFor100k / loanLevel.seconds,
  },
  inputs: {
    loan_level: "100,000 synthetic fixed-rate loans (seeded), 3.00–9.00 % note rates, ages 0–59, 150 % PSA, 25 bp servicing; with defaults: 100 % SDA, 35 % severity, 12-month lag, advancing, loan by loan",
    rep_line: "one $400M 6 % pool (5.5 % net, WAM 358); 40 PSA speeds (50–1025) × 25 SDA rates (0–600), 35 % severity, 12-month lag, advancing",
    oas: "one OAS solve: 512 Hull–White paths (a 0.05, σ 1 %) × 358 months, fitted S-curve, 5.8 % mortgage rate; not a target",
    price_yield: `${solves} yield-from-price solves on a 358-month, 165 % PSA pass-through with a 24-day delay, prices 90–109.9`,
  },
  environment: { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString() },
};

const out = join(dirname(fileURLToPath(import.meta.url)), "results", "analytics.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify({ results, targets: TARGETS, met: report.met, speedup: report.baseline.speedup }, null, 2));
