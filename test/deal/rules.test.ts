/** The transfer-rule parsers a deal file and `mbs holders rules` share (src/deal/rules.ts). */
import { expect } from "chai";

import {
  MAX_BLOCKED_COUNTRIES, holderCapProblem, investorClassBits, minHoldingProblem, parseBlockedCountries, parseHolderCap, parseInvestorClasses,
} from "../../src/deal/rules.js";

describe("transfer rules as people write them (src/deal/rules.ts)", () => {
  it("reads investor class names into the registry's bits, dropping repeats and refusing an unknown name by name", () => {
    const parsed = parseInvestorClasses(["accredited", "qib", "accredited"]);
    expect(parsed).to.deep.equal({ ok: true, value: ["accredited", "qib"] });
    expect(investorClassBits(["accredited", "qib"])).to.equal(2 | 4);
    expect(parseInvestorClasses(["qib", "pension"])).to.deep.equal({ ok: false, reason: 'unknown investor class "pension" (known: retail, accredited, qib, institutional, non-us)' });
    expect(parseInvestorClasses([])).to.include({ ok: false });
  });

  it("takes ISO 3166-1 numeric codes 1–999, at most fifteen distinct, and refuses anything else", () => {
    expect(parseBlockedCountries([408, 364, 408])).to.deep.equal({ ok: true, value: [408, 364] });
    for (const bad of [[1000], [0], [40.8], ["408"]]) expect(parseBlockedCountries(bad)).to.include({ ok: false });
    const sixteen = Array.from({ length: MAX_BLOCKED_COUNTRIES + 1 }, (_, i) => i + 1);
    expect(parseBlockedCountries(sixteen)).to.deep.equal({ ok: false, reason: "at most 15 blocked countries fit the token's rule slot" });
    expect(parseBlockedCountries(sixteen.slice(1))).to.include({ ok: true });
  });

  it("takes a holder cap from 0 to the token's uint32 limit", () => {
    expect(parseHolderCap(0)).to.deep.equal({ ok: true, value: 0 });
    expect(parseHolderCap(2 ** 32 - 1)).to.include({ ok: true });
    for (const bad of [-1, 2 ** 32, 1.5, "5"]) expect(parseHolderCap(bad)).to.include({ ok: false });
  });

  it("refuses a cap without a lot size and a lot above the face, and nothing else", () => {
    expect(holderCapProblem(500, 0n)).to.match(/^a holder cap needs a minimum holding/);
    expect(holderCapProblem(500, 1n)).to.equal(undefined);
    expect(holderCapProblem(0, 0n)).to.equal(undefined);
    expect(minHoldingProblem(101n, 100n)).to.match(/nobody could hold it/);
    expect(minHoldingProblem(100n, 100n)).to.equal(undefined);
  });
});
