/**
 * Reconciliation warnings as the chain carries them: `IServicerReports.ServicerReport.reconciliationWarnings`,
 * one uint256 with 16 bits per flag code — code i of `FLAG_CODES` counts its warnings at bits 16·i … 16·i + 15,
 * saturating at 65,535. Only warnings: a flag rated "error" stops the period before anything is sent, so it
 * never reaches the chain. The investor dashboard raises its alerts from this word in the `ReportSubmitted` log.
 */
import { InvalidInputError } from "../errors.js";
import { FLAG_CODES, type FlagCode, type ReconciliationFlag } from "./policy.js";

/** What packing needs of a reconciliation flag. */
export type Flag = Pick<ReconciliationFlag, "code" | "severity">;

/** Bits per flag code. */
export const WARNING_COUNT_BITS = 16;
/** The largest count a code can carry; more warnings of one code read as this. */
export const MAX_WARNING_COUNT = (1 << WARNING_COUNT_BITS) - 1;
const FIELD_MASK = BigInt(MAX_WARNING_COUNT);
/** Bits above the last code's field must be zero. */
const USED_BITS = BigInt(FLAG_CODES.length * WARNING_COUNT_BITS);

/** Packs per-code warning counts (codes absent count 0; counts above 65,535 saturate). */
export function packWarningCounts(counts: Partial<Readonly<Record<FlagCode, number>>>): bigint {
  let word = 0n;
  FLAG_CODES.forEach((code, i) => {
    const count = counts[code] ?? 0;
    if (!Number.isSafeInteger(count) || count < 0) throw new InvalidInputError(`warnings.${code}`, `expected a count of warnings, got ${count}`);
    word |= BigInt(Math.min(count, MAX_WARNING_COUNT)) << BigInt(i * WARNING_COUNT_BITS);
  });
  return word;
}

/** The packed word of a period's flags: counts the warnings per code; errors are left out. */
export function packReconciliationWarnings(flags: readonly Flag[]): bigint {
  const counts: Partial<Record<FlagCode, number>> = {};
  for (const f of flags) if (f.severity === "warning") counts[f.code] = (counts[f.code] ?? 0) + 1;
  return packWarningCounts(counts);
}

/** The non-zero counts of a packed word, in `FLAG_CODES` order. Refuses a word that is not a valid packing. */
export function unpackReconciliationWarnings(word: bigint): { code: FlagCode; count: number }[] {
  if (word < 0n || word >> USED_BITS !== 0n) {
    throw new InvalidInputError("reconciliationWarnings", `0x${word.toString(16)} is not a packed warning word (${FLAG_CODES.length} codes × ${WARNING_COUNT_BITS} bits; higher bits must be zero)`);
  }
  const out: { code: FlagCode; count: number }[] = [];
  FLAG_CODES.forEach((code, i) => {
    const count = Number((word >> BigInt(i * WARNING_COUNT_BITS)) & FIELD_MASK);
    if (count !== 0) out.push({ code, count });
  });
  return out;
}

/** `delinquency-jump ×3, principal-vs-schedule ×1`, or `none`. */
export function formatReconciliationWarnings(word: bigint): string {
  const list = unpackReconciliationWarnings(word);
  return list.length === 0 ? "none" : list.map((w) => `${w.code} ×${w.count}${w.count === MAX_WARNING_COUNT ? "+" : ""}`).join(", ");
}
