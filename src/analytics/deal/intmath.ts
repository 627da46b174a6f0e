/**
 * The integer arithmetic of the waterfall. Every function here is one line of Solidity away:
 * `uint256` products, one division, rounding always toward zero (floor, as every operand is
 * non-negative). The on-chain waterfall must use exactly these formulas so the two agree to
 * the unit.
 */

/** Rates and ratios are integers in parts per million: 1_000_000 = 100 %, 75_000 = 7.5 %. */
export const PPM = 1_000_000n;

/** 30/360: every month is 30 days of a 360-day year, so a month's accrual is rate / 12. */
export const MONTHS_PER_YEAR = 12n;

/** floor(a × b / d) for non-negative integers; d > 0. */
export function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d;
}

/** One month of interest at an annual rate, 30/360: floor(balance × ratePpm / 12_000_000). */
export function monthlyAccrual(balance: bigint, annualRatePpm: bigint): bigint {
  return (balance * annualRatePpm) / (PPM * MONTHS_PER_YEAR);
}

/** floor(amount × ppm / 1_000_000): a percentage of an amount, rounded down. */
export function ppmOf(amount: bigint, ratioPpm: bigint): bigint {
  return (amount * ratioPpm) / PPM;
}

/** `numerator / denominator > thresholdPpm / 1e6`, decided exactly by cross-multiplication. */
export function exceedsPpm(numerator: bigint, denominator: bigint, thresholdPpm: bigint): boolean {
  return numerator * PPM > thresholdPpm * denominator;
}

/** floor(numerator × 1e6 / denominator) for display; 0 when the denominator is 0. */
export function ratioPpm(numerator: bigint, denominator: bigint): bigint {
  return denominator === 0n ? 0n : (numerator * PPM) / denominator;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function sumBig(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/**
 * Pays `amount` to claims in list order, each up to its cap. Returns what each got; the
 * caller keeps `amount − Σ paid` (non-zero only when every cap is met).
 */
export function allocateSequential(amount: bigint, caps: readonly bigint[]): bigint[] {
  let left = amount;
  return caps.map((cap) => {
    const paid = minBig(left, cap);
    left -= paid;
    return paid;
  });
}

/**
 * Splits `amount` pro rata to `weights`, each share capped at `caps[i]`:
 *   1. share_i = floor(min(amount, Σ caps) × weight_i / Σ weights), capped at caps_i;
 *   2. the remainder (the dust, fewer units than there are claims whenever weights == caps)
 *      goes to the claims in list order, each up to its remaining cap.
 * So nothing is created or lost: Σ shares == min(amount, Σ caps).
 */
export function allocateProRata(amount: bigint, weights: readonly bigint[], caps: readonly bigint[]): bigint[] {
  const totalCap = sumBig(caps);
  const distributable = minBig(amount, totalCap);
  const totalWeight = sumBig(weights);
  if (distributable === 0n || totalWeight === 0n) return allocateSequential(distributable, caps);
  const shares = weights.map((w, i) => minBig(mulDivFloor(distributable, w, totalWeight), caps[i] ?? 0n));
  const dust = distributable - sumBig(shares);
  const topUp = allocateSequential(
    dust,
    shares.map((s, i) => (caps[i] ?? 0n) - s),
  );
  return shares.map((s, i) => s + (topUp[i] ?? 0n));
}
