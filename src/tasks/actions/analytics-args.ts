import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../../errors.js";
import { defaultsFromOptions, poolFromOptions, prepayFromOptions } from "../../analytics/commands.js";
import type { OptionText, PoolOptions } from "../../analytics/commands.js";
import type { DefaultAssumption } from "../../analytics/defaults.js";
import type { PoolTerms } from "../../analytics/pool.js";
import type { PrepaySpec } from "../../analytics/speeds.js";

/** Options shared by `mbs cashflows`, `mbs price` and `mbs yield`, as Hardhat passes them. */
export interface ProjectionArgs extends PoolOptions {
  psa: OptionText;
  cpr: OptionText;
  smm: OptionText;
  vector: OptionText;
  vectorUnit: OptionText;
  sda: OptionText;
  cdr: OptionText;
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

export async function projectionInputs(args: ProjectionArgs): Promise<{ pool: PoolTerms; prepay: PrepaySpec; defaults: DefaultAssumption | undefined }> {
  const vector = args.vector === undefined ? undefined : { file: args.vector, text: await readInputFile("--vector", args.vector) };
  return {
    pool: poolFromOptions(args),
    prepay: prepayFromOptions({ psa: args.psa, cpr: args.cpr, smm: args.smm, vectorUnit: args.vectorUnit, ...(vector ? { vector } : {}) }),
    defaults: defaultsFromOptions(args),
  };
}
