import { InvalidInputError } from "../../errors.js";
import { OUTPUT_UNITS, parseCurve, parseNumberOption, settlementFromOptions } from "../commands.js";
import type { OptionText } from "../commands.js";
import type { DefaultAssumption } from "../defaults.js";
import type { CashFlowTable } from "../passthrough.js";
import type { PoolTerms } from "../pool.js";
import type { CurvePoint } from "../risk.js";
import { accruedPer100 } from "../yield.js";
import { oasEffectiveMeasures, optionAdjustedSpread } from "./oas.js";
import type { OasInput } from "./oas.js";
import { FITTED_PREPAY_MODEL } from "./prepaymodel.js";
import type { PrepayModelParams } from "./prepaymodel.js";
import { modelReprojection } from "./reproject.js";

/**
 * What `mbs oas` and the `--reproject` option of `mbs price|yield` do, from their option strings.
 * Command-line units: price per 100 of current face, rates and volatility in percent, shift in bp.
 */

export interface OasOptions {
  price: OptionText;
  settle: OptionText;
  delay: OptionText;
  /** Flat zero rate, % continuously compounded (`--zero-rate`, exclusive with `zeroCurve`). */
  zeroRate: OptionText;
  /** Zero curve `years:rate%,…`, continuously compounded (`--zero-curve`). */
  zeroCurve: OptionText;
  mortgageRate: OptionText;
  volatility: OptionText;
  meanReversion: OptionText;
  paths: OptionText;
  seed: OptionText;
  shift: OptionText;
}

/** Today's market mortgage rate (percent), the refinancing alternative the prepayment model compares with. */
export function mortgageRateFromOption(text: OptionText): number {
  if (text === undefined) throw new InvalidInputError("--mortgage-rate", "is required (today's market mortgage rate, %)");
  const rate = parseNumberOption("mortgage-rate", text);
  if (!(rate > 0 && rate < 100)) throw new InvalidInputError("--mortgage-rate", `must be a rate in (0, 100) %, got ${rate}`);
  return rate;
}

function zeroCurveFromOptions(rate: OptionText, curve: OptionText): CurvePoint[] {
  if ((rate === undefined) === (curve === undefined)) {
    throw new InvalidInputError("--zero-rate/--zero-curve", "give exactly one benchmark: a flat --zero-rate or a --zero-curve");
  }
  if (rate !== undefined) return [{ years: 1, rate: parseNumberOption("zero-rate", rate) / 100 }];
  const points = parseCurve(curve as string, "zero-curve");
  points.forEach((p, i) => {
    if (i > 0 && p.years <= (points[i - 1] as CurvePoint).years) {
      throw new InvalidInputError(`--zero-curve point ${i + 1}`, "maturities must increase");
    }
  });
  return points;
}

function wholeNumber(name: string, text: OptionText, fallback: number, min: number): number {
  const value = text === undefined ? fallback : parseNumberOption(name, text);
  if (!Number.isInteger(value) || value < min) throw new InvalidInputError(`--${name}`, `must be a whole number ≥ ${min}, got ${value}`);
  return value;
}

export interface OasCommandInput {
  input: OasInput;
  /** Parallel shift for the effective measures, decimal. */
  shift: number;
}

/** Defaults: delay 24 days, volatility 1 % (100 bp a year), mean reversion 5 %, 512 paths, seed 1, shift 25 bp. */
export function oasInputFromOptions(pool: PoolTerms, o: OasOptions, model: PrepayModelParams = FITTED_PREPAY_MODEL): OasCommandInput {
  if (o.price === undefined) throw new InvalidInputError("--price", "is required (clean price per 100 of current face)");
  const price = parseNumberOption("price", o.price);
  if (!(price > 0)) throw new InvalidInputError("--price", `must be positive, got ${price}`);
  const volatility = o.volatility === undefined ? 0.01 : parseNumberOption("volatility", o.volatility) / 100;
  if (volatility < 0) throw new InvalidInputError("--volatility", `must not be negative, got ${volatility * 100} %`);
  const meanReversion = o.meanReversion === undefined ? 0.05 : parseNumberOption("mean-reversion", o.meanReversion);
  if (meanReversion < 0) throw new InvalidInputError("--mean-reversion", `must not be negative, got ${meanReversion}`);
  const paths = wholeNumber("paths", o.paths, 512, 2);
  // Paths come in antithetic pairs (shortrate.ts), so an odd count cannot be honoured exactly.
  if (paths % 2 !== 0) throw new InvalidInputError("--paths", `must be even (antithetic pairs), got ${paths}`);
  const shift = o.shift === undefined ? 0.0025 : parseNumberOption("shift", o.shift) / 10_000;
  if (!(shift > 0)) throw new InvalidInputError("--shift", `must be positive, got ${shift * 10_000} bp`);
  return {
    input: {
      pool, price,
      ...settlementFromOptions(o),
      prepayModel: model,
      mortgageRatePct: mortgageRateFromOption(o.mortgageRate),
      zeroCurve: zeroCurveFromOptions(o.zeroRate, o.zeroCurve),
      shortRate: { meanReversion, volatility },
      pairs: paths / 2,
      seed: wholeNumber("seed", o.seed, 1, 0),
    },
    shift,
  };
}

export interface OasCommandResult {
  price: number;
  accrued: number;
  /** Spreads in basis points, continuously compounded over the zero curve. */
  oasBp: number;
  zSpreadBp: number;
  optionCostBp: number;
  /** Mean weighted-average life over the paths, years. */
  averageLife: number;
  /** At constant OAS, curve and mortgage rate shifted by ± shiftBp. */
  effectiveDuration: number;
  effectiveConvexity: number;
  shiftBp: number;
  paths: number;
  seed: number;
  prepayModel: PrepayModelParams;
}

export function runOas({ input, shift }: OasCommandInput): OasCommandResult {
  const r = optionAdjustedSpread(input);
  const e = oasEffectiveMeasures(input, r.oas, shift);
  return {
    price: input.price,
    accrued: accruedPer100(input.pool.passThroughRate, input.settlement),
    oasBp: r.oas * 10_000, zSpreadBp: r.zeroVolatilitySpread * 10_000, optionCostBp: r.optionCost * 10_000,
    averageLife: r.averageLife, effectiveDuration: e.effectiveDuration, effectiveConvexity: e.effectiveConvexity,
    shiftBp: shift * 10_000, paths: r.paths, seed: input.seed ?? 1, prepayModel: input.prepayModel,
  };
}

/** `mbs oas --json`: spreads in bp, effective convexity ÷ 100 like the table; model parameters as fitted. */
export function oasForOutput(r: OasCommandResult): Record<string, unknown> {
  return { units: OUTPUT_UNITS, ...r, effectiveConvexity: r.effectiveConvexity / 100 };
}

export function formatOas(r: OasCommandResult): string {
  const lines: [string, string][] = [
    ["price", r.price.toFixed(6)],
    ["accrued", r.accrued.toFixed(6)],
    ["OAS", `${r.oasBp.toFixed(1)} bp`],
    ["Z-spread (zero volatility)", `${r.zSpreadBp.toFixed(1)} bp`],
    ["option cost", `${r.optionCostBp.toFixed(1)} bp`],
    ["average life", `${r.averageLife.toFixed(3)} years`],
    [`effective duration (±${r.shiftBp} bp, constant OAS)`, r.effectiveDuration.toFixed(4)],
    ["effective convexity (÷100)", (r.effectiveConvexity / 100).toFixed(6)],
    ["paths", `${r.paths} (seed ${r.seed})`],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

export interface ReprojectOptions {
  reproject: boolean;
  mortgageRate: OptionText;
}

/** `--reproject` (with `--mortgage-rate`) for `mbs price|yield`; undefined keeps fixed cash flows. */
export function reprojectionFromOptions(
  pool: PoolTerms,
  table: CashFlowTable,
  defaults: DefaultAssumption | undefined,
  o: ReprojectOptions,
  model: PrepayModelParams = FITTED_PREPAY_MODEL,
): ((shift: number) => CashFlowTable) | undefined {
  if (!o.reproject) {
    if (o.mortgageRate !== undefined) throw new InvalidInputError("--mortgage-rate", "is used only with --reproject");
    return undefined;
  }
  return modelReprojection(pool, table, defaults, model, mortgageRateFromOption(o.mortgageRate));
}
