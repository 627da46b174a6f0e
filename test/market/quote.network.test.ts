/**
 * `mbs quote`'s chain read against the real PoolToken and its LoanPool record: the factor after a principal
 * distribution, the coupon from the record, and the quote the command prints from them.
 */
import { expect } from "chai";
import { keccak256 } from "ethers";
import { network } from "hardhat";

import { quoteFromOptions } from "../../src/analytics/quote.js";
import { InvalidInputError } from "../../src/errors.js";
import { readClass } from "../../src/market/quote.js";
import { classFacts } from "../../src/tasks/actions/market-quote.js";
import { passThroughDeal } from "../../src/analytics/deal/examples.js";
import { CUTOFF, LOT, START, usd } from "../contracts/market/helpers/marketFixtures.js";
import { deployWaterfall } from "../waterfall/harness.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const ACCREDITED = 2;
const US = 840;

async function paidDownClassFixture() {
  await time.increaseTo(START - 3_600n);
  const [admin, compliance, distributor, holder, other] = await ethers.getSigners();
  const registry = await ethers.deployContract("KycRegistry", [admin!.address, compliance!.address]);
  const cash = await ethers.deployContract("TestStablecoin", [admin!.address]);
  const rules = { allowedClasses: ACCREDITED, minHolding: LOT, maxHolders: 100, lockupUntil: 0n, blockedCountries: [] };
  const token = await ethers.deployContract("PoolToken", ["MBS 2027-1 A", "MBS27A", await registry.getAddress(), await cash.getAddress(), admin!.address, rules, usd(1_500_000)]);
  await token.grantRole(await token.ISSUER_ROLE(), admin!.address);
  await token.grantRole(await token.DISTRIBUTOR_ROLE(), distributor!.address);
  await registry.connect(compliance!).setInvestors([holder!, other!].map((s) => ({ account: s.address, verifiedUntil: START + 86_400n * 365n, country: US, classes: ACCREDITED, recordHash: keccak256(s.address) })));
  const pool = await ethers.deployContract("LoanPool", [
    { merkleRoot: keccak256("0x01"), tapeHash: keccak256("0x02"), statsHash: keccak256("0x03"), rulesHash: keccak256("0x04"), upbCents: 150_000_000n, loanCount: 10n, cutoffDate: CUTOFF },
    "MBSC 2027-1", "mbs-chain Trust 2027-1", true, 0n,
    [{ token: await token.getAddress(), couponPpm: 55_000n, seniority: 1, originalFaceCents: 150_000_000n }],
  ]);
  await token.mint(holder!.address, usd(1_000_000));
  await token.mint(other!.address, usd(500_000));
  // One remittance: $6,875 interest and $300,000 principal: the factor falls to 0.8.
  await cash.mint(distributor!.address, usd(10_000_000));
  await cash.connect(distributor!).approve(await token.getAddress(), ethers.MaxUint256);
  await token.connect(distributor!).distribute(usd(6_875), usd(300_000));
  await time.increaseTo(START);
  return { admin: admin!, token, pool, cash };
}

describe("mbs quote's chain read (src/market/quote.ts)", function () {
  it("reads the class at its current factor and its coupon from the LoanPool record, and quotes it", async function () {
    const { admin, token, pool } = await loadFixture(paidDownClassFixture);
    const onChain = await readClass({ token: await token.getAddress(), pool: await pool.getAddress() }, admin);
    expect(onChain.currentFace).to.equal(await token.currentFace());
    expect(onChain.couponPpm).to.equal(55_000);
    const facts = classFacts(onChain);
    expect(facts).to.deep.equal({ originalFace: 1_500_000, currentFace: 1_200_000, coupon: 0.055 });
    expect(BigInt(Math.round(facts.currentFace / facts.originalFace * 1e18))).to.equal(await token.factor());

    const options = {
      settle: "2027-03-16", delay: undefined, price: "101.5", yield: undefined, spread: undefined, curve: "10:4.25",
      coupon: undefined, wac: "6", term: undefined, wam: "340", age: undefined, psa: "150", cpr: undefined, smm: undefined, vectorUnit: undefined,
    };
    const quote = quoteFromOptions(facts, options);
    expect(quote.factor).to.equal(0.8);
    expect(quote.yield).to.be.lessThan(5.5);
    expect(Math.abs(quote.marketValue - 1_200_000 * quote.fullPrice / 100)).to.be.lessThan(1e-6);
    expect(Math.abs(quoteFromOptions(facts, { ...options, price: undefined, yield: String(quote.yield) }).price - 101.5)).to.be.lessThan(1e-8);
  });

  it("says which option is wrong: a token the pool does not record, an address that is no class token", async function () {
    const { admin, token, pool, cash } = await loadFixture(paidDownClassFixture);
    const other = await ethers.deployContract("PoolToken", ["B", "B", await cash.getAddress(), await cash.getAddress(), admin.address,
      { allowedClasses: ACCREDITED, minHolding: LOT, maxHolders: 100, lockupUntil: 0n, blockedCountries: [] }, usd(1)]);
    await expect(readClass({ token: await other.getAddress(), pool: await pool.getAddress() }, admin)).to.be.rejectedWith(InvalidInputError, "--pool");
    await expect(readClass({ token: await pool.getAddress() }, admin)).to.be.rejectedWith(InvalidInputError, "--token");
    await expect(readClass({ token: await token.getAddress(), pool: await token.getAddress() }, admin)).to.be.rejectedWith(InvalidInputError, "--pool");
  });

  it("takes the coupon from the payment waterfall's class terms when given --waterfall", async function () {
    const { admin, token, cash } = await loadFixture(paidDownClassFixture);
    const deal = passThroughDeal();
    const w = await deployWaterfall(ethers, { ...deal, originalPoolBalance: usd(1_500_000), classes: [{ id: "PT", kind: "standard", couponPpm: deal.classes[0]!.couponPpm, originalBalance: usd(1_500_000) }] },
      { cash: cash as never, tokenAddresses: [await token.getAddress()] });
    const onChain = await readClass({ token: await token.getAddress(), waterfall: await w.waterfall.getAddress() }, admin);
    expect(onChain.couponPpm).to.equal(deal.classes[0]!.couponPpm);
    expect(onChain.couponSource).to.match(/^waterfall 0x[0-9a-fA-F]{40} class 0$/);
    await expect(readClass({ token: await token.getAddress(), waterfall: await w.waterfall.getAddress(), pool: await token.getAddress() }, admin))
      .to.be.rejectedWith(InvalidInputError, "not both");
  });
});
