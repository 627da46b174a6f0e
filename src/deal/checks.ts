/**
 * Checks of a parsed deal that need outside facts: the pool built from the tape (do the classes'
 * faces add up to the committed UPB, can the loans pay the coupons) and the chain (is every
 * investor KYC-verified, not frozen, of an allowed class and country). Every check is a read:
 * they run before anything is sent, so a bad deal never leaves a half-deployed pool behind.
 */

import type { LocatedIssue } from "../errors.js";
import { childPath } from "./jsonLines.js";
import { classNames, type InvestorRecord } from "../kyc/investors.js";
import type { DealSpec } from "./deal.js";
import { formatCents, formatPpm } from "../units.js";

/** What the deal is checked against from the pool built from the tape. */
export interface PoolFacts {
  loanCount: number;
  /** Included loans' current UPB at cut-off, cents. */
  upbCents: bigint;
  /** Weighted-average note rate of the included loans, percent. */
  wacPct: number;
}

/** The overcollateralization the deal implies for this pool (negative when the faces exceed it). */
export function impliedOvercollateralization(deal: DealSpec, pool: PoolFacts): bigint {
  const faces = deal.tranches.reduce((sum, t) => sum + t.originalFaceCents, 0n);
  return deal.overcollateralization.kind === "fixed" ? deal.overcollateralization.cents : pool.upbCents - faces;
}

function issue(deal: DealSpec, path: string, reason: string, value?: string): LocatedIssue {
  const out: LocatedIssue = { file: deal.file, line: deal.lineOf(path), field: path, reason };
  if (value !== undefined) out.value = value;
  return out;
}

/** Faces vs committed UPB, and coupons vs what the loans pay. */
export function checkDealAgainstPool(deal: DealSpec, pool: PoolFacts): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  if (pool.loanCount === 0 || pool.upbCents === 0n) {
    issues.push(issue(deal, "tranches", "no loan passed eligibility: there is nothing to back the classes"));
    return issues;
  }
  const faces = deal.tranches.reduce((sum, t) => sum + t.originalFaceCents, 0n);
  const oc = deal.overcollateralization;
  if (oc.kind === "fixed" && faces + oc.cents !== pool.upbCents) {
    const gap = pool.upbCents - faces - oc.cents;
    issues.push(issue(deal, "overcollateralization",
      `class faces ${formatCents(faces)} + overcollateralization ${formatCents(oc.cents)} = ${formatCents(faces + oc.cents)}, ` +
      `but the included loans' UPB is ${formatCents(pool.upbCents)} (${gap > 0n ? "short by" : "over by"} ${formatCents(gap > 0n ? gap : -gap)})`,
      formatCents(oc.cents)));
  } else if (oc.kind === "residual" && faces > pool.upbCents) {
    issues.push(issue(deal, "tranches",
      `class faces add up to ${formatCents(faces)}, more than the included loans' UPB ${formatCents(pool.upbCents)} ` +
      `(by ${formatCents(faces - pool.upbCents)}): the bonds would be under-collateralized`));
  }
  // Interest the bonds are owed in a month must not exceed what the loans pay at their WAC.
  const wacPpm = Math.round(pool.wacPct * 10_000);
  const owedPerYear = deal.tranches.reduce((sum, t) => sum + t.originalFaceCents * BigInt(t.couponPpm), 0n);
  if (owedPerYear > pool.upbCents * BigInt(wacPpm)) {
    const worst = deal.tranches.reduce((a, b) => (b.couponPpm > a.couponPpm ? b : a));
    issues.push(issue(deal, childPath(childPath("tranches", worst.index), "coupon"),
      `the classes' coupons need more interest than the loans pay at their WAC of ${formatPpm(wacPpm)}`,
      formatPpm(worst.couponPpm)));
  }
  return issues;
}


/** Every allocation against the investors' registry records at chain time `now` (Unix seconds). */
export function checkDealAgainstRegistry(
  deal: DealSpec,
  records: ReadonlyMap<string, InvestorRecord>,
  now: bigint,
  registryAddress: string,
): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  for (const a of deal.allocations) {
    const t = deal.tranches[a.trancheIndex]!;
    const path = childPath(childPath("allocations", a.index), "investor");
    const r = records.get(a.investor);
    const why = (reason: string) => issues.push(issue(deal, path, reason, a.investor));
    if (r === undefined || r.verifiedUntil === 0n) {
      why(`not KYC-verified in the registry at ${registryAddress} (never onboarded, or revoked)`);
    } else if (r.verifiedUntil <= now) {
      why(`KYC verification expired on ${new Date(Number(r.verifiedUntil) * 1000).toISOString()}`);
    } else if (r.frozen) {
      why("frozen in the KYC registry");
    } else if ((r.classes & t.classBits) === 0) {
      why(`investor class ${classNames(r.classes).join(", ") || "(none)"} may not hold ${t.symbol} ` +
        `(allowed: ${t.investorClasses.join(", ")})`);
    } else if (t.blockedCountries.includes(r.country)) {
      why(`country ${r.country} is blocked for ${t.symbol}`);
    }
  }
  return issues;
}
