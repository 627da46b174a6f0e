import { expect } from "chai";
import { Wallet } from "ethers";

import { ValidationError } from "../../src/errors.js";
import { parseDeal } from "../../src/deal/deal.js";
import { checkDealAgainstPool } from "../../src/deal/checks.js";
import { MALFORMED_DEALS, seniorSubDeal, usd } from "./fixtures/deals.js";

const UPB_CENTS = 123_456_789_01n;
const INVESTORS = [1, 2, 3].map((i) => new Wallet(`0x${i.toString(16).padStart(64, "0")}`).address);
const OUTSIDER = new Wallet(`0x${"9".padStart(64, "0")}`).address;

function dealText(mutate?: (typeof MALFORMED_DEALS)[number]["mutate"]): string {
  const deal = seniorSubDeal(UPB_CENTS, INVESTORS);
  const replaced = mutate?.(deal, { upbCents: UPB_CENTS, investors: INVESTORS, outsider: OUTSIDER });
  return typeof replaced === "string" ? replaced : JSON.stringify(deal, null, 2);
}

function parseError(text: string): ValidationError {
  try {
    parseDeal(text, "deal.json");
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected the deal to be refused");
}

describe("deal file", () => {
  it("reads a valid senior/subordinate deal into exact cents, ppm and class bits", () => {
    const deal = parseDeal(dealText(), "deal.json");
    const json = seniorSubDeal(UPB_CENTS, INVESTORS);
    expect(deal.dealId).to.equal("MBSC 2026-1");
    expect(deal.cutoffTimestamp).to.equal(Date.UTC(2026, 0, 1) / 1000);
    expect(deal.overcollateralization).to.deep.equal({ kind: "residual" });
    const [a, b] = deal.tranches;
    expect(usd(a!.originalFaceCents)).to.equal(json.tranches[0]!.originalFace);
    expect(a!.couponPpm).to.equal(45_000);
    expect(b!.couponPpm).to.equal(51_250);
    expect(a!.classBits).to.equal(2 | 4 | 8);
    expect(b!.classBits).to.equal(4);
    expect(b!.lockupUntil).to.equal(Date.UTC(2026, 6, 1) / 1000);
    expect(a!.blockedCountries).to.deep.equal([408, 364]);
    expect(deal.allocations.map((x) => [x.investor, x.trancheIndex])).to.deep.equal([
      [INVESTORS[0], 0],
      [INVESTORS[1], 0],
      [INVESTORS[2], 1],
    ]);
  });

  it("accepts lower-case addresses and returns them checksummed", () => {
    const deal = seniorSubDeal(UPB_CENTS, INVESTORS.map((a) => a.toLowerCase()));
    expect(parseDeal(JSON.stringify(deal), "deal.json").allocations[0]!.investor).to.equal(INVESTORS[0]);
  });

  it("locates a problem on the line of the offending value", () => {
    const text = dealText((d) => {
      d.tranches[1]!.symbol = "MBSA";
    });
    const issue = parseError(text).issues[0]!;
    const symbolLines = text.split("\n").flatMap((l, i) => (l.includes('"symbol"') ? [i + 1] : []));
    expect(symbolLines).to.have.length(2);
    expect(issue.line).to.equal(symbolLines[1]);
  });

  it("collects every problem instead of stopping at the first", () => {
    const text = dealText((d) => {
      d.tranches[0]!.coupon = 450;
      d.tranches[1]!.originalFace = "-5.00";
      d.allocations[0]!.investor = "0x1234";
    });
    const fields = parseError(text).issues.map((i) => i.field);
    expect(fields).to.include.members(["tranches[0].coupon", "tranches[1].originalFace", "allocations[0].investor"]);
  });

  it("reports one bad field of a class once, not again as allocations to an unknown class", () => {
    const error = parseError(dealText((d) => {
      d.tranches[0]!.coupon = 450;
    }));
    expect(error.issues.map((i) => `${i.field}: ${i.reason}`)).to.deep.equal([
      "tranches[0].coupon: above 100 %; rates are in percent, not basis points",
    ]);
  });

  for (const c of MALFORMED_DEALS.filter((x) => x.stage === "file")) {
    it(`refuses a deal that ${c.name}, naming ${c.field || "the file"}`, () => {
      const error = parseError(dealText(c.mutate));
      const issue = error.issues[0]!;
      expect(issue.file).to.equal("deal.json");
      if (c.field !== "") expect(issue.field).to.equal(c.field);
      expect(issue.reason).to.match(c.reason);
      expect(issue.line).to.be.greaterThan(0);
      expect(error.message).to.contain(`deal.json:${issue.line}`);
    });
  }

  for (const c of MALFORMED_DEALS.filter((x) => x.stage === "pool")) {
    it(`refuses against the pool a deal that ${c.name}, naming ${c.field}`, () => {
      const deal = parseDeal(dealText(c.mutate), "deal.json");
      const issues = checkDealAgainstPool(deal, { loanCount: 1000, upbCents: UPB_CENTS, wacPct: 6.5 });
      expect(issues[0]?.field).to.equal(c.field);
      expect(issues[0]?.reason).to.match(c.reason);
      expect(issues[0]?.line).to.be.greaterThan(0);
    });
  }

  it("accepts faces plus a fixed overcollateralization equal to the pool's UPB to the cent", () => {
    const json = seniorSubDeal(UPB_CENTS, INVESTORS);
    const faces = [0, 1].map((i) => BigInt(String(json.tranches[i]!.originalFace).replace(".", "")));
    json.overcollateralization = usd(UPB_CENTS - faces[0]! - faces[1]!);
    const deal = parseDeal(JSON.stringify(json), "deal.json");
    expect(checkDealAgainstPool(deal, { loanCount: 1000, upbCents: UPB_CENTS, wacPct: 6.5 })).to.deep.equal([]);
    expect(checkDealAgainstPool(deal, { loanCount: 1000, upbCents: UPB_CENTS + 1n, wacPct: 6.5 })[0]?.reason).to.match(/short by 0\.01/);
  });
});
