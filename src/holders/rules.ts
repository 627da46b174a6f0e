/**
 * `mbs holders rules`: changes a class token's transfer rules (`setTransferRules`, COMPLIANCE_ROLE) field by field.
 * The options are read in the deal file's terms (investor class names, USD, ISO dates, ISO 3166-1 numeric codes)
 * with the deal file's parsers (src/deal/rules.ts); a rule not given keeps its value on chain. Everything the token
 * would refuse is refused first in those terms — a cap without a lot size, a lot above the class's face, a cap on a
 * token that does not count its holders (`mbs holders count` first) — so nothing is sent on a refusal. Rules already
 * in force are reported and nothing is sent, so a re-run after a crash finishes exactly once.
 */
import type { Signer } from "ethers";

import { ChainError, failureRevert, sendTransaction } from "../chain/index.js";
import {
  INVESTOR_CLASS_NAMES, classNames, holderCapProblem, investorClassBits, minHoldingProblem, parseBlockedCountries, parseHolderCap, parseInvestorClasses,
} from "../deal/rules.js";
import { InvalidInputError } from "../errors.js";
import { centsToTokenUnits, formatTokenUnits, formatUtc, parseIsoDate, parseUsdCents, type Parsed } from "../units.js";
import { CLASS_TOKEN_INTERFACE, openForCompliance, type ClassToken } from "./token.js";

/** The options as typed on the command line (undefined: keep the rule on chain). */
export interface SetRulesOptions {
  token: string | undefined;
  /** Investor class names, comma-separated: "accredited,qib". */
  classes?: string | undefined;
  /** Minimum holding (lot size) in USD, at most two decimals; "0" for none. */
  minHolding?: string | undefined;
  /** Holder cap, a whole number; "0" or "none" for no cap. */
  maxHolders?: string | undefined;
  /** "YYYY-MM-DD" (00:00 UTC), or "none". */
  lockupUntil?: string | undefined;
  /** ISO 3166-1 numeric codes, comma-separated, or "none". */
  blockedCountries?: string | undefined;
  /** Read, check and estimate; send nothing. */
  dryRun?: boolean;
  /** Confirmations the transaction waits for (default 1). */
  confirmations?: number;
}

/** ITransferRestrictions.TransferRules as the token stores them (minHolding in token base units). */
export interface OnChainRules {
  allowedClasses: number;
  minHolding: bigint;
  maxHolders: number;
  /** Unix seconds; 0 = no lockup. */
  lockupUntil: number;
  blockedCountries: number[];
}

export type RuleField = "classes" | "minHolding" | "maxHolders" | "lockupUntil" | "blockedCountries";

/** One rule, before and after, in the user's units. */
export interface RuleChange {
  field: RuleField;
  option: string;
  from: string;
  to: string;
  changed: boolean;
}

export type RulesOutcome = "unchanged" | "dry-run" | "updated";

export interface SetRulesResult {
  token: string;
  symbol: string;
  signer: string;
  decimals: number;
  outcome: RulesOutcome;
  current: OnChainRules;
  next: OnChainRules;
  changes: RuleChange[];
  /** The token's holder count, when it keeps one. */
  holderCount: number | undefined;
  gasEstimate: bigint | undefined;
  txHash: string | undefined;
  minedInBlock: number | undefined;
  /** Things the officer should know that do not stop the change (a cap below the current holders …). */
  notes: string[];
}

/** The rules an officer asked for, parsed; undefined fields keep their value on chain. */
interface RequestedRules {
  classes?: { names: string[]; bits: number };
  minHoldingCents?: bigint;
  maxHolders?: number;
  lockupUntil?: number;
  blockedCountries?: number[];
}

interface Issue {
  option: string;
  value: string;
  reason: string;
}

const OPTION: Record<RuleField, string> = {
  classes: "--classes",
  minHolding: "--min-holding",
  maxHolders: "--max-holders",
  lockupUntil: "--lockup-until",
  blockedCountries: "--blocked-countries",
};

const NONE = /^\s*none\s*$/i;
const list = (text: string) => text.split(",").map((s) => s.trim()).filter((s) => s !== "");
const numberOrText = (s: string): number | string => (/^\d{1,9}$/.test(s) ? Number(s) : s);

/** One located refusal, or all of them in one message; nothing has been sent. */
function refuse(issues: readonly Issue[]): never {
  const line = (i: Issue) => `${i.reason} (got "${i.value}")`;
  if (issues.length === 1) throw new InvalidInputError(issues[0]!.option, `${line(issues[0]!)}. Nothing sent`, { issues });
  throw new InvalidInputError(
    issues.map((i) => i.option).join(", "),
    `${issues.map((i) => `${i.option}: ${line(i)}`).join("; ")}. Nothing sent`,
    { issues },
  );
}

/** Parses every given option with the deal file's rules; every problem is collected before refusing. */
export function parseRequestedRules(options: SetRulesOptions): RequestedRules {
  const issues: Issue[] = [];
  const requested: RequestedRules = {};
  const take = <T>(field: RuleField, raw: string | undefined, parse: (text: string) => Parsed<T>, keep: (value: T) => void) => {
    if (raw === undefined) return;
    const parsed = parse(raw);
    if (parsed.ok) keep(parsed.value);
    else issues.push({ option: OPTION[field], value: raw, reason: parsed.reason });
  };
  take("classes", options.classes, (t) => parseInvestorClasses(list(t).map((c) => c.toLowerCase())), (names) => {
    requested.classes = { names, bits: investorClassBits(names) };
  });
  take("minHolding", options.minHolding, (t) => (NONE.test(t) ? { ok: true, value: 0n } : parseUsdCents(t)), (cents) => {
    requested.minHoldingCents = cents;
  });
  take("maxHolders", options.maxHolders, (t) =>
    NONE.test(t) ? { ok: true, value: 0 } : /^\s*\d+\s*$/.test(t) ? parseHolderCap(Number(t)) : { ok: false, reason: "expected a whole number of holders (0 or none: no cap)" },
  (cap) => {
    requested.maxHolders = cap;
  });
  take("lockupUntil", options.lockupUntil, (t) => (NONE.test(t) ? { ok: true, value: 0 } : parseIsoDate(t.trim())), (seconds) => {
    requested.lockupUntil = seconds;
  });
  take("blockedCountries", options.blockedCountries, (t) => (NONE.test(t) ? { ok: true, value: [] } : parseBlockedCountries(list(t).map(numberOrText))), (codes) => {
    requested.blockedCountries = codes;
  });
  if (issues.length > 0) refuse(issues);
  if (Object.keys(requested).length === 0) {
    throw new InvalidInputError(Object.values(OPTION).join(", "), "give at least one rule to change (a rule not given keeps its value on chain). Nothing sent");
  }
  return requested;
}

/** A token amount in USD, for people: "25,000.00 USD" (base units kept exact when finer than a cent). */
export function formatUsdUnits(units: bigint, decimals: number): string {
  return `${formatTokenUnits(units, decimals)} USD`;
}

/** Unix seconds → "2027-06-30" at midnight UTC (how the option is written), else the full UTC time. */
function formatDate(seconds: number): string {
  if (seconds === 0) return "none";
  return seconds % 86_400 === 0 ? new Date(seconds * 1000).toISOString().slice(0, 10) : formatUtc(seconds);
}

function formatClasses(bits: number): string {
  if (bits === 0) return "none (nobody may hold it)";
  const names = classNames(bits);
  const unknown = bits & ~investorClassBits(INVESTOR_CLASS_NAMES);
  return [...names, ...(unknown === 0 ? [] : [`bits 0x${unknown.toString(16)}`])].join(", ");
}

/** Each rule in the user's units, keyed by field. */
export function describeRules(rules: OnChainRules, decimals: number): Record<RuleField, string> {
  return {
    classes: formatClasses(rules.allowedClasses),
    minHolding: rules.minHolding === 0n ? "none" : formatUsdUnits(rules.minHolding, decimals),
    maxHolders: rules.maxHolders === 0 ? "none" : rules.maxHolders.toLocaleString("en-US"),
    lockupUntil: formatDate(rules.lockupUntil),
    blockedCountries: rules.blockedCountries.length === 0 ? "none" : rules.blockedCountries.join(", "),
  };
}

/** The token checks each country against the list, so two lists with the same codes are the same rule. */
function sameCountries(a: readonly number[], b: readonly number[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((c) => set.has(c));
}

/** The token's rules now. */
export async function readTransferRules(token: ClassToken): Promise<OnChainRules> {
  const r = (await token.contract.getFunction("transferRules").staticCall()) as {
    allowedClasses: bigint; minHolding: bigint; maxHolders: bigint; lockupUntil: bigint; blockedCountries: bigint[];
  };
  return {
    allowedClasses: Number(r.allowedClasses),
    minHolding: r.minHolding,
    maxHolders: Number(r.maxHolders),
    lockupUntil: Number(r.lockupUntil),
    blockedCountries: [...r.blockedCountries].map(Number),
  };
}

const UINT96_MAX = (1n << 96n) - 1n;

export async function setTransferRules(options: SetRulesOptions, signer: Signer): Promise<SetRulesResult> {
  const requested = parseRequestedRules(options);
  const { token, account } = await openForCompliance(options.token, signer);

  const [current, faceCap, tracked] = await Promise.all([
    readTransferRules(token),
    token.contract.getFunction("faceCap").staticCall() as Promise<bigint>,
    token.contract.getFunction("isHolderCountTracked").staticCall() as Promise<boolean>,
  ]);
  const holderCount = tracked ? Number((await token.contract.getFunction("holderCount").staticCall()) as bigint) : undefined;
  const usd = (units: bigint) => formatUsdUnits(units, token.decimals);

  const minHolding = requested.minHoldingCents === undefined ? current.minHolding : centsToTokenUnits(requested.minHoldingCents, token.decimals);
  const next: OnChainRules = {
    allowedClasses: requested.classes?.bits ?? current.allowedClasses,
    minHolding,
    maxHolders: requested.maxHolders ?? current.maxHolders,
    lockupUntil: requested.lockupUntil ?? current.lockupUntil,
    blockedCountries: requested.blockedCountries ?? current.blockedCountries,
  };

  // The rules as a whole, as the token will judge them, in the officer's terms.
  const issues: Issue[] = [];
  if (requested.minHoldingCents !== undefined) {
    const tooLarge = minHolding > UINT96_MAX ? "larger than the token can record" : minHoldingProblem(minHolding, faceCap);
    if (tooLarge !== undefined) issues.push({ option: OPTION.minHolding, value: options.minHolding!, reason: `${tooLarge} (the class's face is ${usd(faceCap)})` });
  }
  const capProblem = holderCapProblem(next.maxHolders, next.minHolding);
  if (capProblem !== undefined) {
    const [option, value] = requested.maxHolders !== undefined ? [OPTION.maxHolders, options.maxHolders!] : [OPTION.minHolding, options.minHolding!];
    const context = requested.maxHolders === undefined
      ? `; ${token.symbol} keeps its cap of ${next.maxHolders.toLocaleString("en-US")} holders: remove it with --max-holders 0, or keep a minimum holding`
      : requested.minHoldingCents === undefined ? `; ${token.symbol} has none: give --min-holding too` : "; give a --min-holding above 0 with the cap";
    issues.push({ option, value, reason: `${capProblem}${context}` });
  }
  if (issues.length > 0) refuse(issues);

  const before = describeRules(current, token.decimals);
  const after = describeRules(next, token.decimals);
  const changes = (Object.keys(OPTION) as RuleField[]).map((field) => ({
    field, option: OPTION[field], from: before[field], to: after[field],
    changed: field === "blockedCountries" ? !sameCountries(current.blockedCountries, next.blockedCountries)
      : field === "classes" ? current.allowedClasses !== next.allowedClasses
      : current[field] !== next[field],
  }));
  const base = { token: token.address, symbol: token.symbol, signer: account, decimals: token.decimals, current, changes, holderCount };

  if (changes.every((c) => !c.changed)) {
    return { ...base, next: current, outcome: "unchanged", gasEstimate: undefined, txHash: undefined, minedInBlock: undefined, notes: [] };
  }

  if (next.maxHolders > 0 && !tracked) {
    throw new InvalidInputError(
      OPTION.maxHolders,
      `${token.label} does not count its holders on chain (it was deployed without a holder cap; ADR 0021), so it cannot take a cap of ${next.maxHolders.toLocaleString("en-US")}: ` +
        `run \`npx hardhat mbs holders count --token ${token.address}\` first to prove its holders, then this command again. Nothing sent`,
      { token: token.address, maxHolders: next.maxHolders },
    );
  }

  const notes = await notesOn(token, next, holderCount);
  const struct = { ...next, lockupUntil: BigInt(next.lockupUntil) };
  let gasEstimate: bigint;
  try {
    gasEstimate = await token.contract.getFunction("setTransferRules").estimateGas(struct);
  } catch (error) {
    const revert = failureRevert(error, CLASS_TOKEN_INTERFACE);
    if (revert === undefined) throw error;
    throw new ChainError(`${token.label} would refuse the new rules: ${revert.text}. Nothing sent`, { token: token.address, revert: { name: revert.name, args: revert.args } });
  }
  if (options.dryRun === true) return { ...base, next, outcome: "dry-run", gasEstimate, txHash: undefined, minedInBlock: undefined, notes };

  const changed = changes.filter((c) => c.changed).map((c) => c.option.slice(2)).join(", ");
  const { hash, receipt } = await sendTransaction(
    {
      operation: `setTransferRules (${changed})`,
      contract: token.label,
      recovery: "re-run the same command: it reads the rules again and reports them as already in force if the change is on chain",
    },
    CLASS_TOKEN_INTERFACE,
    () => token.contract.getFunction("setTransferRules").send(struct),
    { confirmations: options.confirmations ?? 1 },
  );
  return { ...base, next, outcome: "updated", gasEstimate, txHash: hash, minedInBlock: receipt.blockNumber, notes };
}

/** What the officer should know about rules the token accepts: a cap already exceeded, a lockup already over. */
async function notesOn(token: ClassToken, next: OnChainRules, holderCount: number | undefined): Promise<string[]> {
  const notes: string[] = [];
  if (next.maxHolders > 0 && holderCount !== undefined && holderCount >= next.maxHolders) {
    notes.push(`${token.symbol} has ${holderCount.toLocaleString("en-US")} holder(s), ${holderCount > next.maxHolders ? "above" : "at"} the cap of ${next.maxHolders.toLocaleString("en-US")}: ` +
      "no new holder is accepted until holders leave (existing holders keep trading among themselves)");
  }
  if (next.lockupUntil > 0) {
    const latest = await token.provider.getBlock("latest");
    if (latest !== null && latest.timestamp >= next.lockupUntil) notes.push(`the lockup date ${formatDate(next.lockupUntil)} has already passed on chain: it blocks no transfer`);
  }
  return notes;
}
