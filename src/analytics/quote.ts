import { InvalidInputError } from "../errors.js";
import { RANGES, asOptions, numberOption, parseCurve, prepayFromOptions, settlementFromOptions } from "./commands.js";
import type { OptionText, SpeedOptions } from "./commands.js";
import type { CalendarDate } from "./dates.js";
import { projectPassThrough } from "./passthrough.js";
import { interpolate, riskMeasures, spreadToCurve } from "./risk.js";
import type { CurvePoint } from "./risk.js";
import type { PrepaySpec } from "./speeds.js";
import { preparePricing, priceFromYield, yieldFromPrice } from "./yield.js";

/**
 * `mbs quote`: a price, yield and WAL for a class token at its CURRENT factor. The class is projected as a
 * pass-through of its current face at the class coupon (net) and the loans' WAC over the remaining term
 * (WAM) at the given prepayment speed, then priced with the same SIFMA yield and 30/360 accrual as
 * `mbs price | yield`. Exact for a pass-through deal's class; a sequential CMO class pays on the waterfall's
 * schedule instead (use `mbs deal-cashflows` for its flows). Units as on the command line: percent for
 * rates and yields, bp for spreads, per 100 of current face for prices, currency units for faces.
 */

/** What the chain says about the class (src/market/quote.ts reads it), in currency units. */
export interface ClassFacts {
  /** The class's original face (the token's total supply), currency units. */
  originalFace: number;
  /** Outstanding principal of the class (the token's currentFace()), currency units. */
  currentFace: number;
  /** Annual coupon from the LoanPool record or the waterfall's class terms, decimal (0.055 = 5.5 %); absent if unknown. */
  coupon?: number;
}

/** How the quote is struck: exactly one of a price, a yield, or a spread over a benchmark curve. */
export type QuoteBasis =
  | { kind: "price"; price: number }
  | { kind: "yield"; yield: number }
  | { kind: "spread"; spreadBp: number; curve: readonly CurvePoint[] };

export interface ClassQuoteInput {
  facts: ClassFacts;
  /** Class coupon, decimal: overrides facts.coupon (one of them is required). */
  coupon?: number;
  /** Gross WAC of the loans behind the class, decimal (default: the coupon, i.e. no servicing strip). */
  wac?: number;
  /** Original loan term, months (default 360). */
  term?: number;
  /** Remaining term, months. */
  wam: number;
  prepay: PrepaySpec;
  settlement: CalendarDate;
  delayDays: number;
  basis: QuoteBasis;
  /** Benchmark curve for the reported spread (required for a spread basis; taken from it then). */
  curve?: readonly CurvePoint[];
}

export interface ClassQuote {
  /** Current face ÷ original face. */
  factor: number;
  originalFace: number;
  currentFace: number;
  /** Coupon used, percent. */
  coupon: number;
  wam: number;
  /** Clean price per 100 of current face. */
  price: number;
  accrued: number;
  fullPrice: number;
  /** Bond-equivalent yield, percent. */
  yield: number;
  /** Weighted-average life, years. */
  wal: number;
  modifiedDuration: number;
  /** Nominal spread to the benchmark at the WAL, bp (with a curve). */
  spreadBp?: number;
  /** What the whole class costs at this price: current face × full price ÷ 100, currency units. */
  marketValue: number;
}

/** Prices a class at its current factor from a price, a yield or a spread; no chain involved. */
export function quoteClass(input: ClassQuoteInput): ClassQuote {
  const { facts } = input;
  if (!(facts.originalFace > 0)) throw new InvalidInputError("original face", `the class has no original face (${facts.originalFace})`);
  if (!(facts.currentFace >= 0) || facts.currentFace > facts.originalFace) {
    throw new InvalidInputError("current face", `must be from 0 up to the original face ${facts.originalFace}, got ${facts.currentFace}`);
  }
  if (facts.currentFace === 0) throw new InvalidInputError("current face", "the class is paid off (factor 0): there is nothing to price");
  const coupon = input.coupon ?? facts.coupon;
  if (coupon === undefined) throw new InvalidInputError("--coupon", "is required: the chain gave no coupon for this class (give --pool or --coupon, %)");
  const wac = input.wac ?? coupon;
  if (wac < coupon) throw new InvalidInputError("--wac", `the loans' WAC ${wac * 100} % is below the class coupon ${coupon * 100} %`);
  const term = input.term ?? 360;
  if (input.wam > term) throw new InvalidInputError("--wam", `${input.wam} months exceeds --term ${term} months`);
  const table = projectPassThrough(
    { balance: facts.currentFace, grossWac: wac, passThroughRate: coupon, originalTerm: term, wam: input.wam },
    { prepay: input.prepay },
  );
  const p = preparePricing({
    cashFlow: table.cashFlow, principal: table.totalPrincipal, face: facts.currentFace,
    coupon, settlement: input.settlement, delayDays: input.delayDays,
  });
  // WAL depends on the principal flows only, so a spread basis finds its benchmark point before the yield.
  const wal = riskMeasures(p, coupon).wal;
  const b = input.basis;
  const curve = b.kind === "spread" ? b.curve : input.curve;
  let bey: number;
  if (b.kind === "yield") bey = b.yield;
  else if (b.kind === "spread") {
    spreadToCurve(0, wal, b.curve); // validates the curve
    bey = interpolate(b.curve, wal) + b.spreadBp / 10_000;
  } else bey = asOptions({ price: "--price" }, () => yieldFromPrice(p, b.price));
  const price = b.kind === "price" ? b.price : priceFromYield(p, bey);
  const risk = riskMeasures(p, bey);
  const quote: ClassQuote = {
    factor: facts.currentFace / facts.originalFace,
    originalFace: facts.originalFace,
    currentFace: facts.currentFace,
    coupon: coupon * 100,
    wam: input.wam,
    price,
    accrued: p.accrued,
    fullPrice: price + p.accrued,
    yield: bey * 100,
    wal: risk.wal,
    modifiedDuration: risk.modifiedDuration,
    marketValue: (facts.currentFace * (price + p.accrued)) / 100,
  };
  if (curve !== undefined) quote.spreadBp = spreadToCurve(bey, risk.wal, curve) * 10_000;
  return quote;
}

/** `mbs quote`'s options as Hardhat hands them over (speed options as in every analytics command). */
export interface QuoteOptions extends SpeedOptions {
  settle: OptionText;
  delay: OptionText;
  price: OptionText;
  yield: OptionText;
  spread: OptionText;
  curve: OptionText;
  coupon: OptionText;
  wac: OptionText;
  term: OptionText;
  wam: OptionText;
  age: OptionText;
}

/** Parses the options (errors name the option in its unit) and quotes the class the chain described. */
export function quoteFromOptions(facts: ClassFacts, o: QuoteOptions): ClassQuote {
  const given = (["price", "yield", "spread"] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) throw new InvalidInputError("price/yield/spread", `give exactly one of --price, --yield and --spread${given.length ? ` (got ${given.map((k) => `--${k}`).join(", ")})` : ""}`);
  const curve = o.curve === undefined ? undefined : parseCurve(o.curve);
  let basis: QuoteBasis;
  if (o.price !== undefined) basis = { kind: "price", price: numberOption("price", o.price, RANGES.money) };
  else if (o.yield !== undefined) basis = { kind: "yield", yield: numberOption("yield", o.yield, { unit: "%", min: -100, max: 1000 }) / 100 };
  else {
    if (curve === undefined) throw new InvalidInputError("--curve", "is required with --spread (the benchmark: years:yield %,…; one point for a flat rate, e.g. 10:4.25)");
    basis = { kind: "spread", spreadBp: numberOption("spread", o.spread, { unit: "bp", min: -10_000, max: 100_000 }), curve };
  }
  const term = numberOption("term", o.term, RANGES.term, 360);
  const age = o.age === undefined ? undefined : numberOption("age", o.age, { ...RANGES.months, max: term - 1 });
  if (o.wam !== undefined && age !== undefined) throw new InvalidInputError("--age", "give --wam or --age, not both");
  const wam = o.wam !== undefined ? numberOption("wam", o.wam, { ...RANGES.term, max: term }) : age !== undefined ? term - age : undefined;
  if (wam === undefined) throw new InvalidInputError("--wam", "is required: the remaining term of the loans, months (or give --age)");
  const input: ClassQuoteInput = {
    facts, term, wam, basis,
    prepay: prepayFromOptions(o),
    ...settlementFromOptions(o),
  };
  if (o.coupon !== undefined) input.coupon = numberOption("coupon", o.coupon, RANGES.percentRate) / 100;
  if (o.wac !== undefined) input.wac = numberOption("wac", o.wac, RANGES.percentRate) / 100;
  if (curve !== undefined) input.curve = curve;
  return quoteClass(input);
}

export function formatQuote(q: ClassQuote, label: string): string {
  const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines: [string, string][] = [
    ["class", label],
    ["factor", q.factor.toFixed(8)],
    ["current face", `${money(q.currentFace)} of ${money(q.originalFace)} original`],
    ["coupon", `${q.coupon} %`],
    ["WAM", `${q.wam} months`],
    ["price", q.price.toFixed(6)],
    ["accrued", q.accrued.toFixed(6)],
    ["full price", q.fullPrice.toFixed(6)],
    ["yield (BEY)", `${q.yield.toFixed(5)} %`],
    ["WAL", `${q.wal.toFixed(5)} years`],
    ["modified duration", q.modifiedDuration.toFixed(5)],
    ...(q.spreadBp === undefined ? [] : [["spread to curve", `${q.spreadBp.toFixed(1)} bp`] as [string, string]]),
    ["market value", money(q.marketValue)],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
