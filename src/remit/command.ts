/**
 * The commands' side of the remit workflow: options as the user types them (addresses, files,
 * USD, a policy file) turned into the workflow's inputs, with every mistake named by its option.
 * The actions in src/tasks/actions call these; tests call them directly.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../errors.js";
import { policyWith, type RemittancePolicy } from "../remittance/policy.js";
import { REMITTANCE_FORMATS } from "../remittance/reader.js";
import type { RemittanceFormat } from "../remittance/types.js";
import { readManifest, type Manifest } from "../tokenize/manifest.js";
import { parseUsd, UNITS_PER_USD } from "../units.js";
import { REMIT_STEPS, type RemitStep } from "./cycle.js";
import { remittanceFiles } from "./history.js";

export async function loadManifest(file: string | undefined): Promise<Manifest> {
  if (file === undefined) throw new InvalidInputError("--manifest", "required: the manifest `mbs tokenize` wrote for the pool");
  return readManifest(file);
}

/** The journal folder of a pool: next to its manifest, one per deal. */
export function defaultJournal(manifestFile: string, manifest: Manifest): string {
  return path.join(path.dirname(path.resolve(manifestFile)), "remit", manifest.deal.dealId.replace(/[^A-Za-z0-9._-]+/g, "_"));
}

export function parseSteps(step: string | undefined): RemitStep[] {
  if (step === undefined || step === "all") return [...REMIT_STEPS];
  const steps = step.split(",").map((s) => s.trim());
  for (const s of steps) {
    if (!(REMIT_STEPS as readonly string[]).includes(s)) throw new InvalidInputError("--step", `unknown step "${s}": one of all, ${REMIT_STEPS.join(", ")} (or several, comma-separated)`);
  }
  return REMIT_STEPS.filter((s) => steps.includes(s));
}

export function parseFormat(format: string | undefined): RemittanceFormat | "auto" {
  if (format === undefined || format === "auto") return "auto";
  if (!(REMITTANCE_FORMATS as readonly string[]).includes(format)) throw new InvalidInputError("--format", `"${format}": one of auto, ${REMITTANCE_FORMATS.join(", ")}`);
  return format as RemittanceFormat;
}

/** `--cash 1,234.56` → cents (the remittance is in whole cents). */
export function parseCashCents(cash: string | undefined): number | undefined {
  if (cash === undefined) return undefined;
  const units = parseUsd(cash, "--cash");
  if (units % (UNITS_PER_USD / 100n) !== 0n) throw new InvalidInputError("--cash", `"${cash}": the remittance is in whole cents`);
  return Number(units / (UNITS_PER_USD / 100n));
}

export async function loadPolicy(file: string | undefined): Promise<RemittancePolicy | undefined> {
  if (file === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new InvalidInputError("--policy", `${file}: not a readable JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new InvalidInputError("--policy", `${file}: expected an object {"flag": "error" | "warning" | "ignore"}`);
  return policyWith(json as Record<string, string>, `--policy ${file}`);
}

export async function historyFiles(history: string | undefined): Promise<string[]> {
  return history === undefined ? [] : remittanceFiles(history.split(",").map((s) => s.trim()).filter((s) => s.length > 0));
}
