/**
 * Command-line input and output of the market commands: expiry as a duration or an ISO time, the
 * book and fills as text a desk reads (prices in 32nds when whole ticks, money with commas).
 */
import { InvalidInputError } from "../errors.js";
import { formatUsd } from "../units.js";
import type { Book } from "./orders.js";
import { formatPrice, formatThirtySeconds } from "./price.js";

const UNIT_SECONDS: Record<string, bigint> = { m: 60n, h: 3_600n, d: 86_400n, w: 604_800n };

/** "7d", "12h", "30m", "2w" from `now`, or an ISO 8601 time with a zone ("2027-04-01T16:00:00Z"). */
export function parseExpiry(text: string, now: bigint, input = "--expiry"): bigint {
  const t = text.trim();
  const duration = /^(\d+)([mhdw])$/.exec(t);
  if (duration !== null) {
    const seconds = BigInt(duration[1]!) * UNIT_SECONDS[duration[2]!]!;
    if (seconds === 0n) throw new InvalidInputError(input, `"${text}": must be in the future`);
    return now + seconds;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    throw new InvalidInputError(input, `"${text}" is neither a duration (30m, 12h, 7d, 2w) nor an ISO time with a zone (2027-04-01T16:00:00Z)`);
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new InvalidInputError(input, `"${text}" is not a real time`);
  const at = BigInt(Math.floor(ms / 1000));
  if (at <= now) throw new InvalidInputError(input, `${t} is not after the chain's time (${new Date(Number(now) * 1000).toISOString()})`);
  return at;
}

/** "101-16+ (101.51562500)" or "101.12345678". */
export function showPrice(units: bigint): string {
  const ticks = formatThirtySeconds(units);
  return ticks === undefined ? formatPrice(units) : `${ticks} (${formatPrice(units)})`;
}

export function formatBook(book: Book): string {
  const lines = [`book of ${book.token} on ${book.market}`, "", "  bids (best first)                      asks (best first)"];
  const rows = Math.max(book.bids.length, book.asks.length, 1);
  for (let i = 0; i < rows; i++) {
    const side = (level: Book["bids"][number] | undefined) =>
      level === undefined ? "".padEnd(38) : `${formatUsd(level.amount).padStart(16)} @ ${showPrice(level.price).padEnd(19)}`;
    lines.push(`  ${side(book.bids[i])}  ${side(book.asks[i])}`);
  }
  lines.push("", `last ${book.trades.length} trade(s)`);
  for (const t of book.trades) {
    lines.push(
      `  block ${t.block}  ${formatUsd(t.amount)} face (${formatUsd(t.currentFace)} current) @ ${showPrice(t.price)}  ` +
        `principal ${formatUsd(t.principal)} + accrued ${formatUsd(t.accrued)}  ${t.seller} → ${t.buyer}`,
    );
  }
  return lines.join("\n");
}

/** bigint-safe JSON (amounts as decimal strings). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** `--order`: a positive whole number. */
export function parseOrderId(text: string, input = "--order"): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new InvalidInputError(input, `"${text}" is not an order id (a whole number from 1)`);
  return BigInt(text.trim());
}
