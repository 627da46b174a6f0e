/**
 * The tokenize manifest: what was deployed (addresses), what was committed (root, hashes, the
 * stats), what was left out and why, and where the inputs are, so that later commands (`mbs
 * proof`, remittance, the dashboard) start from it. JSON; money as decimal strings of cents (no
 * float ever rounds a balance), bigints as decimal strings.
 */
import { constants } from "node:fs";
import { access, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import { isAddress } from "ethers";

import { InvalidInputError, ValidationError, type LocatedIssue } from "../errors.js";
import type { PoolStats } from "../pool/stats.js";
import type { StratTable } from "../pool/stratify.js";
import type { TapeFormat } from "../tape/loan.js";
import { jsonValueLines } from "../deal/jsonLines.js";

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
    tape: {
      path: string;
      format: TapeFormat;
      sha256: string;
      loansRead: number;
      excludeInvalid: boolean;
      invalidRowsExcluded: number;
      /** Loans read whose current UPB is the scheduled balance projected to the cut-off (the tape has none). */
      projectedBalances?: number;
      /** The monthly performance file that gave actual balances, relative to the manifest. */
      performance?: string;
      /** Consistency warnings (docs/loan-tape-checks.md), the first 100 as `file:line field: reason`. */
      warnings?: string[];
    };
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

/** Refuses (as `--out`) a manifest path that cannot be written: a folder, or a folder without write access. */
export async function checkWritable(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new InvalidInputError("--out", `cannot write the manifest into ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const existing = await stat(file).catch(() => undefined);
  if (existing === undefined) return;
  if (!existing.isFile()) throw new InvalidInputError("--out", `${file} exists and is not a file`);
  await access(file, constants.W_OK).catch(() => {
    throw new InvalidInputError("--out", `${file} exists and cannot be overwritten (no write permission)`);
  });
}

export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
}

const TAPE_FORMATS: readonly TapeFormat[] = ["generic", "fannie-legacy", "fannie", "freddie"];
type Check = (v: unknown) => string | undefined;
const isText: Check = (v) => (typeof v === "string" && v.length > 0 ? undefined : "expected a non-empty text");
const isHex = (bytes: number): Check => (v) =>
  typeof v === "string" && new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(v) ? undefined : `expected 0x followed by ${bytes * 2} hex digits`;
const isAddressText: Check = (v) => (typeof v === "string" && isAddress(v) ? undefined : "expected an address (0x followed by 40 hex digits, valid checksum)");
const isDigits: Check = (v) => (typeof v === "string" && /^\d+$/.test(v) ? undefined : "expected a whole number as decimal text");
const isCount: Check = (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? undefined : "expected a whole number ≥ 0");
const isBoolean: Check = (v) => (typeof v === "boolean" ? undefined : "expected true or false");
const isDate: Check = (v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : "expected a date YYYY-MM-DD");
const isFormat: Check = (v) => (TAPE_FORMATS.some((f) => f === v) ? undefined : `expected one of ${TAPE_FORMATS.join(", ")}`);
const isList: Check = (v) => (Array.isArray(v) ? undefined : "expected a list");

/** The fields later commands rely on, by path; each array entry's fields are checked separately. */
const REQUIRED: Record<string, Check> = {
  "network.name": isText,
  "network.chainId": isDigits,
  "deal.dealId": isText,
  "deal.cutoffDate": isDate,
  "inputs.tape.path": isText,
  "inputs.tape.format": isFormat,
  "inputs.tape.sha256": isHex(32),
  "inputs.tape.excludeInvalid": isBoolean,
  "inputs.rules.path": isText,
  "inputs.rules.hash": isHex(32),
  "inputs.deal.path": isText,
  "contracts.loanPool": isAddressText,
  "contracts.kycRegistry": isAddressText,
  "contracts.cash": isAddressText,
  "contracts.tranches": isList,
  "commitment.merkleRoot": isHex(32),
  "commitment.loanCount": isCount,
  "commitment.upbCents": isDigits,
  "commitment.leafEncoding": isList,
  excluded: isList,
};
const TRANCHE_FIELDS: Record<string, Check> = { symbol: isText, address: isAddressText, decimals: isCount };
const EXCLUSION_FIELDS: Record<string, Check> = { loanId: isText, line: isCount, rule: isText, reason: isText };

function at(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Checks a manifest's text: every field later commands read, with the line and field path of each
 * problem (a hand-edited or truncated manifest must not become a wrong proof or a call to nowhere).
 */
export function parseManifest(text: string, file: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(file, [{ file, line: 0, reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  if (at(doc, "version") !== MANIFEST_VERSION) {
    throw new ValidationError(file, [{ file, line: 0, field: "version", reason: `not a tokenize manifest of version ${MANIFEST_VERSION}` }]);
  }
  const lines = jsonValueLines(text);
  // A missing field is reported at its nearest present parent's line.
  const lineOf = (path: string): number => {
    let p = path;
    for (;;) {
      const line = lines.get(p);
      if (line !== undefined) return line;
      const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (parent === p) return 0;
      p = parent;
    }
  };
  const issues: LocatedIssue[] = [];
  const check = (path: string, value: unknown, rule: Check) => {
    const reason = value === undefined ? "required field is missing" : rule(value);
    if (reason !== undefined) {
      const issue: LocatedIssue = { file, line: lineOf(path), field: path, reason };
      if (value !== undefined) issue.value = typeof value === "string" ? value : JSON.stringify(value);
      issues.push(issue);
    }
  };
  for (const [path, rule] of Object.entries(REQUIRED)) check(path, at(doc, path), rule);
  const eachOf = (listPath: string, fields: Record<string, Check>) => {
    const list = at(doc, listPath);
    if (!Array.isArray(list)) return;
    list.forEach((entry: unknown, i) => {
      for (const [key, rule] of Object.entries(fields)) check(`${listPath}[${i}].${key}`, at(entry, key), rule);
    });
  };
  eachOf("contracts.tranches", TRANCHE_FIELDS);
  eachOf("excluded", EXCLUSION_FIELDS);
  const encoding = at(doc, "commitment.leafEncoding");
  if (Array.isArray(encoding)) encoding.forEach((e: unknown, i) => check(`commitment.leafEncoding[${i}]`, e, isText));
  if (issues.length > 0) throw new ValidationError(file, issues);
  // Every field a command reads was checked above; the rest (stats, strats) is display data.
  return doc as Manifest;
}

/** Reads a manifest and resolves its input paths against the manifest's folder. */
export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidInputError(file, `cannot read the manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  const full = parseManifest(text, file);
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(base, p);
  return {
    ...full,
    inputs: {
      tape: {
        ...full.inputs.tape,
        path: resolve(full.inputs.tape.path),
        ...(full.inputs.tape.performance === undefined ? {} : { performance: resolve(full.inputs.tape.performance) }),
      },
      rules: { ...full.inputs.rules, path: resolve(full.inputs.rules.path) },
      deal: { ...full.inputs.deal, path: resolve(full.inputs.deal.path) },
    },
  };
}

/** A path as stored in the manifest: relative to the manifest's folder. */
export function manifestRelative(manifestFile: string, target: string): string {
  return path.relative(path.dirname(path.resolve(manifestFile)), path.resolve(target)) || ".";
}

/**
 * Refuses (as `--out`) to overwrite the manifest of another deployment: a manifest is how later
 * commands find a pool, and two deployments writing one file would lose the first pool. The same
 * deployment (re-run, resumed) may rewrite its own manifest; an unreadable file is left to
 * `checkWritable`.
 */
export async function checkManifestOwner(file: string, run: { deploymentId: string | null; chainId: bigint }): Promise<void> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return;
  let existing: { deploymentId?: unknown; network?: { chainId?: unknown }; contracts?: { loanPool?: unknown } };
  try {
    existing = JSON.parse(text) as typeof existing;
  } catch {
    throw new InvalidInputError("--out", `${file} exists and is not a manifest (not JSON); choose another --out or move it away`);
  }
  const sameChain = String(existing.network?.chainId) === run.chainId.toString();
  const sameDeployment = (existing.deploymentId ?? null) === run.deploymentId;
  if (sameChain && sameDeployment) return;
  const theirs = `deployment ${existing.deploymentId === null || existing.deploymentId === undefined ? "(in-process)" : String(existing.deploymentId)} on chain ${String(existing.network?.chainId)}` +
    (typeof existing.contracts?.loanPool === "string" ? `, LoanPool ${existing.contracts.loanPool}` : "");
  throw new InvalidInputError(
    "--out",
    `${file} is the manifest of ${theirs}; this run is deployment ${run.deploymentId ?? "(in-process)"} on chain ${run.chainId}. ` +
      "Writing it would lose that pool's manifest: pass --out <another file> (the default follows --deployment-id), or move the old one away",
  );
}

/**
 * Where `mbs tokenize` writes the manifest without `--out`: `manifests/<deployment id>.<network>.json`
 * with `--deployment-id`, else `manifests/<module id>.<network>.json` — so that deployments under
 * different ids never share a file.
 */
export function defaultManifestPath(deploymentIdOption: string | undefined, moduleId: string, networkName: string): string {
  return path.join("manifests", `${deploymentIdOption ?? moduleId}.${networkName}.json`);
}
