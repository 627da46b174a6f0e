import { InvalidInputError } from "../errors.js";

/**
 * Guards for analytics inputs. Each names the input and says why it is impossible, so a
 * command-line user sees `wam: 361 months exceeds the original term of 360` rather than NaNs.
 */

export function requireFinite(input: string, value: number): number {
  if (!Number.isFinite(value)) throw new InvalidInputError(input, `must be a finite number, got ${value}`);
  return value;
}

export function requireNonNegative(input: string, value: number): number {
  requireFinite(input, value);
  if (value < 0) throw new InvalidInputError(input, `must not be negative, got ${value}`);
  return value;
}

export function requirePositive(input: string, value: number): number {
  requireFinite(input, value);
  if (value <= 0) throw new InvalidInputError(input, `must be positive, got ${value}`);
  return value;
}

export function requireWholeMonths(input: string, value: number, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidInputError(input, `must be a whole number of months ≥ ${min}, got ${value}`);
  }
  return value;
}

/** An annual rate as a decimal: 0 ≤ rate < 1 (100 % or more is not a mortgage rate). */
export function requireAnnualRate(input: string, value: number): number {
  requireFinite(input, value);
  if (value < 0 || value >= 1) {
    throw new InvalidInputError(input, `annual rate must be in [0, 100%), got ${(value * 100).toString()}%`);
  }
  return value;
}

/** A probability-like fraction: 0 ≤ value ≤ 1. */
export function requireFraction(input: string, value: number): number {
  requireFinite(input, value);
  if (value < 0 || value > 1) throw new InvalidInputError(input, `must be between 0 and 1, got ${value}`);
  return value;
}
