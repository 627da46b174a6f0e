import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../../errors.js";
import { defaultsFromOptions, poolFromOptions, prepayFromOptions, reviewProjection } from "../../analytics/commands.js";
import type { OptionText, PoolOptions } from "../../analytics/commands.js";
import type { DefaultAssumption } from "../../analytics/defaults.js";
import type { PoolTerms } from "../../analytics/pool.js";
import type { PrepaySpec } from "../../analytics/speeds.js";

/** The prepayment-speed options (one of them, or a vector file), shared by the projecting commands and `mbs quote`. */
export interface PrepayArgs {
  psa: OptionText;
  cpr: OptionText;
  smm: OptionText;
  abs: OptionText;
  hep: OptionText;
  mhp: OptionText;
  ppc: OptionText;
  ppcCurve: OptionText;
  vector: OptionText;
  vectorUnit: OptionText;
}

/** Options shared by every command that projects a pool (`mbs cashflows | price | yield | total-return | deal-cashflows`). */
export interface ProjectionArgs extends PoolOptions, PrepayArgs {
  sda: OptionText;
  cdr: OptionText;
  mdr: OptionText;
  defaultVector: OptionText;
  defaultVectorUnit: OptionText;
  severity: OptionText;
  lag: OptionText;
  advance: boolean;
  json: boolean;
}

export async function readInputFile(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InvalidInputError(option, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export interface ProjectionInputs {
  pool: PoolTerms;
  prepay: PrepaySpec;
  defaults: DefaultAssumption | undefined;
  /** Doubtful inputs, in the options' terms (printed to stderr; the projection still runs). */
  warnings: string[];
}

export async function projectionInputs(args: ProjectionArgs): Promise<ProjectionInputs> {
  const vector = args.vector === undefined ? undefined : { file: args.vector, text: await readInputFile("--vector", args.vector) };
  const defaultVector = args.defaultVector === undefined
    ? undefined
    : { file: args.defaultVector, text: await readInputFile("--default-vector", args.defaultVector) };
  const pool = poolFromOptions(args);
  const prepay = prepayFromOptions({
    psa: args.psa, cpr: args.cpr, smm: args.smm, abs: args.abs, hep: args.hep, mhp: args.mhp, ppc: args.ppc,
    ppcCurve: args.ppcCurve, vectorUnit: args.vectorUnit, ...(vector ? { vector } : {}),
  });
  const defaults = defaultsFromOptions({
    sda: args.sda, cdr: args.cdr, mdr: args.mdr, defaultVectorUnit: args.defaultVectorUnit,
    severity: args.severity, lag: args.lag, advance: args.advance, ...(defaultVector ? { defaultVector } : {}),
  });
  return { pool, prepay, defaults, warnings: reviewProjection(pool, defaults, prepay) };
}

/** Doubtful inputs go to stderr so that `--json` output stays parseable. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) console.error(`warning: ${w}`);
}
