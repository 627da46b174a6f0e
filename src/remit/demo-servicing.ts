/**
 * The servicer side of the demo deal: a generated pool and twelve (or more) monthly servicer
 * files in which everything a trustee statement has to show happens, deterministically —
 * prepayments and curtailments every month, a wave of 60+ delinquencies that trips the
 * delinquency trigger (principal switches to sequential) and then cures, and one loan that
 * goes 30 → 60 → 90+ → foreclosure → REO and is liquidated at a loss.
 */
import path from "node:path";
import { loadTape } from "../tape/index.js";
import { writeTape } from "../tape/generate.js";
import { parseCutoff } from "../tape/fields.js";
import { PoolSimulator, writeRemittanceFile } from "../remittance/generate.js";
import { stateFromTape, type PoolState } from "../remittance/state.js";
import type { RemittanceFormat } from "../remittance/types.js";

export interface DemoServicingOptions {
  dir: string;
  /** Service this pool (e.g. a tokenized one) instead of generating a tape. */
  pool?: PoolState;
  /** Add a last month in which every remaining loan pays off (the pool is refinanced away). */
  payOffAtEnd?: boolean;
  /** Share of the liquidation's loss recovered the month after it (0 = none, the default). */
  recoveryShare?: number;
  loans?: number;
  months?: number;
  seed?: number;
  cutoff?: string;
  format?: RemittanceFormat;
}

export interface DemoServicing {
  /** The generated tape (undefined when a pool was given). */
  tape: string | undefined;
  /** One file per month, in order. */
  files: string[];
  pool: PoolState;
  /** The loan that is liquidated, the month (1-based) it happens and the months the wave of delinquencies spans. */
  liquidatedLoan: string;
  liquidationMonth: number;
  delinquencyWave: readonly [number, number];
}

export async function writeDemoServicing(options: DemoServicingOptions): Promise<DemoServicing> {
  const loans = options.loans ?? 60;
  const months = Math.max(12, options.months ?? 12);
  const cutoff = options.cutoff ?? "2026-01";
  const format = options.format ?? "generic";
  let tape: string | undefined;
  let pool = options.pool;
  if (pool === undefined) {
    tape = path.join(options.dir, "demo-tape.csv");
    await writeTape(tape, { format: "generic", loans, seed: options.seed ?? 2026, cutoff });
    pool = stateFromTape((await loadTape(tape, { cutoff })).loans, parseCutoff(cutoff));
  }
  const ids = [...pool.loans.keys()];
  // Random misses cure quickly and never reach foreclosure: the only loss is the scripted one.
  const sim = new PoolSimulator(pool, { seed: options.seed ?? 7, cpr: 0.2, missRate: 0.02, cureRate: 0.7, curtailmentRate: 0.04, foreclosureAfter: 99, foreclosureMonths: 2, reoMonths: 1, severity: 0.4, recoveryShare: options.recoveryShare ?? 0 });
  const doomed = ids[0]!;
  const wave = ids.slice(1, 1 + Math.max(4, Math.round(ids.length * 0.12)));
  const waveMonths = [4, 6] as const;
  const liquidationMonth = 9;
  const files: string[] = [];
  const total = months + (options.payOffAtEnd === true ? 1 : 0);
  for (let m = 1; m <= total; m++) {
    if (m > months) for (const id of ids) sim.forced.set(id, "prepay");
    // The doomed loan stops paying in month 2, is referred to foreclosure in month 5 (two months
    // of foreclosure, then REO) and is sold out of REO in month 9.
    if (m >= 2 && m <= 4) sim.forced.set(doomed, "miss");
    if (m === 5) sim.forced.set(doomed, "foreclose");
    // The wave: months 4–6 a block of loans misses (60+ by month 5), then they catch up.
    for (const id of wave) if (m >= waveMonths[0] && m <= waveMonths[1]) sim.forced.set(id, "miss");
    sim.setOptions({ cureRate: m > waveMonths[1] ? 1 : 0.7 });
    const rows = sim.nextMonth();
    const file = path.join(options.dir, `servicer-${String(m).padStart(2, "0")}.${format === "generic" ? "csv" : "txt"}`);
    await writeRemittanceFile(file, format, rows);
    files.push(file);
  }
  return { tape, files, pool, liquidatedLoan: doomed, liquidationMonth, delinquencyWave: waveMonths };
}
