/**
 * A class's transfer rules as people write them (docs/deal-file.md: investorClasses, minHolding, maxHolders,
 * lockupUntil, blockedCountries), parsed and checked the same way wherever they are written: in a deal file
 * (deal.ts) and on the command line (`mbs holders rules`). Each parser gives a value or a reason in the user's
 * terms; the cross-field rules the token also enforces (a cap needs a lot size, a lot size within the face) are
 * reasons too, so each caller places them in its own terms (a file's line and field, a command's option).
 */
import { INVESTOR_CLASS_BITS, INVESTOR_CLASS_NAMES, classNames, isInvestorClassName, type InvestorClassName } from "../kyc/investors.js";
import type { Parsed } from "../units.js";

export { INVESTOR_CLASS_NAMES, classNames, type InvestorClassName };

/** The packed rule slot of PoolToken holds at most this many blocked countries. */
export const MAX_BLOCKED_COUNTRIES = 15;
/** ITransferRestrictions.TransferRules.maxHolders is a uint32. */
export const MAX_HOLDER_CAP = 2 ** 32 - 1;

/** A non-empty list of investor class names (duplicates dropped, order kept). */
export function parseInvestorClasses(value: unknown): Parsed<InvestorClassName[]> {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, reason: "expected a non-empty list of investor classes" };
  const bad = value.filter((c) => !isInvestorClassName(c));
  if (bad.length > 0) {
    return { ok: false, reason: `unknown investor class ${JSON.stringify(bad[0])} (known: ${INVESTOR_CLASS_NAMES.join(", ")})` };
  }
  return { ok: true, value: [...new Set(value as InvestorClassName[])] };
}

/** The IKycRegistry class bits of `names`. */
export function investorClassBits(names: readonly InvestorClassName[]): number {
  return names.reduce((bits, c) => bits | INVESTOR_CLASS_BITS[c], 0);
}

/** A holder-count cap: a whole number from 0 (none) to the token's uint32 limit. */
export function parseHolderCap(value: unknown): Parsed<number> {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_HOLDER_CAP
    ? { ok: true, value }
    : { ok: false, reason: `expected a whole number from 0 to ${MAX_HOLDER_CAP}` };
}

/** ISO 3166-1 numeric codes, 1–999, at most MAX_BLOCKED_COUNTRIES distinct (duplicates dropped, order kept). */
export function parseBlockedCountries(value: unknown): Parsed<number[]> {
  if (!Array.isArray(value)) return { ok: false, reason: "expected a list of ISO 3166-1 numeric country codes" };
  if (value.some((c) => typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > 999)) {
    return { ok: false, reason: "country codes are ISO 3166-1 numeric, 1 to 999 (840 = United States)" };
  }
  const unique = [...new Set(value as number[])];
  if (unique.length > MAX_BLOCKED_COUNTRIES) {
    return { ok: false, reason: `at most ${MAX_BLOCKED_COUNTRIES} blocked countries fit the token's rule slot` };
  }
  return { ok: true, value: unique };
}

/**
 * Why a holder cap cannot go with this minimum holding, or undefined. The token refuses it too
 * (TokenHolderCapWithoutLotSize): counted from one unit, any holder could fill the cap with dust sent to verified
 * investors who never asked for it. `minHolding` in cents or token units: only whether it is zero matters.
 */
export function holderCapProblem(maxHolders: number, minHolding: bigint): string | undefined {
  return maxHolders > 0 && minHolding === 0n
    ? "a holder cap needs a minimum holding (minHolding): without a lot size anyone could fill the cap by sending dust"
    : undefined;
}

/** Why a minimum holding above the class's face cannot be, or undefined (both in cents, or both in token units). */
export function minHoldingProblem(minHolding: bigint, face: bigint): string | undefined {
  return minHolding > face ? "larger than the class's original face: nobody could hold it" : undefined;
}
