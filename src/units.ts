/**
 * Typed money units on the way to and from the chain. Face and cash share the settlement token's
 * 6 decimals (1 USD = 1_000_000 units); the factor is 1e18-scaled (1.0 = 10^18), shown with 8
 * decimals as on agency factor files.
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
