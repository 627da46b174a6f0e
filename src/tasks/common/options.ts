/**
 * The one option vocabulary of the `mbs` commands: an option that means the same thing in two
 * commands is defined once here — its name, its type, its description in the user's terms — and
 * every task file adds it from here, so `--registry`, `--manifest`, `--out`, `--json` or
 * `--dry-run` read the same in every `--help`. An action checks a required option with
 * `required(…)`, which fails the way every other bad input fails (`--name: required: …`, exit 1).
 */
import { ArgumentType } from "hardhat/types/arguments";

import { InvalidInputError } from "../../errors.js";

/** An option without a default (the action decides whether it is required). */
const text = <N extends string>(name: N, description: string) => ({ name, description, type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined }) as const;
/** A file that must exist when given. */
const file = <N extends string>(name: N, description: string) => ({ name, description, type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined }) as const;

export const OPTIONS = {
  /** The platform KYC registry (kyc, tokenize, besu allowlist, remit, market). */
  registry: text("registry", "Address of the platform KYC registry"),
  /** One investor's wallet. */
  account: text("account", "The investor's wallet address"),
  /** A manifest written by `mbs tokenize`: the pool, its classes and its inputs. */
  manifest: file("manifest", "Manifest written by `mbs tokenize` (the pool, its classes and its inputs)"),
  /** Where a command writes its result file. */
  out: (what: string) => text("out", `Where to write ${what}`),
  /** An input file, described per command. */
  file: (description: string) => file("file", description),
  /** A class (tranche) token: a PoolToken (market, holders). */
  token: text("token", "Address of the tranche token"),
  /** The first block a command reads logs from, described per command (what must lie at or after it). */
  fromBlock: (description: string) => ({ name: "fromBlock", description, type: ArgumentType.INT, defaultValue: 0 }) as const,
  /** The node's limit on one log query (Besu's --rpc-max-logs-range). */
  logsRange: { name: "logsRange", description: "Blocks per eth_getLogs query (at most the node's limit: Besu's --rpc-max-logs-range)", type: ArgumentType.INT, defaultValue: 5000 } as const,
  /** Ignition deployment id on persistent networks (re-running resumes or reports it). */
  deploymentId: (defaultId: string) => text("deploymentId",
    `Ignition deployment id on persistent networks (default ${defaultId}); running the same command again resumes a crashed deployment or reports the completed one, sending nothing twice`),
} as const;

export const FLAGS = {
  json: { name: "json" as const, description: "Print JSON instead of text" },
  dryRun: { name: "dryRun" as const, description: "Validate and show what would be sent; send nothing" },
  brief: { name: "brief" as const, description: "Print only the summary" },
} as const;

/** The value of a required option, or the located error every command gives for a missing one. */
export function required<T>(option: string, value: T | undefined, what?: string): T {
  if (value === undefined) throw new InvalidInputError(`--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, what === undefined ? "required" : `required: ${what}`);
  return value;
}
