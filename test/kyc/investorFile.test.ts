import { expect } from "chai";
import { ZeroHash, id } from "ethers";

import { ValidationError, formatIssue } from "../../src/errors.js";
import { MAX_VERIFIED_UNTIL, parseInvestorFile } from "../../src/kyc/investorFile.js";

// Hardhat's default accounts 1 and 2 (checksummed as published).
const ONE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TWO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** 2026-01-01T00:00:00Z: the chain time these pure tests validate against. */
const NOW = BigInt(Date.parse("2026-01-01T00:00:00Z") / 1000);
const HEADER = "address,verified_until,country,classes,record_hash";
// Class bits as contracts/kyc/KycRegistry.sol defines them.
const ACCREDITED = 2;
const QIB = 4;
const INSTITUTIONAL = 8;

function issuesOf(text: string): ValidationError {
  try {
    parseInvestorFile("investors.csv", text, NOW);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("kyc investor file", () => {
  it("reads a date as 00:00 UTC that day and Unix seconds as given", () => {
    const rows = parseInvestorFile("f.csv", `${HEADER}\n${ONE},2027-03-15,840,accredited,\n${TWO},1900000000,840,qib,\n`, NOW);
    expect(rows.map((r) => r.verifiedUntil)).to.deep.equal([BigInt(Date.parse("2027-03-15T00:00:00Z") / 1000), 1_900_000_000n]);
    expect(rows.map((r) => r.line)).to.deep.equal([2, 3]);
  });

  it("ORs class names into the registry's bits and keeps leading zeros out of the country", () => {
    const [row] = parseInvestorFile("f.csv", `${HEADER}\n${ONE},2027-03-15,076,qib | institutional,\n`, NOW);
    expect(row?.classes).to.equal(QIB | INSTITUTIONAL);
    expect(row?.country).to.equal(76);
  });

  it("checksums an all-lowercase address and defaults a missing record hash to zero", () => {
    const [row] = parseInvestorFile("f.csv", `${HEADER}\n${ONE.toLowerCase()},2027-03-15,840,accredited,\n`, NOW);
    expect(row?.account).to.equal(ONE);
    expect(row?.recordHash).to.equal(ZeroHash);
  });

  it("takes the columns in any order, without record_hash, with quotes, spaces and a capitalized header", () => {
    const hash = id("record");
    const withHash = parseInvestorFile("f.csv", `Classes, Country ,ADDRESS,verified_until,record_hash\n"accredited|qib",840, ${ONE} ,2027-03-15,${hash}\n`, NOW);
    expect(withHash[0]).to.deep.include({ account: ONE, country: 840, classes: ACCREDITED | QIB, recordHash: hash });
    const without = parseInvestorFile("f.csv", `address,verified_until,country,classes\n${ONE},2027-03-15,840,accredited\n`, NOW);
    expect(without[0]?.recordHash).to.equal(ZeroHash);
  });

  it("refuses an expiry equal to the chain time (the registry needs it strictly later)", () => {
    const error = issuesOf(`${HEADER}\n${ONE},${NOW},840,accredited,\n`);
    expect(error.issues[0]).to.deep.include({ line: 2, field: "verified_until", value: String(NOW) });
    expect(error.issues[0]?.reason).to.match(/in the past: the chain's latest block is at 2026-01-01T00:00:00.000Z/);
  });

  it("accepts the largest Unix time before year 10000 and refuses one second more", () => {
    expect(parseInvestorFile("f.csv", `${HEADER}\n${ONE},${MAX_VERIFIED_UNTIL},840,accredited,\n`, NOW)[0]?.verifiedUntil)
      .to.equal(BigInt(Date.parse("9999-12-31T23:59:59Z") / 1000));
    expect(issuesOf(`${HEADER}\n${ONE},${MAX_VERIFIED_UNTIL + 1n},840,accredited,\n`).issues[0]?.reason).to.match(/milliseconds/);
  });

  it("reports every problem of every row at once, each as file:line field=value: reason", () => {
    const error = issuesOf(`${HEADER}\n${ONE},2020-01-01,840,accredited,\n${TWO},2027-01-01,USA,gold,\n`);
    expect(error.issues.map(formatIssue)).to.deep.equal([
      'investors.csv:2 verified_until="2020-01-01": in the past: the chain\'s latest block is at 2026-01-01T00:00:00.000Z',
      'investors.csv:3 country="USA": not an ISO 3166-1 numeric code (1 to 3 digits, e.g. 840)',
      'investors.csv:3 classes="gold": unknown class "gold" (known: retail, accredited, qib, institutional, non-us; separate several with |)',
    ]);
    expect(error.message).to.contain("investors.csv: 3 problem(s)");
  });
});
