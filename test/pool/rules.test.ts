import { expect } from "chai";
import { ValidationError } from "../../src/errors.js";
import { loadRules, parseRules } from "../../src/pool/rules.js";

function issuesOf(text: string): { field?: string; line: number; reason: string; value?: string }[] {
  try {
    parseRules(text, "rules.json");
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    return [...(e as ValidationError).issues];
  }
  expect.fail("expected the rule file to be rejected");
}

describe("pool/rules", () => {
  it("loads the example agency-conforming rule file", async () => {
    const rules = await loadRules("examples/rules/agency-conforming.json");
    expect(rules.limits.ficoMin).to.equal(620);
    expect(rules.sets.products).to.deep.equal(["FRM"]);
    expect(rules.missing.cltvPct).to.equal("allow");
  });

  it("defaults every missing-value policy to exclude", () => {
    const rules = parseRules('{ "ficoMin": 600 }', "r.json");
    expect(Object.values(rules.missing)).to.deep.equal(Array(9).fill("exclude"));
  });

  it("refuses a key given twice (JSON would silently keep the second), at any depth, naming both lines", () => {
    const [a, b, ...rest] = issuesOf('{\n  "dtiMaxPct": 50,\n  "missing": { "dtiPct": "allow",\n    "dtiPct": "exclude" },\n  "dtiMaxPct": 65\n}');
    expect(rest).to.have.length(0);
    expect(a).to.include({ field: "missing.dtiPct", line: 4, reason: "key appears twice (lines 3 and 4): keep the one you mean" });
    expect(b).to.include({ field: "dtiMaxPct", line: 5 });
  });

  it("refuses a fractional credit score limit: scores are whole numbers", () => {
    const [issue] = issuesOf('{\n  "ficoMin": 720.5\n}');
    expect(issue).to.include({ field: "ficoMin", line: 2, reason: "must be a whole number" });
  });

  it("names an unknown key, its line, and the key it probably meant", () => {
    const [issue, ...rest] = issuesOf('{\n  "ficoMin": 620,\n  "ltvMax": 95\n}');
    expect(rest).to.have.length(0);
    expect(issue).to.include({ field: "ltvMax", line: 3 });
    expect(issue!.reason).to.match(/unknown rule key \(did you mean "ltvMaxPct"\?\)/);
  });

  it("collects every problem rather than stopping at the first", () => {
    const issues = issuesOf(
      JSON.stringify({
        ficoMin: "620",
        dtiMaxPct: 150,
        originalUpbMaxUsd: 100.123,
        states: ["CA", "XX"],
        occupancy: [],
        missing: { fico: "maybe", zip: "allow" },
        maxStateConcentrationPct: 0,
      }),
    );
    const byField = Object.fromEntries(issues.map((i) => [i.field, i.reason]));
    expect(byField).to.have.keys([
      "ficoMin",
      "dtiMaxPct",
      "originalUpbMaxUsd",
      "states",
      "occupancy",
      "missing.fico",
      "missing.zip",
      "maxStateConcentrationPct",
    ]);
    expect(byField.ficoMin).to.equal("must be a number");
    expect(byField.dtiMaxPct).to.equal("must be between 0 and 100");
    expect(byField.originalUpbMaxUsd).to.match(/at most 2 decimals/);
    expect(byField.states).to.match(/unknown value\(s\)/);
    expect(issues.find((i) => i.field === "states")!.value).to.equal('["XX"]');
    expect(byField["missing.fico"]).to.equal('must be "exclude" or "allow"');
  });

  it("locates a bad missing-value policy inside the missing block, not at the rule of the same name", () => {
    const [issue] = issuesOf('{\n  "occupancy": ["primary"],\n  "missing": {\n    "occupancy": "never"\n  }\n}');
    expect(issue).to.include({ field: "missing.occupancy", line: 4 });
  });

  it("rejects a minimum above its maximum", () => {
    const [issue] = issuesOf('{ "noteRateMinPct": 8, "noteRateMaxPct": 6 }');
    expect(issue).to.include({ field: "noteRateMinPct" });
    expect(issue!.reason).to.match(/above noteRateMaxPct \(6\)/);
  });

  it("reports malformed JSON with the line it broke on", () => {
    const [issue] = issuesOf('{\n  "ficoMin": 620,\n  "ltvMaxPct": ,\n}');
    expect(issue!.line).to.equal(3);
    expect(issue!.reason).to.match(/not valid JSON/);
  });

  it("rejects a rule file that is not an object", () => {
    expect(issuesOf("[1, 2]")[0]!.reason).to.match(/JSON object of rule keys/);
  });
});
