/**
 * Exact conversions between what a person writes in a deal file (dollars with cents, coupons in
 * percent, ISO dates) and what goes on chain (bigint cents, ppm, Unix seconds). Decimal text is
 * parsed digit by digit: a float never touches money. Cents → token units is `src/units.ts`.
 */

const USD = /^(\d{1,16})(?:\.(\d{1,2}))?$/;
const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The decimal text of a JSON string or number, or undefined for anything else. */
function decimalText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  // JSON numbers are floats; String() gives the shortest text that round-trips, which for the
  // amounts people type (≤ 15 significant digits, no exponent) is exactly what they typed.
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Result of a parse: the value, or why the input is unusable. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Dollars with at most two decimals ("1250000.00", 1250000) → integer cents. */
export function parseUsdCents(value: unknown): Parsed<bigint> {
  const text = decimalText(value);
  if (text === undefined) return { ok: false, reason: "expected an amount in USD such as \"1000000.00\"" };
  if (text.startsWith("-")) return { ok: false, reason: "must not be negative" };
  const match = USD.exec(text.replaceAll(",", "").replaceAll("_", ""));
  if (match === null) return { ok: false, reason: "expected dollars with at most two decimals, such as \"1000000.00\"" };
  const cents = (match[2] ?? "").padEnd(2, "0");
  return { ok: true, value: BigInt(match[1]!) * 100n + BigInt(cents) };
}

/** A rate in percent with at most four decimals (5.125) → parts per million (51_250). */
export function parsePercentPpm(value: unknown): Parsed<number> {
  const text = decimalText(value);
  if (text === undefined) return { ok: false, reason: "expected a rate in percent such as 5.5" };
  if (text.startsWith("-")) return { ok: false, reason: "must not be negative" };
  const match = PERCENT.exec(text);
  if (match === null) return { ok: false, reason: "expected percent with at most four decimals, such as 5.125" };
  const ppm = Number(match[1]!) * 10_000 + Number((match[2] ?? "").padEnd(4, "0"));
  if (ppm > 1_000_000) return { ok: false, reason: "above 100 %; rates are in percent, not basis points" };
  return { ok: true, value: ppm };
}

/** "YYYY-MM-DD" (a real calendar day) → Unix seconds at 00:00 UTC. */
export function parseIsoDate(value: unknown): Parsed<number> {
  if (typeof value !== "string") return { ok: false, reason: "expected a date as \"YYYY-MM-DD\"" };
  const match = ISO_DATE.exec(value);
  if (match === null) return { ok: false, reason: "expected a date as \"YYYY-MM-DD\"" };
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return { ok: false, reason: "not a calendar date" };
  }
  return { ok: true, value: ms / 1000 };
}

/** ppm → "5.125%". */
export function formatPpm(ppm: number): string {
  return `${(ppm / 10_000).toString()}%`;
}
