/**
 * The deal file (docs/deal-file.md): a JSON description of the securities a pool backs — classes
 * with their terms and transfer restrictions, overcollateralization, and the first investors'
 * allocations. `parseDeal` checks everything the file can say about itself and collects every
 * problem with its line and field path; checks that need the pool (faces vs UPB) or the chain
 * (investors' KYC) live in checks.ts.
 */
import { readFile } from "node:fs/promises";

import { ValidationError, type LocatedIssue } from "../errors.js";
import { ZERO_ADDRESS, checksummed } from "./address.js";
import { childPath, jsonValueLines, type DuplicateKey } from "./jsonLines.js";
import type { InvestorClassName } from "../kyc/investors.js";
import { holderCapProblem, investorClassBits, minHoldingProblem, parseBlockedCountries, parseHolderCap, parseInvestorClasses } from "./rules.js";
import { formatCents, parseIsoDate, parsePercentPpm, parseUsdCents, type Parsed } from "../units.js";

export type DealStructure = "pass-through" | "senior-subordinate";

/** `residual`: whatever pool UPB the classes do not take is overcollateralization (≥ 0). */
export type Overcollateralization = { kind: "fixed"; cents: bigint } | { kind: "residual" };

export interface TrancheSpec {
  index: number;
  name: string;
  symbol: string;
  originalFaceCents: bigint;
  /** Coupon, or the pass-through rate, in ppm (55_000 = 5.5 %). */
  couponPpm: number;
  /** 1 = most senior. */
  seniority: number;
  investorClasses: InvestorClassName[];
  /** IKycRegistry class bits of `investorClasses`. */
  classBits: number;
  minHoldingCents: bigint;
  /** 0 = no cap. */
  maxHolders: number;
  /** Unix seconds; 0 = no lockup. */
  lockupUntil: number;
  /** ISO 3166-1 numeric codes. */
  blockedCountries: number[];
}

export interface AllocationSpec {
  index: number;
  /** Checksummed address. */
  investor: string;
  /** Symbol of the class. */
  tranche: string;
  trancheIndex: number;
  faceCents: bigint;
}

export interface DealSpec {
  file: string;
  dealId: string;
  name: string;
  /** "YYYY-MM-DD". */
  cutoffDate: string;
  /** Unix seconds, 00:00 UTC of the cut-off date. */
  cutoffTimestamp: number;
  structure: DealStructure;
  overcollateralization: Overcollateralization;
  tranches: TrancheSpec[];
  allocations: AllocationSpec[];
  /** Line of a field path in the file (0 when unknown), for the checks that run later. */
  lineOf(path: string): number;
}

export { MAX_BLOCKED_COUNTRIES } from "./rules.js";
/** LoanPool.MAX_TRANCHES. */
export const MAX_TRANCHES = 32;

const SYMBOL = /^[A-Z][A-Z0-9]{0,10}$/;
const TOP_KEYS = ["$schema", "dealId", "name", "cutoffDate", "structure", "overcollateralization", "tranches", "allocations"];
const TRANCHE_KEYS = [
  "name", "symbol", "originalFace", "coupon", "seniority", "investorClasses", "minHolding", "maxHolders", "lockupUntil", "blockedCountries",
];
const ALLOCATION_KEYS = ["investor", "tranche", "face"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Collects located issues while walking the document. */
class IssueSink {
  readonly issues: LocatedIssue[] = [];
  constructor(
    readonly file: string,
    readonly lines: Map<string, number>,
  ) {}

  lineOf(path: string): number {
    // A missing field is reported at its parent object's line.
    let p = path;
    for (;;) {
      const line = this.lines.get(p);
      if (line !== undefined) return line;
      if (p === "") return 0;
      const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      p = parent === p ? "" : parent; // a top-level key's parent is the document
    }
  }

  add(path: string, reason: string, value?: unknown): void {
    const issue: LocatedIssue = { file: this.file, line: this.lineOf(path), field: path === "" ? "(document)" : path, reason };
    if (value !== undefined) issue.value = typeof value === "string" ? value : JSON.stringify(value);
    this.issues.push(issue);
  }

  unknownKeys(obj: JsonObject, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(childPath(path, key), `unknown field (expected one of: ${allowed.join(", ")})`);
    }
  }

  /** A required field through a parser; undefined (and an issue) when missing or invalid. */
  field<T>(obj: JsonObject, path: string, key: string, parse: (v: Json) => Parsed<T>): T | undefined {
    const at = childPath(path, key);
    const value = obj[key];
    if (value === undefined) {
      this.add(at, "required field is missing");
      return undefined;
    }
    const parsed = parse(value);
    if (!parsed.ok) {
      this.add(at, parsed.reason, value);
      return undefined;
    }
    return parsed.value;
  }
}

const text = (max: number) => (v: Json): Parsed<string> =>
  typeof v === "string" && v.trim().length > 0 && v.length <= max
    ? { ok: true, value: v.trim() }
    : { ok: false, reason: `expected a non-empty text of at most ${max} characters` };

const integer = (min: number, max: number) => (v: Json): Parsed<number> =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max
    ? { ok: true, value: v }
    : { ok: false, reason: `expected a whole number from ${min} to ${max}` };

function positiveUsd(v: Json): Parsed<bigint> {
  const parsed = parseUsdCents(v);
  if (parsed.ok && parsed.value === 0n) return { ok: false, reason: "must be greater than zero" };
  return parsed;
}

function address(v: Json): Parsed<string> {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
    return { ok: false, reason: "expected a 20-byte hex address (0x followed by 40 hex digits)" };
  }
  const value = checksummed(v);
  if (value === undefined) return { ok: false, reason: "bad EIP-55 checksum (mixed case that does not match); check for a typo" };
  if (value === ZERO_ADDRESS) return { ok: false, reason: "the zero address cannot hold tokens" };
  return { ok: true, value };
}

/**
 * One class. Its symbol is returned even when another field is bad, so allocations to it are
 * still checked on their own rather than reported as naming an unknown class (one bad field, one
 * message).
 */
function parseTranche(sink: IssueSink, raw: Json, index: number): { spec: TrancheSpec | undefined; symbol: string | undefined } {
  const spec = parseTrancheSpec(sink, raw, index);
  if (spec !== undefined) return { spec, symbol: spec.symbol };
  const symbol = isObject(raw) && typeof raw.symbol === "string" && SYMBOL.test(raw.symbol) ? raw.symbol : undefined;
  return { spec: undefined, symbol };
}

function parseTrancheSpec(sink: IssueSink, raw: Json, index: number): TrancheSpec | undefined {
  const path = childPath("tranches", index);
  if (!isObject(raw)) {
    sink.add(path, "expected an object describing one class");
    return undefined;
  }
  sink.unknownKeys(raw, path, TRANCHE_KEYS);
  const name = sink.field(raw, path, "name", text(64));
  const symbol = sink.field(raw, path, "symbol", (v) =>
    typeof v === "string" && SYMBOL.test(v)
      ? { ok: true, value: v }
      : { ok: false, reason: "expected 1 to 11 upper-case letters or digits, starting with a letter" },
  );
  const originalFaceCents = sink.field(raw, path, "originalFace", positiveUsd);
  const couponPpm = sink.field(raw, path, "coupon", parsePercentPpm);
  const seniority = sink.field(raw, path, "seniority", integer(1, 255));
  const investorClasses = sink.field(raw, path, "investorClasses", parseInvestorClasses);

  const minHoldingCents = raw.minHolding === undefined ? 0n : sink.field(raw, path, "minHolding", parseUsdCents);
  const maxHolders = raw.maxHolders === undefined ? 0 : sink.field(raw, path, "maxHolders", parseHolderCap);
  const lockupUntil = raw.lockupUntil === undefined ? 0 : sink.field(raw, path, "lockupUntil", parseIsoDate);
  const blockedCountries = raw.blockedCountries === undefined ? [] : sink.field(raw, path, "blockedCountries", parseBlockedCountries);

  if (
    name === undefined || symbol === undefined || originalFaceCents === undefined || couponPpm === undefined ||
    seniority === undefined || investorClasses === undefined || minHoldingCents === undefined ||
    maxHolders === undefined || lockupUntil === undefined || blockedCountries === undefined
  ) {
    return undefined;
  }
  const tooLarge = minHoldingProblem(minHoldingCents, originalFaceCents);
  if (tooLarge !== undefined) sink.add(childPath(path, "minHolding"), tooLarge, raw.minHolding);
  const capWithoutLot = holderCapProblem(maxHolders, minHoldingCents);
  if (capWithoutLot !== undefined) sink.add(childPath(path, "maxHolders"), capWithoutLot, raw.maxHolders);
  const classBits = investorClassBits(investorClasses);
  return {
    index, name, symbol, originalFaceCents, couponPpm, seniority, investorClasses, classBits,
    minHoldingCents, maxHolders, lockupUntil, blockedCountries,
  };
}

function parseAllocation(sink: IssueSink, raw: Json, index: number, symbols: Map<string, number>): AllocationSpec | undefined {
  const path = childPath("allocations", index);
  if (!isObject(raw)) {
    sink.add(path, "expected an object { investor, tranche, face }");
    return undefined;
  }
  sink.unknownKeys(raw, path, ALLOCATION_KEYS);
  const investor = sink.field(raw, path, "investor", address);
  const tranche = sink.field(raw, path, "tranche", text(11));
  const faceCents = sink.field(raw, path, "face", positiveUsd);
  if (tranche !== undefined && !symbols.has(tranche)) {
    const known = [...symbols.keys()].join(", ");
    sink.add(childPath(path, "tranche"), `no class with this symbol in "tranches" (known: ${known || "none"})`, tranche);
    return undefined;
  }
  if (investor === undefined || tranche === undefined || faceCents === undefined) return undefined;
  return { index, investor, tranche, trancheIndex: symbols.get(tranche)!, faceCents };
}

/** Checks that span entries: unique symbols, pass-through shape, allocations summing to each face. */
function crossChecks(sink: IssueSink, structure: DealStructure | undefined, tranches: TrancheSpec[], allocations: AllocationSpec[]): void {
  if (structure === "pass-through" && tranches.length !== 1) {
    sink.add("tranches", `a pass-through deal has exactly one class (found ${tranches.length})`);
  }
  const seen = new Set<string>();
  for (const a of allocations) {
    const key = `${a.tranche}/${a.investor}`;
    if (seen.has(key)) {
      sink.add(childPath(childPath("allocations", a.index), "investor"), `listed twice for ${a.tranche}; combine the rows`, a.investor);
    }
    seen.add(key);
  }
  for (const t of tranches) {
    const own = allocations.filter((a) => a.trancheIndex === t.index);
    const path = childPath(childPath("tranches", t.index), "originalFace");
    const total = own.reduce((sum, a) => sum + a.faceCents, 0n);
    if (total !== t.originalFaceCents) {
      sink.add(path, `allocations to ${t.symbol} add up to ${formatCents(total)}, not the class's original face ${formatCents(t.originalFaceCents)}; the whole class is issued at closing`);
    }
    const holders = new Set(own.map((a) => a.investor)).size;
    if (t.maxHolders > 0 && holders > t.maxHolders) {
      sink.add(childPath(childPath("tranches", t.index), "maxHolders"), `${holders} investors are allocated ${t.symbol}, above its cap of ${t.maxHolders}`);
    }
    for (const a of own) {
      if (a.faceCents < t.minHoldingCents) {
        sink.add(childPath(childPath("allocations", a.index), "face"), `below ${t.symbol}'s minimum holding of ${formatCents(t.minHoldingCents)}`, formatCents(a.faceCents));
      }
    }
  }
}

/** Parses and checks a deal file's text; throws `ValidationError` listing every problem. */
export function parseDeal(source: string, file: string): DealSpec {
  let doc: Json;
  try {
    doc = JSON.parse(source) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(reason);
    const line = at === null ? 0 : source.slice(0, Number(at[1])).split("\n").length;
    throw new ValidationError(file, [{ file, line, reason: `not valid JSON: ${reason}` }]);
  }
  const duplicates: DuplicateKey[] = [];
  const sink = new IssueSink(file, jsonValueLines(source, duplicates));
  // JSON keeps the last of a repeated key silently; a deal file must say which it means.
  for (const d of duplicates) {
    sink.issues.push({ file, line: d.line, field: d.path, reason: `key appears twice (lines ${d.firstLine} and ${d.line}): keep the one you mean` });
  }
  if (!isObject(doc)) {
    sink.add("", "expected a JSON object with dealId, name, cutoffDate, structure, tranches, allocations");
    throw new ValidationError(file, sink.issues);
  }
  sink.unknownKeys(doc, "", TOP_KEYS);
  const dealId = sink.field(doc, "", "dealId", text(64));
  const name = sink.field(doc, "", "name", text(128));
  const cutoffTimestamp = sink.field(doc, "", "cutoffDate", parseIsoDate);
  const structure = sink.field(doc, "", "structure", (v): Parsed<DealStructure> =>
    v === "pass-through" || v === "senior-subordinate"
      ? { ok: true, value: v }
      : { ok: false, reason: "expected \"pass-through\" or \"senior-subordinate\"" },
  );
  const overcollateralization: Overcollateralization | undefined =
    doc.overcollateralization === undefined || doc.overcollateralization === "residual"
      ? { kind: "residual" }
      : (() => {
          const cents = sink.field(doc, "", "overcollateralization", parseUsdCents);
          return cents === undefined ? undefined : { kind: "fixed" as const, cents };
        })();

  const tranches: TrancheSpec[] = [];
  const symbols = new Map<string, number>();
  const rawTranches = doc.tranches;
  if (!Array.isArray(rawTranches) || rawTranches.length === 0) {
    sink.add("tranches", rawTranches === undefined ? "required field is missing" : "expected a non-empty list of classes");
  } else if (rawTranches.length > MAX_TRANCHES) {
    sink.add("tranches", `at most ${MAX_TRANCHES} classes (found ${rawTranches.length})`);
  } else {
    rawTranches.forEach((raw, i) => {
      const { spec, symbol } = parseTranche(sink, raw, i);
      if (spec !== undefined) tranches.push(spec);
      if (symbol === undefined) return;
      const prior = symbols.get(symbol);
      if (prior !== undefined) sink.add(childPath(childPath("tranches", i), "symbol"), `duplicate symbol: tranches[${prior}] already uses it`, symbol);
      else symbols.set(symbol, i);
    });
  }

  const allocations: AllocationSpec[] = [];
  const rawAllocations = doc.allocations;
  if (!Array.isArray(rawAllocations) || rawAllocations.length === 0) {
    sink.add("allocations", rawAllocations === undefined ? "required field is missing" : "expected a non-empty list of allocations");
  } else {
    rawAllocations.forEach((raw, i) => {
      const a = parseAllocation(sink, raw, i, symbols);
      if (a !== undefined) allocations.push(a);
    });
  }
  // Sums are only meaningful when every entry parsed; otherwise they would repeat one error as two.
  const complete =
    Array.isArray(rawTranches) && tranches.length === rawTranches.length &&
    Array.isArray(rawAllocations) && allocations.length === rawAllocations.length;
  if (complete) crossChecks(sink, structure, tranches, allocations);

  if (
    sink.issues.length > 0 || dealId === undefined || name === undefined || cutoffTimestamp === undefined ||
    structure === undefined || overcollateralization === undefined
  ) {
    throw new ValidationError(file, sink.issues);
  }
  return {
    file,
    dealId,
    name,
    cutoffDate: doc.cutoffDate as string,
    cutoffTimestamp,
    structure,
    overcollateralization,
    tranches,
    allocations,
    lineOf: (path) => sink.lineOf(path),
  };
}

/** Reads and parses a deal file. */
export async function loadDeal(path: string): Promise<DealSpec> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(path, [{ file: path, line: 0, reason: `cannot read the deal file: ${reason}` }]);
  }
  return parseDeal(source, path);
}
