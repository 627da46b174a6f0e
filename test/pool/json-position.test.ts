import { expect } from "chai";
import { duplicateJsonKeys, firstJsonErrorOffset } from "../../src/pool/json-position.js";

describe("pool/json-position", () => {
  const cases: [text: string, offending: string][] = [
    ['{"a": ,}', ","],
    ['{"a": 1,}', "}"],
    ['{"a": 1 "b": 2}', '"'],
    ['{"a": [1, 2}', "}"],
    ['{"a": tru}', "t"],
    ['{"a": "x\ny"}', "\n"],
    ["{'a': 1}", "'"],
    ['{"a": 1} x', "x"],
  ];
  for (const [text, offending] of cases) {
    it(`points at ${JSON.stringify(offending)} in ${JSON.stringify(text)}`, () => {
      expect(() => JSON.parse(text)).to.throw(SyntaxError);
      const at = firstJsonErrorOffset(text);
      expect(text[at]).to.equal(offending);
    });
  }

  it("points past the end of truncated text", () => {
    const text = '{"a": [1, 2';
    expect(firstJsonErrorOffset(text)).to.equal(text.length);
  });

  it("finds no error in valid JSON", () => {
    expect(firstJsonErrorOffset('{"a": [1, -2.5e3, true, null, "\\"q"]}')).to.equal(-1);
  });

  it("finds keys repeated within one object, with their paths and lines, and only those", () => {
    const text = '{\n "a": 1,\n "t": [\n  {"face": 1, "x": "a,\\"}", "face": 2},\n  {"face": 3}\n ],\n "b": {"a": 1},\n "a": 2\n}';
    expect(JSON.parse(text)).to.have.property("a", 2);
    expect(duplicateJsonKeys(text)).to.deep.equal([
      { path: "t[0]", key: "face", firstLine: 4, line: 4 },
      { path: "", key: "a", firstLine: 2, line: 8 },
    ]);
    expect(duplicateJsonKeys('{"a": {"a": {"a": 1}}}')).to.deep.equal([]);
  });
});
