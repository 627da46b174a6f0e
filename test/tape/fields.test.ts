import { expect } from "chai";
import { Fields, centsAt, decimalAt, monthAt, monthString, wholeAt } from "../../src/tape/fields.js";
import { Rng } from "../../src/tape/generate.js";

const whole = (s: string): number => wholeAt(s, 0, s.length);
const decimal = (s: string): number => decimalAt(s, 0, s.length);
const cents = (s: string): number => centsAt(s, 0, s.length);

describe("field parsing", () => {
  it("parses decimals to the same double as Number()", () => {
    const rng = new Rng(3);
    for (let i = 0; i < 20_000; i++) {
      const digits = rng.int(0, 6);
      const text = `${rng.int(0, 99_999)}${digits > 0 ? "." + String(rng.int(0, 10 ** digits - 1)).padStart(digits, "0") : ""}`;
      expect(decimal(text), text).to.equal(Number(text));
    }
    expect(decimal("-1.5")).to.equal(-1.5);
    expect(decimal(".5")).to.equal(0.5);
    for (const bad of ["", "-", ".", "1.2.3", "1e5", "7,5", " 7", "NaN"]) expect(decimal(bad), bad).to.be.NaN;
  });

  it("parses dollar amounts to exact cents and refuses sub-cent fractions", () => {
    expect(cents("248000")).to.equal(24_800_000);
    expect(cents("74319.0")).to.equal(7_431_900);
    expect(cents("0.07")).to.equal(7);
    expect(cents("123456.78")).to.equal(12_345_678);
    expect(cents("1.100")).to.equal(110);
    expect(cents("-5.5")).to.equal(-550);
    expect(cents("1.001")).to.equal(-Infinity);
    for (const bad of ["", "1.", "$5", "1,000", "1e3", "abc"]) expect(cents(bad), bad).to.be.NaN;
  });

  it("reads whole numbers written as floats but not real fractions", () => {
    expect(whole("360.0")).to.equal(360);
    expect(whole("360")).to.equal(360);
    expect(whole("-2")).to.equal(-2);
    expect(whole("360.5")).to.be.NaN;
    expect(whole("36O")).to.be.NaN;
  });

  it("reads every agency date shape to the same month and rejects impossible ones", () => {
    const may2019 = 2019 * 12 + 4;
    const shapes = [["2019-05", "YYYY-MM"], ["201905", "YYYYMM"], ["05/2019", "MM/YYYY"], ["052019", "MMYYYY"], ["05/01/2019", "MM/DD/YYYY"]] as const;
    for (const [s, shape] of shapes) expect(monthAt(s, 0, s.length, shape), s).to.equal(may2019);
    expect(monthString(may2019)).to.equal("2019-05");
    for (const [s, shape] of [["2019-13", "YYYY-MM"], ["201900", "YYYYMM"], ["5/2019", "MM/YYYY"], ["05/32/2019", "MM/DD/YYYY"], ["1850-01", "YYYY-MM"]] as const) {
      expect(monthAt(s, 0, s.length, shape), s).to.be.NaN;
    }
  });

  it("scans quoted and empty fields into offsets", () => {
    const f = new Fields();
    const line = 'a,"b,c",,"d ""e""",';
    expect(f.scan(line, 0, line.length, 44, true)).to.equal(true);
    expect(Array.from({ length: f.count }, (_, i) => f.raw(i))).to.deep.equal(["a", "b,c", "", 'd ""e""', ""]);
    expect(f.scan('a,"open', 0, 7, 44, true)).to.equal(false);
    expect(f.scan('"x"y,z', 0, 6, 44, true)).to.equal(false);
    const n = new Fields(true);
    n.scan("1|NULL|NULLS", 0, 12, 124, false);
    expect([n.isEmpty(0), n.isEmpty(1), n.isEmpty(2)]).to.deep.equal([false, true, false]);
  });

  it("scans one line of a longer text without reading past its end", () => {
    const f = new Fields();
    const text = 'x,y\n"a,b",c\n"open\nlater"';
    expect(f.scan(text, 4, 11, 44, true)).to.equal(true);
    expect(Array.from({ length: f.count }, (_, i) => f.raw(i))).to.deep.equal(["a,b", "c"]);
    expect(f.scan(text, 0, 3, 44, true)).to.equal(true);
    expect(Array.from({ length: f.count }, (_, i) => f.raw(i))).to.deep.equal(["x", "y"]);
    // The quote closes only on the next line: open within this one.
    expect(f.scan(text, 12, 17, 44, true)).to.equal(false);
  });
});
