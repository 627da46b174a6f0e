import { expect } from "chai";

import { jsonValueLines } from "../../src/deal/jsonLines.js";

describe("JSON value lines", () => {
  it("gives the line where each value starts, by field path", () => {
    const text = ['{', '  "a": 1,', '  "list": [', '    { "key": "x\\"y" },', '    [true, null]', '  ],', '  "b": {"c": -2.5e3}', '}'].join("\n");
    JSON.parse(text); // the scanner only runs on valid JSON
    const lines = jsonValueLines(text);
    expect(lines.get("")).to.equal(1);
    expect(lines.get("a")).to.equal(2);
    expect(lines.get("list")).to.equal(3);
    expect(lines.get("list[0]")).to.equal(4);
    expect(lines.get("list[0].key")).to.equal(4);
    expect(lines.get("list[1]")).to.equal(5);
    expect(lines.get("list[1][1]")).to.equal(5);
    expect(lines.get("b.c")).to.equal(7);
    expect(lines.has("list[2]")).to.equal(false);
  });

  it("is not fooled by brackets, braces and newlines-as-escapes inside strings", () => {
    const text = '{\n"s": "[{\\n}]",\n"t": 2\n}';
    const lines = jsonValueLines(text);
    expect(lines.get("s")).to.equal(2);
    expect(lines.get("t")).to.equal(3);
  });
});
