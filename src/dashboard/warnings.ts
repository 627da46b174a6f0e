/**
 * The alerts panel's words for a servicer report's reconciliation warnings: the packed word the
 * attested report carries (`reconciliationWarnings`, 16 bits per flag code, src/remittance/warnings.ts)
 * as one sentence per flag, in an investor's terms, with its count.
 */
import { MAX_WARNING_COUNT, unpackReconciliationWarnings } from "../remittance/warnings.js";
import type { FlagCode } from "../remittance/policy.js";

const count = (n: number, one: string, many: string) => `${n === MAX_WARNING_COUNT ? `${n.toLocaleString("en-US")} or more` : n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** Each flag code in plain words (docs/remittance-file.md explains each). */
const WORDS: Record<FlagCode, (n: number) => string> = {
  "unknown-loan": (n) => `${count(n, "row", "rows")} for a loan not in the pool`,
  "loan-vanished": (n) => `${count(n, "loan", "loans")} with a balance last month missing from the servicer file`,
  "paid-off-reappeared": (n) => `${count(n, "paid-off loan", "paid-off loans")} back with a balance`,
  "upb-rise-unmodified": (n) => `${count(n, "loan's", "loans'")} balance rising without a modification`,
  capitalization: (n) => `${count(n, "modification", "modifications")} capitalised into the balance`,
  "beginning-balance-mismatch": (n) => `${count(n, "loan's", "loans'")} beginning balance different from last month's ending balance`,
  "removal-balance-mismatch": (n) => `${count(n, "liquidation's", "liquidations'")} removal balance different from the loan's balance last month`,
  "principal-does-not-tie": (n) => `${count(n, "loan's", "loans'")} reported principal not matching the drop in its balance`,
  "principal-vs-schedule": (n) => `${count(n, "loan's", "loans'")} principal inconsistent with ${n === 1 ? "its" : "their"} schedule`,
  "delinquency-jump": (n) => `${count(n, "loan", "loans")} more than one payment further behind than last month`,
  "liquidation-without-proceeds": (n) => `${count(n, "liquidation", "liquidations")} without proceeds`,
  "cash-mismatch": (n) => `${count(n, "difference", "differences")} between the cash remitted and the file's collections`,
};

/** One phrase per flag with warnings (empty when there are none), e.g. "3 loans' principal inconsistent with their schedule". */
export function describeReconciliationWarnings(word: bigint): string[] {
  return unpackReconciliationWarnings(word).map(({ code, count: n }) => WORDS[code](n));
}

/** The alert text for a period's warnings, or undefined when it has none. */
export function reconciliationAlert(period: number, word: bigint): string | undefined {
  if (word === 0n) return undefined;
  try {
    return `period ${period}: ${describeReconciliationWarnings(word).join("; ")} (servicer reconciliation warnings)`;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `period ${period}: the report's reconciliation warnings cannot be read (${why})`;
  }
}
