import { expect } from "chai";
import { LoanIdSet } from "../../src/tape/ids.js";

describe("loan id set", () => {
  it("remembers the first line of every id through many resizes", function () {
    this.timeout(30_000); // a loaded machine; one assertion per check rather than 100,000 chai calls
    const ids = new LoanIdSet();
    const refused: number[] = [];
    for (let i = 0; i < 100_000; i++) if (ids.add(`L${i}`, i + 2) !== -1) refused.push(i);
    expect(refused).to.deep.equal([]);
    expect(ids.size).to.equal(100_000);
    const forgotten: number[] = [];
    for (let i = 0; i < 100_000; i += 997) if (ids.add(`L${i}`, 1) !== i + 2) forgotten.push(i);
    expect(forgotten).to.deep.equal([]);
    expect(ids.add("L100000", 5)).to.equal(-1);
  });

  it("tells apart ids that differ only in case, padding or length", () => {
    const ids = new LoanIdSet();
    const distinct = ["a", "A", "a ", " a", "aa", "", "0001", "001", "F19Q10000001", "F19Q1000001"];
    for (const [i, id] of distinct.entries()) expect(ids.add(id, i)).to.equal(-1);
    for (const [i, id] of distinct.entries()) expect(ids.add(id, 99)).to.equal(i);
  });
});
