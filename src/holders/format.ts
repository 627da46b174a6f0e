/** What `mbs holders count` prints: a short report, or (--json) the same facts for machines. */
import { formatTokenUnits } from "../units.js";

import type { CountHoldersResult } from "./count.js";
import type { SetRulesResult } from "./rules.js";

const n = (value: bigint | number) => value.toLocaleString("en-US");

/** A token amount for people: "10,000.00 (10000000000 base units)" for 6 decimals; the exact units follow. */
export function formatTokenAmount(value: bigint, decimals: number): string {
  return `${formatTokenUnits(value, decimals)} (${value} base units)`;
}

export function formatCountHolders(r: CountHoldersResult): string {
  const token = `${r.symbol} ${r.token}`;
  if (r.outcome === "already-counting") {
    return `${token} already counts ${n(r.holders)} holder(s) on chain (block ${r.block}): nothing sent` +
      (r.retried === undefined ? "" : `\nnote: ${r.retried}`);
  }
  const out: string[] = [];
  out.push(r.outcome === "dry-run"
    ? `dry run: nothing sent. ${token} would start counting ${n(r.holders)} holder(s) with one countHolders transaction`
    : `counted ${n(r.holders)} holder(s) of ${token} in tx ${r.txHash} (block ${r.minedInBlock}); holderCount() is now exact and a holder cap may be set`);
  const line = (label: string, value: string) => out.push(`${label.padEnd(15)}${value}`);
  line("holders", `${n(r.holders)} non-zero balance(s), listed in ascending address order`);
  line("read at block", `${r.block} (${n(r.transfers)} Transfer log(s) of blocks ${r.fromBlock}–${r.block})`);
  line("total supply", `${formatTokenAmount(r.totalSupply, r.decimals)}, held in full by the listed holders`);
  if (r.gasEstimate !== undefined) line("gas estimate", `${n(r.gasEstimate)} (block gas limit ${n(r.blockGasLimit ?? 0n)})`);
  line("signer", r.signer);
  if (r.retried !== undefined) out.push(`note: ${r.retried}; read again and proven at block ${r.block}`);
  return out.join("\n");
}

/** The fields every `mbs holders` JSON result opens with: which token, who signed, what happened, whether it sent. */
function jsonHead(r: { token: string; symbol: string; signer: string; outcome: string; txHash: string | undefined }) {
  return { token: r.token, symbol: r.symbol, signer: r.signer, outcome: r.outcome, sent: r.txHash !== undefined };
}

/** The result with amounts as decimal strings of token units (JSON has no bigint). */
export function countHoldersJson(r: CountHoldersResult): Record<string, unknown> {
  return {
    ...jsonHead(r),
    holders: r.holders,
    block: r.block,
    fromBlock: r.fromBlock ?? null,
    transfers: r.transfers,
    totalSupply: r.totalSupply.toString(),
    decimals: r.decimals,
    gasEstimate: r.gasEstimate?.toString() ?? null,
    blockGasLimit: r.blockGasLimit?.toString() ?? null,
    txHash: r.txHash ?? null,
    minedInBlock: r.minedInBlock ?? null,
    retried: r.retried ?? null,
  };
}

/** What `mbs holders rules` prints: the outcome, then each rule as current → new in the user's units. */
export function formatSetRules(r: SetRulesResult): string {
  const token = `${r.symbol} ${r.token}`;
  const out: string[] = [];
  const changed = r.changes.filter((c) => c.changed).length;
  if (r.outcome === "unchanged") out.push(`${token}: these transfer rules are already in force: nothing sent`);
  else if (r.outcome === "dry-run") out.push(`dry run: nothing sent. ${token} would change ${changed} transfer rule(s) with one setTransferRules transaction`);
  else out.push(`changed ${changed} transfer rule(s) of ${token} in tx ${r.txHash} (block ${r.minedInBlock})`);
  const width = Math.max(...r.changes.map((c) => c.from.length));
  for (const c of r.changes) {
    const label = c.option.slice(2).padEnd(19);
    out.push(c.changed ? `${label}${c.from.padEnd(width)} → ${c.to}` : `${label}${c.from.padEnd(width)}   (unchanged)`);
  }
  if (r.holderCount !== undefined) out.push(`${"holders".padEnd(19)}${n(r.holderCount)} counted on chain`);
  if (r.gasEstimate !== undefined) out.push(`${"gas estimate".padEnd(19)}${n(r.gasEstimate)}`);
  out.push(`${"signer".padEnd(19)}${r.signer}`);
  for (const note of r.notes) out.push(`note: ${note}`);
  return out.join("\n");
}

/** The on-chain rule struct with amounts as decimal strings of token base units (JSON has no bigint). */
const rulesJson = (rules: SetRulesResult["current"]) => ({
  allowedClasses: rules.allowedClasses,
  minHolding: rules.minHolding.toString(),
  maxHolders: rules.maxHolders,
  lockupUntil: rules.lockupUntil,
  blockedCountries: rules.blockedCountries,
});

export function setRulesJson(r: SetRulesResult): Record<string, unknown> {
  return {
    ...jsonHead(r),
    decimals: r.decimals,
    current: rulesJson(r.current),
    next: rulesJson(r.next),
    changes: r.changes,
    holderCount: r.holderCount ?? null,
    gasEstimate: r.gasEstimate?.toString() ?? null,
    txHash: r.txHash ?? null,
    minedInBlock: r.minedInBlock ?? null,
    notes: r.notes,
  };
}
