import { expect } from "chai";
import { InvalidInputError } from "../../../src/errors.js";
import { poolFromOptions, prepayFromOptions, runCashflows, runPricing } from "../../../src/analytics/commands.js";
import { parseDate } from "../../../src/analytics/dates.js";
import { oasInputFromOptions, reprojectionFromOptions } from "../../../src/analytics/oas/command.js";
import type { OasOptions } from "../../../src/analytics/oas/command.js";
import { oasEffectiveMeasures, optionAdjustedSpread } from "../../../src/analytics/oas/oas.js";
import type { OasInput } from "../../../src/analytics/oas/oas.js";
import { FITTED_PREPAY_MODEL } from "../../../src/analytics/oas/prepaymodel.js";
import { effectiveMeasures } from "../../../src/analytics/risk.js";
import { preparePricing } from "../../../src/analytics/yield.js";
import oasAction from "../../../src/tasks/actions/oas.js";
import "../../helpers/chai-float.js";

const poolOptions = { balance: "1000000", wac: "6.5", net: "6", term: undefined, wam: "357", age: undefined };
const oasOptions: OasOptions = {
  price: "101", settle: "2026-03-18", delay: "24", zeroRate: "4.5", zeroCurve: undefined, mortgageRate: "6.3",
  volatility: "1", meanReversion: "0.05", paths: "64", seed: "7", shift: "25",
};
// The same problem written directly in the library's units.
const libraryInput: OasInput = {
  pool: { balance: 1_000_000, grossWac: 0.065, passThroughRate: 0.06, originalTerm: 360, wam: 357 },
  price: 101, settlement: parseDate("settlement", "2026-03-18"), delayDays: 24,
  prepayModel: FITTED_PREPAY_MODEL, mortgageRatePct: 6.3, zeroCurve: [{ years: 1, rate: 0.045 }],
  shortRate: { meanReversion: 0.05, volatility: 0.01 }, pairs: 32, seed: 7,
};

/** Runs the `mbs oas` action and returns what it printed and the exit code it set. */
async function runAction(options: OasOptions, json: boolean): Promise<{ out: string[]; err: string[]; exitCode: typeof process.exitCode }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error, previous] = [console.log, console.error, process.exitCode];
  console.log = (message: string) => { out.push(message); };
  console.error = (message: string) => { err.push(message); };
  try {
    await oasAction({ ...poolOptions, ...options, json });
    return { out, err, exitCode: process.exitCode };
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = previous;
  }
}

describe("mbs oas", () => {
  it("reads percent rates, halves the paths into antithetic pairs and defaults delay, volatility and shift", () => {
    const { input, shift } = oasInputFromOptions(poolFromOptions(poolOptions), {
      ...oasOptions, delay: undefined, volatility: undefined, meanReversion: undefined, paths: undefined, seed: undefined, shift: undefined,
    });
    expect(input.price).to.equal(101);
    expect(input.delayDays).to.equal(24);
    expect(input.zeroCurve).to.deep.equal([{ years: 1, rate: 0.045 }]);
    expect(input.mortgageRatePct).to.equal(6.3);
    expect(input.shortRate).to.deep.equal({ meanReversion: 0.05, volatility: 0.01 });
    expect(input.pairs).to.equal(256);
    expect(input.seed).to.equal(1);
    expect(shift).to.equal(0.0025);
  });

  it("takes a zero curve in place of a flat rate, but not both", () => {
    const { input } = oasInputFromOptions(poolFromOptions(poolOptions), { ...oasOptions, zeroRate: undefined, zeroCurve: "1:4,10:5" });
    expect(input.zeroCurve).to.deep.equal([{ years: 1, rate: 0.04 }, { years: 10, rate: 0.05 }]);
    expect(() => oasInputFromOptions(poolFromOptions(poolOptions), { ...oasOptions, zeroCurve: "1:4" }))
      .to.throw(InvalidInputError, /^--zero-rate\/--zero-curve: give exactly one/);
    expect(() => oasInputFromOptions(poolFromOptions(poolOptions), { ...oasOptions, zeroRate: undefined, zeroCurve: "10:4,1:5" }))
      .to.throw(InvalidInputError, /^--zero-curve point 2: maturities must increase/);
  });

  it("names each impossible option and says why", () => {
    const pool = poolFromOptions(poolOptions);
    const cases: [Partial<OasOptions>, RegExp][] = [
      [{ price: undefined }, /^--price: is required/],
      [{ price: "-1" }, /^--price: must be positive/],
      [{ settle: "2026-02-30" }, /^--settle: 2026-02-30 is not a calendar date/],
      [{ mortgageRate: undefined }, /^--mortgage-rate: is required/],
      [{ mortgageRate: "100" }, /^--mortgage-rate: must be a rate in \(0, 100\)/],
      [{ volatility: "-0.5" }, /^--volatility: must not be negative/],
      [{ paths: "63" }, /^--paths: must be even/],
      [{ paths: "0" }, /^--paths: must be a whole number ≥ 2/],
      [{ delay: "1.5" }, /^--delay: must be a whole number of days, got 1.5 days$/],
      [{ shift: "0" }, /^--shift: must be positive/],
      [{ seed: "abc" }, /^--seed: expected a number/],
    ];
    for (const [change, message] of cases) {
      expect(() => oasInputFromOptions(pool, { ...oasOptions, ...change }), JSON.stringify(change)).to.throw(InvalidInputError, message);
    }
  });

  it("prints the library's OAS, Z-spread, option cost and effective measures for the same inputs", async () => {
    const { out, exitCode } = await runAction(oasOptions, true);
    expect(exitCode).to.equal(undefined);
    const printed = JSON.parse(out.join("\n")) as Record<string, number>;
    const r = optionAdjustedSpread(libraryInput);
    const e = oasEffectiveMeasures(libraryInput, r.oas, 0.0025);
    expect(printed.oasBp).to.be.closeToNumber(r.oas * 10_000, 1e-9);
    expect(printed.zSpreadBp).to.be.closeToNumber(r.zeroVolatilitySpread * 10_000, 1e-9);
    expect(printed.optionCostBp).to.be.closeToNumber(r.optionCost * 10_000, 1e-9);
    expect(printed.averageLife).to.be.closeToNumber(r.averageLife, 1e-12);
    expect(printed.effectiveDuration).to.be.closeToNumber(e.effectiveDuration, 1e-12);
    expect(printed.effectiveConvexity).to.be.closeToNumber(e.effectiveConvexity / 100, 1e-9);
    expect(printed.paths).to.equal(64);
  });

  it("prints the table with the spreads in basis points", async () => {
    const { out } = await runAction(oasOptions, false);
    const r = optionAdjustedSpread(libraryInput);
    const table = out.join("\n");
    expect(table).to.match(new RegExp(`^OAS +${(r.oas * 10_000).toFixed(1)} bp$`, "m"));
    expect(table).to.match(new RegExp(`^Z-spread \\(zero volatility\\) +${(r.zeroVolatilitySpread * 10_000).toFixed(1)} bp$`, "m"));
    expect(table).to.match(new RegExp(`^option cost +${(r.optionCost * 10_000).toFixed(1)} bp$`, "m"));
  });

  it("reports an impossible input with exit code 1 instead of a result", async () => {
    const { out, err, exitCode } = await runAction({ ...oasOptions, paths: "63" }, true);
    expect(exitCode).to.equal(1);
    expect(out).to.deep.equal([]);
    expect(err).to.deep.equal(["error: --paths: must be even (antithetic pairs), got 63"]);
  });
});

describe("mbs price --reproject", () => {
  const pool = poolFromOptions({ ...poolOptions, wac: "6.5", net: "6" });
  const { table } = runCashflows(pool, prepayFromOptions({ psa: "150", cpr: undefined, smm: undefined, vectorUnit: undefined }));
  const pricing = { settle: "2026-03-18", delay: "24", price: undefined, yield: "5", curve: undefined, shift: undefined };

  it("keeps fixed cash flows by default and refuses a mortgage rate without --reproject", () => {
    expect(reprojectionFromOptions(pool, table, undefined, { reproject: false, mortgageRate: undefined })).to.equal(undefined);
    expect(() => reprojectionFromOptions(pool, table, undefined, { reproject: false, mortgageRate: "6" }))
      .to.throw(InvalidInputError, /^--mortgage-rate: is used only with --reproject/);
    expect(() => reprojectionFromOptions(pool, table, undefined, { reproject: true, mortgageRate: undefined }))
      .to.throw(InvalidInputError, /^--mortgage-rate: is required/);
  });

  it("reprices reprojected cash flows: same price, shorter effective duration, negative convexity", () => {
    const reproject = reprojectionFromOptions(pool, table, undefined, { reproject: true, mortgageRate: "6" });
    const fixed = runPricing(table, 0.06, pricing);
    const moving = runPricing(table, 0.06, pricing, reproject);
    expect(fixed.effectiveCashFlows).to.equal("fixed");
    expect(moving.effectiveCashFlows).to.equal("reprojected");
    expect(moving.price).to.equal(fixed.price);
    expect(moving.effective.effectiveDuration).to.be.below(fixed.effective.effectiveDuration);
    expect(moving.effective.effectiveConvexity).to.be.below(0);
    // The command's numbers are the library's: effectiveMeasures with the reprojection hook.
    const prepare = (t: typeof table) => preparePricing({
      cashFlow: t.cashFlow, principal: t.totalPrincipal, face: 1_000_000, coupon: 0.06, settlement: parseDate("s", "2026-03-18"), delayDays: 24,
    });
    const expected = effectiveMeasures(prepare(table), 0.05, 0.0025, (s) => prepare((reproject as (s: number) => typeof table)(s)));
    expect(moving.effective.effectiveDuration).to.be.closeToNumber(expected.effectiveDuration, 1e-12);
    expect(moving.effective.effectiveConvexity).to.be.closeToNumber(expected.effectiveConvexity, 1e-9);
  });
});
