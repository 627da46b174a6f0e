/**
 * Writes a deterministic synthetic loan tape.
 *   npx tsx scripts/generate-tape.ts --format generic --loans 1000000 --seed 1 --out tape.csv [--cutoff 2026-01]
 */
import { parseArgs } from "node:util";
import { writeTape } from "../src/tape/generate.js";
import type { TapeFormat } from "../src/tape/loan.js";

const FORMATS: readonly TapeFormat[] = ["generic", "fannie-legacy", "fannie", "freddie"];

const { values } = parseArgs({
  options: {
    format: { type: "string", default: "generic" },
    loans: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    cutoff: { type: "string", default: "2026-01" },
    out: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`generate-tape: ${message}`);
  process.exit(2);
}

const format = values.format as TapeFormat;
if (!FORMATS.includes(format)) fail(`--format must be one of ${FORMATS.join(", ")}`);
const loans = Number(values.loans);
if (!Number.isSafeInteger(loans) || loans < 1) fail("--loans must be a positive whole number");
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) fail("--seed must be a whole number");
if (values.out === undefined) fail("--out is required");

const started = performance.now();
const written = await writeTape(values.out, { format, loans, seed, cutoff: values.cutoff });
console.log(`${values.out}: ${written} ${format} loans (seed ${seed}, cut-off ${values.cutoff}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
