import { readFileSync } from "node:fs";
import { expect } from "chai";
import { InvalidInputError, ValidationError } from "../../src/errors.js";
import {
  averageSpeed, cashflowsForOutput, defaultsFromOptions, formatCashflows, formatTotalReturn, parsePoolsFile, reviewProjection, runTotalReturn, formatPricing, parseCurve, parseFactorHistory, parseVector, poolFromOptions,
  prepayFromOptions, runCashflows, runPricing, runSpeed,
} from "../../src/analytics/commands.js";
import cashflowsAction from "../../src/tasks/actions/cashflows.js";
import type { ProjectionArgs } from "../../src/tasks/actions/analytics-args.js";
import "../helpers/chai-float.js";

const noSpeed = { psa: undefined, cpr: undefined, smm: undefined, vectorUnit: undefined };
const fabozziOptions = { balance: "400000000", wac: "8.125", net: "7.5", term: "360", wam: "357", age: undefined };

describe("analytics commands", () => {
  describe("pool and speed options", () => {
    it("reads rates in percent and defaults the term to 360 and the net coupon to the WAC", () => {
      expect(poolFromOptions({ balance: "1000", wac: "6.5", net: undefined, term: undefined, wam: undefined, age: "12" }))
        .to.deep.equal({ balance: 1000, grossWac: 0.065, passThroughRate: 0.065, originalTerm: 360, age: 12 });
    });

    it("names an option that is not a number", () => {
      expect(() => poolFromOptions({ ...fabozziOptions, wac: "8,125" })).to.throw(InvalidInputError, /^--wac: expected a number, got "8,125"/);
      expect(() => poolFromOptions({ ...fabozziOptions, balance: undefined })).to.throw(InvalidInputError, /^--balance: is required/);
    });

    it("takes 100 % PSA when no speed is given, and CPR/SMM in percent", () => {
      expect(prepayFromOptions(noSpeed)).to.deep.equal({ kind: "psa", psa: 100 });
      expect(prepayFromOptions({ ...noSpeed, cpr: "6" })).to.deep.equal({ kind: "cpr", cpr: 0.06 });
      expect(prepayFromOptions({ ...noSpeed, smm: "0.5" })).to.deep.equal({ kind: "smm", smm: 0.005 });
    });

    it("refuses two speeds at once", () => {
      expect(() => prepayFromOptions({ ...noSpeed, psa: "100", cpr: "6" })).to.throw(InvalidInputError, /^speed: give one of/);
    });

    it("reads a vector file of CPRs in percent, skipping comments and blank lines", () => {
      const spec = prepayFromOptions({ ...noSpeed, vector: { file: "v.txt", text: "# ramp\n2, 4\n\n6 8\n" } });
      expect(spec).to.deep.equal({ kind: "vector", unit: "cpr", values: [0.02, 0.04, 0.06, 0.08] });
      const psa = prepayFromOptions({ ...noSpeed, vectorUnit: "psa", vector: { file: "v.txt", text: "150\n200" } });
      expect(psa).to.deep.equal({ kind: "vector", unit: "psa", values: [150, 200] });
    });

    it("reports every bad vector entry with its line", () => {
      try {
        parseVector("v.txt", "1\nx\n2 -3\n");
        expect.fail("parseVector accepted bad entries");
      } catch (error) {
        expect(error).to.be.instanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => [i.line, i.value])).to.deep.equal([[2, "x"], [3, "-3"]]);
      }
    });

    it("rejects an empty vector file", () => {
      expect(() => parseVector("v.txt", "# nothing\n")).to.throw(InvalidInputError, /^v\.txt: the speed vector is empty/);
    });

    it("builds the default assumption from --sda/--cdr, --severity and --lag", () => {
      expect(defaultsFromOptions({ sda: undefined, cdr: undefined, severity: undefined, lag: undefined, advance: false })).to.equal(undefined);
      expect(defaultsFromOptions({ sda: "100", cdr: undefined, severity: "20", lag: "12", advance: true }))
        .to.deep.equal({ rate: { kind: "sda", sda: 100 }, severity: 0.2, lagMonths: 12, advance: true });
      expect(defaultsFromOptions({ sda: undefined, cdr: "2", severity: undefined, lag: undefined, advance: false }))
        .to.deep.equal({ rate: { kind: "cdr", cdr: 0.02 }, severity: 0, lagMonths: 0, advance: false });
      expect(() => defaultsFromOptions({ sda: "100", cdr: "2", severity: undefined, lag: undefined, advance: false }))
        .to.throw(InvalidInputError, /^defaults: give one of --sda, --cdr, --mdr, --default-vector \(got --sda, --cdr\)/);
    });

    it("refuses --severity, --lag or --advance without a default rate instead of ignoring them", () => {
      expect(() => defaultsFromOptions({ sda: undefined, cdr: undefined, severity: "20", lag: "12", advance: true }))
        .to.throw(InvalidInputError, /^--severity: has no effect without a default rate/);
      expect(() => defaultsFromOptions({ sda: undefined, cdr: undefined, severity: undefined, lag: undefined, advance: true }))
        .to.throw(InvalidInputError, /^--advance: has no effect/);
    });

    it("reads --mdr in percent a month and a default-rate vector file in CDR %, SDA or MDR %", () => {
      expect(defaultsFromOptions({ sda: undefined, cdr: undefined, mdr: "1", severity: "20", lag: "12", advance: true }))
        .to.deep.equal({ rate: { kind: "mdr", mdr: 0.01 }, severity: 0.2, lagMonths: 12, advance: true });
      const file = { file: "cdr.txt", text: "# CDR %\n0.5 1 2\n" };
      expect(defaultsFromOptions({ sda: undefined, cdr: undefined, defaultVector: file, severity: "30", lag: "6", advance: false })?.rate)
        .to.deep.equal({ kind: "vector", unit: "cdr", values: [0.005, 0.01, 0.02] });
      expect(defaultsFromOptions({ sda: undefined, cdr: undefined, defaultVector: file, defaultVectorUnit: "sda", severity: "30", lag: "6", advance: false })?.rate)
        .to.deep.equal({ kind: "vector", unit: "sda", values: [0.5, 1, 2] });
      expect(() => defaultsFromOptions({ sda: undefined, cdr: undefined, defaultVector: { file: "m.txt", text: "1\n140\n" }, defaultVectorUnit: "mdr", severity: undefined, lag: undefined, advance: false }))
        .to.throw(ValidationError, /m\.txt:2 speed="140": above 100 %/);
    });

    it("speaks the option's units in range errors", () => {
      const d = { sda: "100", cdr: undefined, severity: undefined, lag: undefined, advance: false };
      expect(() => defaultsFromOptions({ ...d, severity: "140" })).to.throw(InvalidInputError, /^--severity: must be from 0 % up to 100 %, got 140 %$/);
      expect(() => defaultsFromOptions({ ...d, lag: "2.5" })).to.throw(InvalidInputError, /^--lag: must be a whole number of months, got 2.5 months$/);
      expect(() => poolFromOptions({ ...fabozziOptions, net: "9", wac: "8" }))
        .to.throw(InvalidInputError, /^--net: the pass-through rate 9 % exceeds the gross WAC \(--wac\) 8 %/);
      expect(() => poolFromOptions({ ...fabozziOptions, wam: "361" })).to.throw(InvalidInputError, /^--wam: must be from 1 months up to 360 months, got 361 months$/);
    });

    it("errs on a lag that removes every default, warns on doubtful inputs", () => {
      const pool = poolFromOptions({ ...fabozziOptions, wam: "300" });
      const defaults = (lag: string, severity?: string) => defaultsFromOptions({ sda: "100", cdr: undefined, severity, lag, advance: false });
      expect(() => reviewProjection(pool, defaults("400", "20"))).to.throw(InvalidInputError, /^--lag: 400 months leaves no month for defaults/);
      expect(() => reviewProjection(pool, defaults("300", "20"))).to.throw(InvalidInputError, /^--lag/);
      expect(reviewProjection(pool, defaults("12", "20"))).to.deep.equal([]);
      expect(reviewProjection(pool, defaults("12"))).to.deep.equal(["--severity is 0 %: defaulted loans are recovered in full, so the defaults cause no loss"]);
    });

    it("warns of vector values that would go unused and of a speed that prepays everything", () => {
      const pool = poolFromOptions({ ...fabozziOptions, wam: "24", term: "24" });
      const long = prepayFromOptions({ ...noSpeed, vector: { file: "v.txt", text: Array(30).fill("6").join(" ") } });
      expect(reviewProjection(pool, undefined, long)).to.deep.equal(["--vector has 30 monthly values but the pool has 24 months left: the last 6 are not used"]);
      expect(reviewProjection(pool, undefined, prepayFromOptions({ ...noSpeed, psa: "5000" }))[0]).to.match(/^the prepayment speed reaches 100 % CPR in month 10:/);
      const d = defaultsFromOptions({ sda: undefined, cdr: undefined, defaultVector: { file: "d.txt", text: Array(20).fill("1").join(" ") }, severity: "20", lag: "6", advance: false });
      expect(reviewProjection(pool, d)[0]).to.match(/^--default-vector has 20 monthly values but defaults can occur only in the first 18 months/);
    });

    it("reads --abs, --hep, --mhp, --ppc and a --ppc-curve", () => {
      expect(prepayFromOptions({ ...noSpeed, abs: "1.5" })).to.deep.equal({ kind: "abs", abs: 0.015 });
      expect(prepayFromOptions({ ...noSpeed, hep: "20" })).to.deep.equal({ kind: "hep", hep: 20 });
      expect(prepayFromOptions({ ...noSpeed, mhp: "150" })).to.deep.equal({ kind: "mhp", mhp: 150 });
      expect(prepayFromOptions({ ...noSpeed, ppc: "100", ppcCurve: "2,30,15" }))
        .to.deep.equal({ kind: "ppc", ppc: 100, curve: { startCpr: 0.02, peakCpr: 0.3, peakMonth: 15 } });
      expect(() => prepayFromOptions({ ...noSpeed, ppcCurve: "2,30,15" })).to.throw(InvalidInputError, /^--ppc-curve: needs --ppc/);
      expect(() => prepayFromOptions({ ...noSpeed, abs: "1", hep: "20" })).to.throw(InvalidInputError, /\(got --abs, --hep\)/);
    });
  });

  describe("mbs cashflows", () => {
    it("prints Fabozzi's first month at 165 PSA in the table", () => {
      const result = runCashflows(poolFromOptions(fabozziOptions), prepayFromOptions({ ...noSpeed, psa: "165" }));
      const firstRow = formatCashflows(result).split("\n")[1] as string;
      for (const printed of ["400,000,000", "0.1107", "2,975,868", "2,500,000", "267,535", "442,389", "709,923", "3,209,923"]) {
        expect(firstRow).to.contain(printed);
      }
      expect(result.summary.totalPrincipal).to.be.closeToNumber(400_000_000, 1e-4);
    });
  });

  describe("mbs price / mbs yield", () => {
    // The Standard Formulas' Ginnie Mae I example (see yield.test.ts) through the command's options.
    const { table } = runCashflows(
      poolFromOptions({ balance: "1000000", wac: "9.5", net: "9", term: "360", wam: "360", age: undefined }),
      prepayFromOptions({ ...noSpeed, psa: "150" }),
    );
    const base = { settle: "1989-06-01", delay: "14", price: undefined, yield: undefined, curve: undefined, shift: undefined };

    it("solves the yield from a price", () => {
      const r = runPricing(table, 0.09, { ...base, price: "100" });
      expect(r.yield.toFixed(5)).to.equal("9.10675");
      expect(r.risk.wal.toFixed(5)).to.equal("9.77844");
      expect(formatPricing(r)).to.contain("9.10675 %");
    });

    it("prices from a yield and adds accrued interest for a mid-month settlement", () => {
      const r = runPricing(table, 0.09, { ...base, settle: "1989-06-08", yield: "9.10644" });
      expect(r.accrued.toFixed(4)).to.equal("0.1750");
      expect(r.price.toFixed(4)).to.equal("100.0000");
      expect(r.fullPrice).to.be.closeToNumber(r.price + 0.175, 1e-12);
    });

    it("gives the spread to the benchmark interpolated at the WAL, in basis points", () => {
      const r = runPricing(table, 0.09, { ...base, price: "100", curve: "2:8.5,10:8.9" });
      const benchmark = 8.5 + (8.9 - 8.5) * (r.risk.wal - 2) / 8;
      expect(r.spreadBp).to.be.closeToNumber((r.yield - benchmark) * 100, 1e-9);
      expect(parseCurve("2:8.5,10:8.9")).to.deep.equal([{ years: 2, rate: 8.5 / 100 }, { years: 10, rate: 8.9 / 100 }]);
    });

    it("asks for exactly one of price and yield, and for the settlement date", () => {
      expect(() => runPricing(table, 0.09, base)).to.throw(InvalidInputError, /^price\/yield: give exactly one/);
      expect(() => runPricing(table, 0.09, { ...base, settle: undefined, price: "100" })).to.throw(InvalidInputError, /^--settle: is required/);
      expect(() => runPricing(table, 0.09, { ...base, settle: "1989-13-01", price: "100" })).to.throw(InvalidInputError, /^--settle/);
    });
  });

  describe("mbs speed", () => {
    it("measures the standard's Ginnie Mae example from a factor file", () => {
      const text = readFileSync(new URL("./fixtures/gnma-sf7-factors.csv", import.meta.url), "utf8");
      const r = runSpeed(parseFactorHistory("gnma-sf7-factors.csv", text), 0.095, 359, 1);
      expect(r.periods).to.have.length(1);
      expect((100 * r.overall.cpr).toFixed(4)).to.equal("5.1000");
      expect(r.overall.psa.toFixed(2)).to.equal("150.00");
    });

    it("sorts factors by age and measures each interval and the whole history", () => {
      const r = runSpeed(parseFactorHistory("f.csv", "40,0.80\n38,0.83\n39,0.815\n"), 0.07, 360);
      expect(r.periods.map((p) => [p.fromAge, p.toAge])).to.deep.equal([[38, 39], [39, 40]]);
      expect([r.overall.fromAge, r.overall.toAge]).to.deep.equal([38, 40]);
    });

    it("locates bad rows and refuses duplicate ages", () => {
      expect(() => parseFactorHistory("f.csv", "12,0.9\n13,1.2\n")).to.throw(ValidationError, /f\.csv:2 factor="1\.2"/);
      expect(() => parseFactorHistory("f.csv", "12,0.9\n12,0.8\n")).to.throw(InvalidInputError, /two factors for age 12/);
      expect(() => parseFactorHistory("f.csv", "12,0.9\n")).to.throw(InvalidInputError, /needs at least two factors/);
    });
  });

  describe("error reporting (the shared command reporter, through the real actions)", () => {
    const projectionArgs: ProjectionArgs = {
      balance: "100000000", wac: "8", net: undefined, term: undefined, wam: undefined, age: undefined,
      psa: undefined, cpr: undefined, smm: undefined, abs: undefined, hep: undefined, mhp: undefined, ppc: undefined, ppcCurve: undefined,
      vector: undefined, vectorUnit: undefined, sda: undefined, cdr: undefined, mdr: undefined, defaultVector: undefined,
      defaultVectorUnit: undefined, severity: undefined, lag: undefined, advance: false, json: false,
    };

    async function run(args: ProjectionArgs): Promise<{ out: string[]; err: string[]; exitCode: typeof process.exitCode }> {
      const previous = process.exitCode;
      const log = console.log;
      const error = console.error;
      const out: string[] = [];
      const err: string[] = [];
      console.log = (m: string) => { out.push(m); };
      console.error = (m: string) => { err.push(m); };
      try {
        await cashflowsAction(args);
        return { out, err, exitCode: process.exitCode };
      } finally {
        console.log = log;
        console.error = error;
        process.exitCode = previous;
      }
    }

    it("prints the option's error in its units and exits 1, printing nothing else", async () => {
      const r = await run({ ...projectionArgs, sda: "100", severity: "20", lag: "400" });
      expect(r.exitCode).to.equal(1);
      expect(r.out).to.deep.equal([]);
      expect(r.err).to.have.length(1);
      expect(r.err[0]).to.match(/^error: --lag: 400 months leaves no month for defaults/);
    });

    it("prints warnings on stderr and the table on stdout", async () => {
      const r = await run({ ...projectionArgs, sda: "100", lag: "12" });
      expect(r.exitCode).to.equal(undefined);
      expect(r.err).to.deep.equal(["warning: --severity is 0 %: defaulted loans are recovered in full, so the defaults cause no loss"]);
      expect(r.out[0]).to.contain("new defaults");
    });

    it("keeps --json parseable, warnings aside", async () => {
      const r = await run({ ...projectionArgs, mdr: "1", lag: "12", json: true });
      const parsed = JSON.parse(r.out.join("\n")) as { defaults: Record<string, unknown> };
      expect(parsed.defaults).to.deep.equal({ mdr: 1, severity: 0, lag: 12, advance: false });
    });
  });
});

describe("analytics commands added for the whole Standard Formulas", () => {
  const gnma = runCashflows(poolFromOptions({ balance: "1000000", wac: "9.5", net: "9", term: undefined, wam: undefined, age: "0" }),
    prepayFromOptions({ ...noSpeed, psa: "150" }));

  it("mbs total-return reproduces SF-51 through its options, in percent", () => {
    const r = runTotalReturn(gnma.table, 0.09, {
      settle: "1989-06-01", delay: "14", price: "100", horizon: "3", reinvest: "8", horizonPrice: undefined, horizonYield: undefined,
    });
    expect(r.terminalValue.toFixed(4)).to.equal("102.2502");
    expect(r.totalReturn.toFixed(3)).to.equal("9.102");
    expect(r.totalPercentageReturn.toFixed(3)).to.equal("2.250");
    expect(r.purchaseYield.toFixed(5)).to.equal("9.10675");
    expect(formatTotalReturn(r)).to.contain("terminal value PT            102.2502");
  });

  it("mbs total-return names a horizon beyond the cash flows and a double sale assumption", () => {
    const base = { settle: "1989-06-01", delay: "14", price: "100", horizon: "3", reinvest: "8", horizonPrice: undefined, horizonYield: undefined };
    expect(() => runTotalReturn(gnma.table, 0.09, { ...base, horizon: "360" })).to.throw(InvalidInputError, /^--horizon: must be from 1 months up to 359 months, got 360 months/);
    expect(() => runTotalReturn(gnma.table, 0.09, { ...base, horizonPrice: "99", horizonYield: "9" })).to.throw(InvalidInputError, /^--horizon-price: give --horizon-price or --horizon-yield, not both/);
  });

  it("mbs speed --pools reads every pool and reports every bad line", () => {
    const pools = parsePoolsFile("pools.csv", "pool,face,wac,term,age1,factor1,age2,factor2\nA, 5000000, 7.5, 360, 10, 0.95, 13, 0.93\nB,2000000,8,360,40,0.7,43,0.66\n");
    expect(pools.map((p) => p.pool)).to.deep.equal(["A", "B"]);
    expect(pools[0]).to.include({ originalFace: 5_000_000, annualRate: 0.075, age1: 10, age2: 13 });
    try {
      parsePoolsFile("pools.csv", "A,5000000,7.5,360,10,0.95,13,0.96\nB,1,108,360,4,0.9,3,0.8\nC,1,2\n");
      expect.fail("accepted bad pools");
    } catch (error) {
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => `${i.line}:${i.field ?? ""}`)).to.deep.equal(["1:factor2", "2:wac", "2:age2", "3:"]);
    }
    expect(averageSpeed(pools).psa).to.be.above(0);
  });

  it("prints --json in the command line's units: SMM and MDR in percent, inputs as typed", () => {
    const result = runCashflows(poolFromOptions({ ...fabozziOptions }), prepayFromOptions({ ...noSpeed, cpr: "6" }),
      defaultsFromOptions({ sda: undefined, cdr: undefined, mdr: "1", severity: "20", lag: "12", advance: true }));
    const out = cashflowsForOutput(result) as { pool: Record<string, number>; prepay: unknown; defaults: unknown; rows: { smm: number; mdr: number }[] };
    expect(out.pool).to.deep.equal({ balance: 400_000_000, wac: 8.125, net: 7.5, term: 360, wam: 357, age: 3 });
    expect(out.prepay).to.deep.equal({ cpr: 6 });
    expect(out.defaults).to.deep.equal({ mdr: 1, severity: 20, lag: 12, advance: true });
    expect(out.rows[0]?.mdr).to.be.closeToNumber(1, 1e-12);
    expect(out.rows[0]?.smm).to.be.closeToNumber(100 * (1 - Math.pow(0.94, 1 / 12)), 1e-12);
  });
});
