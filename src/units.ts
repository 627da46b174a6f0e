/**
 * The project's one units module. Money on the way to and from the chain: face and cash share the
 * settlement token's 6 decimals (1 USD = 1_000_000 units); the factor is 1e18-scaled (1.0 = 10^18),
 * shown with 8 decimals as on agency factor files. And what a person writes in a deal file
 * (dollars with cents, coupons in percent, ISO dates) parsed exactly into bigint cents, ppm and
 * Unix seconds: decimal text is parsed digit by digit, a float never touches money.
 */
import { InvalidInputError } from "./errors.js";

declare const unitBrand: unique symbol;
/** An amount of face or cash in settlement-token units (6 decimals). */
export type Units = bigint & { readonly [unitBrand]: "units" };
/** A pool or tranche factor, 1e18 = 1.0. */
export type Factor = bigint & { readonly [unitBrand]: "factor" };

export const UNITS_PER_USD = 1_000_000n;
export const FACTOR_ONE = 10n ** 18n;

export function units(value: bigint): Units {
  if (value < 0n) throw new InvalidInputError("amount", `must not be negative (got ${value})`);
  return value as Units;
}

/** Whole cents (as stored on loan records) to settlement units. */
export function centsToUnits(cents: number | bigint): Units {
  const c = BigInt(cents);
  return units(c * (UNITS_PER_USD / 100n));
}

/** Parses "1,234,567.89" or "1234567.89" (at most 6 decimals) into units, exactly. */
export function parseUsd(text: string, input = "amount"): Units {
  const clean = text.trim().replaceAll(",", "");
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(clean);
  if (match === null) throw new InvalidInputError(input, `"${text}" is not a USD amount like 1,234.56`);
  const whole = BigInt(match[1]!);
  const fraction = BigInt((match[2] ?? "").padEnd(6, "0"));
  return units(whole * UNITS_PER_USD + fraction);
}

/** 1234567890000n → "1,234,567.89" (cents; truncated, never rounded up). */
export function formatUsd(amount: bigint, decimals = 2): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / UNITS_PER_USD;
  const fraction = (abs % UNITS_PER_USD).toString().padStart(6, "0").slice(0, decimals);
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${decimals > 0 ? `.${fraction}` : ""}`;
}

/** Whole cents → "1,234,567.89" (deal faces, UPB). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${dollars}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** 990000000000000000n → "0.99000000" (truncated to 8 decimals, the agency factor convention). */
export function formatFactor(factor: bigint, decimals = 8): string {
  const whole = factor / FACTOR_ONE;
  const fraction = (factor % FACTOR_ONE).toString().padStart(18, "0").slice(0, decimals);
  return `${whole}.${fraction}`;
}

/** Amount per 1,000 of original face, the trustee-statement convention, to 8 decimals. */
export function per1000(amount: bigint, originalFace: bigint): string {
  if (originalFace === 0n) return "0.00000000";
  const scaled = (amount * 1000n * 10n ** 8n) / originalFace;
  const whole = scaled / 10n ** 8n;
  return `${whole}.${(scaled % 10n ** 8n).toString().padStart(8, "0")}`;
}

/** Cents → token units of a token with `decimals` (≥ 2) decimals. */
export function centsToTokenUnits(cents: bigint, decimals: number): bigint {
  if (!Number.isInteger(decimals) || decimals < 2) throw new RangeError(`a token with ${decimals} decimals cannot carry cents`);
  return cents * 10n ** BigInt(decimals - 2);
}


/** Digits of whole dollars an amount may have: up to $9,999,999,999,999,999.99. */
const MAX_USD_DIGITS = 16;
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
  const plain = text.replaceAll(",", "").replaceAll("_", "");
  const match = USD.exec(plain);
  if (match === null) {
    // Say what is wrong with it: a JSON number like 1e26 reaches us as "1e+26".
    const scientific = /^(\d+)(?:\.(\d*))?[eE]\+?(-?\d+)$/.exec(plain);
    const wholeDigits = scientific === null ? (/^(\d+)(?:\.\d*)?$/.exec(plain)?.[1]?.length ?? 0) : scientific[1]!.length + Number(scientific[3]);
    if (wholeDigits > MAX_USD_DIGITS) {
      return { ok: false, reason: `too large: ${text} dollars has ${wholeDigits} digits before the decimal point, more than any deal (at most ${MAX_USD_DIGITS})` };
    }
    if (scientific !== null) return { ok: false, reason: `write the amount in plain digits, not as ${text}: "1250000.00"` };
    return { ok: false, reason: "expected dollars with at most two decimals, such as \"1000000.00\"" };
  }
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

/**
 * An amount of a token with `decimals` decimals, grouped by thousands, with at least cents where the token has them
 * and every finer digit that is not zero: 10000000000n, 6 → "10,000.00"; 1n, 6 → "0.000001"; 1234n, 0 → "1,234".
 */
export function formatTokenUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = decimals === 0 ? "" : (abs % scale).toString().padStart(decimals, "0").replace(/0+$/, "").padEnd(Math.min(2, decimals), "0");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** Unix seconds → "2027-01-31 23:59:59 UTC". */
export function formatUtc(seconds: number | bigint): string {
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** ppm → "5.125%". */
export function formatPpm(ppm: number): string {
  return `${(ppm / 10_000).toString()}%`;
}
