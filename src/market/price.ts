/**
 * MBS prices as desks write them, exactly, to and from the market's units (per 100 of current face,
 * 8 decimals: `PRICE_SCALE`). Decimal ("101.5", "99.828125") or 32nds: "101-16" = 101 + 16/32,
 * "101-16+" = 101 + 16.5/32, "101-162" = 101 + (16 + 2/8)/32 (a third digit is eighths of a 32nd).
 * Every tick down to 1/256 of a point is exact at 8 decimals; anything finer is refused, never rounded.
 */
import { InvalidInputError } from "../errors.js";

export const PRICE_DECIMALS = 8;
export const PRICE_SCALE = 10n ** 8n;
/** One 32nd of a point in price units (0.03125 × 1e8). */
const THIRTY_SECOND = PRICE_SCALE / 32n;

/** Parses a price per 100 into price units; `input` names the option or field in errors. */
export function parsePrice(text: string, input = "--price"): bigint {
  const t = text.trim();
  const ticks = /^(\d{1,4})-(\d{2})(\+|[0-7])?$/.exec(t);
  if (ticks !== null) {
    const whole = BigInt(ticks[1]!);
    const thirtySeconds = BigInt(ticks[2]!);
    if (thirtySeconds > 31n) throw new InvalidInputError(input, `"${text}": ${ticks[2]} is not a number of 32nds (00–31)`);
    const eighths = ticks[3] === undefined ? 0n : ticks[3] === "+" ? 4n : BigInt(ticks[3]);
    const units = whole * PRICE_SCALE + thirtySeconds * THIRTY_SECOND + (eighths * THIRTY_SECOND) / 8n;
    return positive(units, text, input);
  }
  const decimal = /^(\d{1,4})(?:\.(\d+))?$/.exec(t);
  if (decimal === null) {
    throw new InvalidInputError(input, `"${text}" is not a price per 100 like 101.5, 101-16 or 101-16+`);
  }
  const fraction = decimal[2] ?? "";
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > PRICE_DECIMALS) {
    throw new InvalidInputError(input, `"${text}" has more than ${PRICE_DECIMALS} decimals (the finest tick is 1/256 = 0.00390625)`);
  }
  return positive(BigInt(decimal[1]!) * PRICE_SCALE + BigInt(significant.padEnd(PRICE_DECIMALS, "0") || "0"), text, input);
}

function positive(units: bigint, text: string, input: string): bigint {
  if (units === 0n) throw new InvalidInputError(input, `"${text}": a price must be above 0`);
  return units;
}

/** Price units → "101.50000000". */
export function formatPrice(units: bigint): string {
  return `${units / PRICE_SCALE}.${(units % PRICE_SCALE).toString().padStart(PRICE_DECIMALS, "0")}`;
}

/** Price units → "101-16+" when the price is a whole number of 64ths of a point ("101-162" for eighths), else undefined. */
export function formatThirtySeconds(units: bigint): string | undefined {
  const whole = units / PRICE_SCALE;
  const rest = units % PRICE_SCALE;
  const eighthTicks = THIRTY_SECOND / 8n; // 1/256 of a point
  if (rest % eighthTicks !== 0n) return undefined;
  const inEighths = rest / eighthTicks;
  const thirtySeconds = (inEighths / 8n).toString().padStart(2, "0");
  const eighths = inEighths % 8n;
  return `${whole}-${thirtySeconds}${eighths === 0n ? "" : eighths === 4n ? "+" : eighths.toString()}`;
}
