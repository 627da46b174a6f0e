import { expect } from "chai";

import { readCsv, splitCsvLine } from "../../src/kyc/csv.js";

describe("kyc csv reader", () => {
  it("splits plain fields and keeps empty ones, including a trailing empty field", () => {
    expect(splitCsvLine("a,,b,")).to.deep.equal(["a", "", "b", ""]);
  });

  it("unquotes quoted fields with commas and doubled quotes inside", () => {
    expect(splitCsvLine('"x,y","say ""hi""",z')).to.deep.equal(["x,y", 'say "hi"', "z"]);
  });

  it("refuses an unclosed quote and a stray quote, saying where", () => {
    expect(splitCsvLine('a,"b')).to.deep.equal({ error: "a quoted field is not closed (quoted line breaks are not supported)" });
    expect(splitCsvLine('a,b"c')).to.deep.equal({ error: "a quote inside an unquoted field at column 3" });
    expect(splitCsvLine('"a"b')).to.deep.equal({ error: "unexpected text after a closing quote at column 4" });
  });

  it("numbers lines as in the file, skipping blank lines, a byte-order mark and CRLF endings", () => {
    const rows = readCsv("\uFEFFh1,h2\r\n\r\n1,2\r\n   \n3,4");
    expect(rows).to.deep.equal([
      { line: 1, fields: ["h1", "h2"] },
      { line: 3, fields: ["1", "2"] },
      { line: 5, fields: ["3", "4"] },
    ]);
  });
});
