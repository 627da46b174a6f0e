/**
 * The tokenize manifest: what was deployed (addresses), what was committed (root, hashes, the
 * stats), what was left out and why, and where the inputs are, so that later commands (`mbs
 * proof`, remittance, the dashboard) start from it. JSON; money as decimal strings of cents (no
 * float ever rounds a balance), bigints as decimal strings.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

import { InvalidInputError } from "../errors.js";
import type { PoolStats } from "../pool/stats.js";
import type { StratTable } from "../pool/stratify.js";
import type { TapeFormat } from "../tape/loan.js";

export const MANIFEST_VERSION = 1;

export interface ManifestTranche {
  index: number;
  name: string;
  symbol: string;
  address: string;
  originalFaceCents: string;
  couponPpm: number;
  seniority: number;
  decimals: number;
}

export interface ManifestExclusion {
  loanId: string;
  line: number;
  rule: string;
  reason: string;
}

export interface ManifestInvalidRow {
  line: number;
  loanId: string | null;
  reasons: string[];
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  createdAt: string;
  network: { name: string; chainId: string };
  deployer: string;
  deploymentId: string | null;
  deal: {
    dealId: string;
    name: string;
    cutoffDate: string;
    structure: string;
    overcollateralizationCents: string;
  };
  /** Inputs, paths relative to the manifest's folder, so a moved project folder keeps working. */
  inputs: {
    tape: { path: string; format: TapeFormat; sha256: string; loansRead: number; excludeInvalid: boolean; invalidRowsExcluded: number };
    rules: { path: string; hash: string };
    deal: { path: string; sha256: string };
  };
  contracts: {
    loanPool: string;
    kycRegistry: string;
    cash: string;
    tranches: ManifestTranche[];
  };
  commitment: {
    merkleRoot: string;
    loanCount: number;
    upbCents: string;
    tapeHash: string;
    statsHash: string;
    rulesHash: string;
    cutoffDate: number;
    leafEncoding: readonly string[];
  };
  allocations: { investor: string; tranche: string; faceCents: string; units: string }[];
  stats: PoolStats;
  strats: StratTable[];
  excluded: ManifestExclusion[];
  invalidRows: ManifestInvalidRow[];
  /** How to get a loan's proof: `mbs proof` rebuilds the tree from the inputs above. */
  proofs: { command: string };
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
}

/** Reads a manifest and resolves its input paths against the manifest's folder. */
export async function readManifest(file: string): Promise<Manifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InvalidInputError(file, `cannot read the manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  const m = parsed as Partial<Manifest>;
  if (typeof m !== "object" || m === null || m.version !== MANIFEST_VERSION || m.contracts === undefined || m.inputs === undefined) {
    throw new InvalidInputError(file, `not a tokenize manifest of version ${MANIFEST_VERSION}`);
  }
  const full = m as Manifest;
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(base, p);
  return {
    ...full,
    inputs: {
      tape: { ...full.inputs.tape, path: resolve(full.inputs.tape.path) },
      rules: { ...full.inputs.rules, path: resolve(full.inputs.rules.path) },
      deal: { ...full.inputs.deal, path: resolve(full.inputs.deal.path) },
    },
  };
}

/** A path as stored in the manifest: relative to the manifest's folder. */
export function manifestRelative(manifestFile: string, target: string): string {
  return path.relative(path.dirname(path.resolve(manifestFile)), path.resolve(target)) || ".";
}
