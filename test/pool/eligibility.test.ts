import { expect } from "chai";
import { EligibilityFilter, describeExclusion, resolveStateConcentration } from "../../src/pool/eligibility.js";
import { validateRules } from "../../src/pool/rules.js";
import { LoanStore } from "../../src/pool/store.js";
import type { LoanRecord } from "../../src/tape/loan.js";
import { aLoan, randomLoans, seededRandom } from "./fixtures.js";
import "../helpers/chai-float.js";

const filterOf = (rules: Record<string, unknown>) => new EligibilityFilter(validateRules(rules, "test-rules.json"));

/** The per-loan rule order documented in src/pool/eligibility.ts. */
const DOCUMENTED_ORDER = [
  "products", "propertyTypes", "occupancy", "purposes", "states",
  "originalUpbMinUsd", "originalUpbMaxUsd", "currentUpbMinUsd", "currentUpbMaxUsd",
  "noteRateMinPct", "noteRateMaxPct", "seasoningMinMonths", "seasoningMaxMonths",
  "ficoMin", "ficoMax", "ltvMaxPct", "cltvMaxPct", "dtiMaxPct",
];

/** Each rule with a loan just inside and just outside its limit (limits are inclusive). */
const CASES: { rule: string; limit: unknown; pass: Partial<LoanRecord>; fail: Partial<LoanRecord>; value: unknown }[] = [
  { rule: "ficoMin", limit: 620, pass: { fico: 620 }, fail: { fico: 619 }, value: 619 },
  { rule: "ficoMax", limit: 800, pass: { fico: 800 }, fail: { fico: 801 }, value: 801 },
  { rule: "ltvMaxPct", limit: 80, pass: { ltvPct: 80 }, fail: { ltvPct: 81 }, value: 81 },
  { rule: "cltvMaxPct", limit: 90, pass: { cltvPct: 90 }, fail: { cltvPct: 91 }, value: 91 },
  { rule: "dtiMaxPct", limit: 45, pass: { dtiPct: 45 }, fail: { dtiPct: 46 }, value: 46 },
  { rule: "originalUpbMinUsd", limit: 50_000, pass: { originalUpbCents: 5_000_000 }, fail: { originalUpbCents: 4_999_999 }, value: 49_999.99 },
  { rule: "originalUpbMaxUsd", limit: 806_500, pass: { originalUpbCents: 80_650_000 }, fail: { originalUpbCents: 80_650_001 }, value: 806_500.01 },
  { rule: "currentUpbMinUsd", limit: 1_000, pass: { currentUpbCents: 100_000 }, fail: { currentUpbCents: 99_999 }, value: 999.99 },
  { rule: "currentUpbMaxUsd", limit: 500_000, pass: { currentUpbCents: 50_000_000 }, fail: { currentUpbCents: 50_000_100 }, value: 500_001 },
  { rule: "noteRateMinPct", limit: 6.5, pass: { noteRatePct: 6.5 }, fail: { noteRatePct: 6.499 }, value: 6.499 },
  { rule: "noteRateMaxPct", limit: 8, pass: { noteRatePct: 8 }, fail: { noteRatePct: 8.125 }, value: 8.125 },
  { rule: "seasoningMinMonths", limit: 3, pass: { loanAgeMonths: 3 }, fail: { loanAgeMonths: 2 }, value: 2 },
  { rule: "seasoningMaxMonths", limit: 24, pass: { loanAgeMonths: 24 }, fail: { loanAgeMonths: 25 }, value: 25 },
  { rule: "propertyTypes", limit: ["single-family", "pud"], pass: { propertyType: "pud" }, fail: { propertyType: "condo" }, value: "condo" },
  { rule: "occupancy", limit: ["primary"], pass: { occupancy: "primary" }, fail: { occupancy: "investment" }, value: "investment" },
  { rule: "purposes", limit: ["purchase"], pass: { purpose: "purchase" }, fail: { purpose: "cashout-refi" }, value: "cashout-refi" },
  { rule: "products", limit: ["FRM"], pass: { product: "FRM" }, fail: { product: "ARM" }, value: "ARM" },
  { rule: "states", limit: ["CA", "TX"], pass: { state: "TX" }, fail: { state: "NY" }, value: "NY" },
];

describe("pool/eligibility", () => {
  for (const c of CASES) {
    it(`${c.rule} ${JSON.stringify(c.limit)} admits ${JSON.stringify(c.pass)} and excludes ${JSON.stringify(c.fail)}`, () => {
      const filter = filterOf({ [c.rule]: c.limit });
      expect(filter.check(aLoan(c.pass))).to.equal(undefined);
      expect(filter.check(aLoan({ ...c.fail, loanId: "X1", line: 7 }))).to.deep.equal({
        loanId: "X1",
        line: 7,
        rule: c.rule,
        value: c.value,
        limit: c.limit,
      });
    });
  }

  const MISSING: { field: keyof LoanRecord; rule: string; limit: unknown }[] = [
    { field: "fico", rule: "ficoMin", limit: 620 },
    { field: "ltvPct", rule: "ltvMaxPct", limit: 97 },
    { field: "cltvPct", rule: "cltvMaxPct", limit: 105 },
    { field: "dtiPct", rule: "dtiMaxPct", limit: 50 },
    { field: "state", rule: "states", limit: ["CA"] },
    { field: "propertyType", rule: "propertyTypes", limit: ["condo"] },
    { field: "occupancy", rule: "occupancy", limit: ["primary"] },
    { field: "purpose", rule: "purposes", limit: ["purchase"] },
  ];
  for (const m of MISSING) {
    it(`a loan without ${m.field} is excluded as missing.${m.field} by default and passes ${m.rule} when allowed`, () => {
      const loan = aLoan({ [m.field]: undefined });
      expect(filterOf({ [m.rule]: m.limit }).check(loan)).to.deep.include({ rule: `missing.${m.field}`, value: null, limit: "exclude" });
      expect(filterOf({ [m.rule]: m.limit, missing: { [m.field]: "allow" } }).check(loan)).to.equal(undefined);
    });
  }

  it("ignores a missing field no rule reads", () => {
    expect(filterOf({ ficoMin: 600 }).check(aLoan({ dtiPct: undefined, state: undefined }))).to.equal(undefined);
  });

  it("reports the first failing rule in the documented order, not the order of the file", () => {
    const filter = filterOf({ ficoMin: 700, ltvMaxPct: 70, products: ["FRM"], originalUpbMaxUsd: 100_000 });
    const loan = aLoan({ fico: 650, ltvPct: 90, product: "ARM", originalUpbCents: 50_000_000 });
    expect(filter.check(loan)!.rule).to.equal("products");
    expect(filter.check({ ...loan, product: "FRM" })!.rule).to.equal("originalUpbMaxUsd");
    expect(filter.check({ ...loan, product: "FRM", originalUpbCents: 1 })!.rule).to.equal("ficoMin");
  });

  it("excludes a loan without a state when a concentration cap applies and state is not allowed missing", () => {
    expect(filterOf({ maxStateConcentrationPct: 20 }).check(aLoan({ state: undefined }))!.rule).to.equal("missing.state");
    expect(filterOf({ maxStateConcentrationPct: 20, missing: { state: "allow" } }).check(aLoan({ state: undefined }))).to.equal(undefined);
  });

  it("excludes a loan by the first rule that alone would exclude it, on random loans with missing fields", () => {
    // Each rule of a full rule file on its own (CASES checks those one by one), in the documented
    // order: the combined filter must agree with the first that excludes, and admit the rest.
    const rules = {
      ...Object.fromEntries(CASES.map((c) => [c.rule, c.limit])),
      maxStateConcentrationPct: 30,
      missing: { cltvPct: "allow", purpose: "allow" },
    };
    const order = ["products", "propertyTypes", "occupancy", "purposes", "states"].concat(CASES.slice(0, 13).map((c) => c.rule));
    order.sort((a, b) => DOCUMENTED_ORDER.indexOf(a) - DOCUMENTED_ORDER.indexOf(b));
    const alone = order.map((rule) => filterOf({ [rule]: rules[rule as keyof typeof rules], missing: rules.missing }));
    const combined = filterOf(rules);
    const rnd = seededRandom(11);
    const optionalFields = ["fico", "ltvPct", "cltvPct", "dtiPct", "state", "propertyType", "occupancy", "purpose"] as const;
    let admitted = 0;
    for (const random of randomLoans(3_000, 11)) {
      const loan: LoanRecord = { ...random };
      for (const field of optionalFields) if (rnd() < 0.03) delete loan[field];
      const expected = alone.map((f) => f.check(loan)).find((e) => e !== undefined);
      expect(combined.check(loan), loan.loanId).to.deep.equal(expected);
      if (expected === undefined) admitted++;
    }
    expect(admitted, "some loans pass every rule").to.be.greaterThan(0);
  });

  it("explains each kind of exclusion in one line", () => {
    const f = filterOf({ ficoMin: 620, states: ["CA"] });
    expect(describeExclusion(f.check(aLoan({ fico: 600 }))!)).to.equal("ficoMin: 600 is below the minimum 620");
    expect(describeExclusion(f.check(aLoan({ state: "NY" }))!)).to.equal("states: NY is not one of [CA]");
    expect(describeExclusion(f.check(aLoan({ fico: undefined }))!)).to.equal('fico is missing (missing.fico = "exclude")');
  });

  describe("state concentration", () => {
    function storeOf(spec: [state: string | undefined, upbUsd: number][]): LoanStore {
      const store = new LoanStore();
      spec.forEach(([state, usd], i) => store.append(aLoan({ loanId: `L${i}`, line: i + 1, state, currentUpbCents: usd * 100 })));
      return store;
    }
    const shares = (store: LoanStore, drop: Uint8Array) => {
      const by = new Map<string, number>();
      let total = 0;
      for (let i = 0; i < store.length; i++) {
        if (drop[i] === 1) continue;
        const s = store.loan(i).state ?? "-";
        by.set(s, (by.get(s) ?? 0) + store.currentUpbCents(i));
        total += store.currentUpbCents(i);
      }
      return new Map([...by].map(([s, u]) => [s, (100 * u) / total]));
    };

    it("drops the largest state's last loans on the tape until it is within the cap", () => {
      // CA holds 600 of 1000 (60 %); cap 50 %. Dropping the last CA loan (100) leaves 500 / 900 = 55.6 %,
      // the next (100) 400 / 800 = 50 % — within the cap (inclusive), so exactly two go.
      const store = storeOf([["CA", 200], ["TX", 200], ["CA", 200], ["FL", 200], ["CA", 100], ["CA", 100]]);
      const { drop, exclusions } = resolveStateConcentration(store, 50);
      expect(exclusions.map((e) => e.loanId)).to.deep.equal(["L5", "L4"]);
      expect(exclusions[0]).to.deep.include({ rule: "maxStateConcentrationPct", value: 60, limit: 50, state: "CA", line: 6 });
      expect(exclusions[1]!.value).to.be.closeToNumber(500 / 9, 1e-12);
      expect([...drop]).to.deep.equal([0, 0, 0, 0, 1, 1]);
      expect(describeExclusion(exclusions[0]!)).to.equal("state CA held 60.00 % of current UPB, above the 50 % cap");
    });

    it("moves to the next state when dropping from one pushes another over the cap", () => {
      // 40 % cap. CA 50 %, TX 35 %, FL 15 %: removing CA loans raises TX's share above 40 %, so TX loses loans too.
      const store = storeOf([["TX", 35], ["CA", 10], ["FL", 15], ["CA", 10], ["CA", 10], ["CA", 10], ["CA", 10]]);
      const { drop } = resolveStateConcentration(store, 40);
      for (const [state, pct] of shares(store, drop)) expect(pct, state).to.be.at.most(40);
      // An independent check of minimality: putting back the last dropped loan breaks the cap.
      const dropped = [...drop.keys()].filter((i) => drop[i] === 1);
      const undo = Uint8Array.from(drop);
      undo[dropped.at(-1)!] = 0;
      expect(Math.max(...shares(store, undo).values())).to.be.above(40);
    });

    it("drops nothing when every state is within the cap, and counts loans without a state in the total only", () => {
      const store = storeOf([["CA", 30], ["TX", 30], [undefined, 40]]);
      expect(resolveStateConcentration(store, 30).exclusions).to.deep.equal([]);
    });

    it("is deterministic: ties between states go to the alphabetically first", () => {
      const store = storeOf([["TX", 50], ["CA", 50], ["TX", 50], ["CA", 50]]);
      const { exclusions } = resolveStateConcentration(store, 49);
      expect(exclusions[0]).to.deep.include({ state: "CA", loanId: "L3" });
    });
  });
});
