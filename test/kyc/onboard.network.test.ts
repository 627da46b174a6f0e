import { readFile } from "node:fs/promises";
import { expect } from "chai";

import { InvalidInputError, ValidationError, formatIssue } from "../../src/errors.js";
import { onboardInvestors, type OnboardProgress } from "../../src/kyc/onboard.js";
import { MissingRoleError } from "../../src/kyc/registry.js";
import { TransactionFailedError } from "../../src/chain/index.js";
import { loadDeal } from "../../src/deal/deal.js";
import { checkDealAgainstRegistry } from "../../src/deal/checks.js";
import { readInvestorRecords } from "../../src/kyc/records.js";
import {
  COUNTRY,
  DEMO_FILE,
  HEADER,
  csvFile,
  ethers,
  latestTime,
  networkHelpers,
  nonceOf,
  registryFixture,
  rejection,
  removeCsvFiles,
} from "./fixtures.js";

const { loadFixture, time } = networkHelpers;
const ONE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TWO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const FUTURE = "2036-12-31";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface MalformedCase {
  name: string;
  text: string;
  line: number;
  field: string | undefined;
  /** As written in the file. */
  value: string | undefined;
  reason: RegExp;
}

const row = (address: string, until = FUTURE, country = "840", classes = "accredited", hash = "") =>
  [address, until, country, classes, hash].join(",");
const file = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";

const MALFORMED: MalformedCase[] = [
  { name: "a mixed-case address with a wrong checksum", text: file(row("0x70997970c51812dc3A010C7d01b50e0d17dc79C8")), line: 2, field: "address", value: "0x70997970c51812dc3A010C7d01b50e0d17dc79C8", reason: /bad EIP-55 checksum \(expected 0x70997970C51812dc3A010C7d01b50e0d17dc79C8\)/ },
  { name: "an address that is too short", text: file(row("0x7099")), line: 2, field: "address", value: "0x7099", reason: /not an address/ },
  { name: "the zero address", text: file(row(ethers.ZeroAddress)), line: 2, field: "address", value: ethers.ZeroAddress, reason: /zero address cannot be an investor/ },
  { name: "the same wallet twice, in different case", text: file(row(ONE), row(TWO), row(ONE.toLowerCase())), line: 4, field: "address", value: ONE.toLowerCase(), reason: /duplicate of line 2/ },
  { name: "an expiry date in the past", text: file(row(ONE, "2020-01-01")), line: 2, field: "verified_until", value: "2020-01-01", reason: /in the past: the chain's latest block is at/ },
  { name: "an expiry in Unix seconds in the past", text: file(row(ONE, "1000")), line: 2, field: "verified_until", value: "1000", reason: /in the past/ },
  { name: "a date that does not exist", text: file(row(ONE, "2037-02-30")), line: 2, field: "verified_until", value: "2037-02-30", reason: /not a calendar date/ },
  { name: "an expiry in milliseconds", text: file(row(ONE, "2098396800000")), line: 2, field: "verified_until", value: "2098396800000", reason: /milliseconds instead of seconds/ },
  { name: "a date in another format", text: file(row(ONE, "12/31/2036")), line: 2, field: "verified_until", value: "12/31/2036", reason: /neither a date \(YYYY-MM-DD\) nor Unix seconds/ },
  { name: "an unknown class among known ones", text: file(row(ONE, FUTURE, "840", "accredited|vip")), line: 2, field: "classes", value: "accredited|vip", reason: /unknown class "vip"/ },
  { name: "no class at all", text: file(row(ONE, FUTURE, "840", "")), line: 2, field: "classes", value: "", reason: /at least one class is required/ },
  { name: "an alphabetic country", text: file(row(ONE, FUTURE, "USA")), line: 2, field: "country", value: "USA", reason: /not an ISO 3166-1 numeric code/ },
  { name: "country 0 (unknown)", text: file(row(ONE, FUTURE, "0")), line: 2, field: "country", value: "0", reason: /0 means unknown/ },
  { name: "a four-digit country", text: file(row(ONE, FUTURE, "1000")), line: 2, field: "country", value: "1000", reason: /1 to 3 digits/ },
  { name: "a short record hash", text: file(row(ONE, FUTURE, "840", "qib", "0x1234")), line: 2, field: "record_hash", value: "0x1234", reason: /not a 32-byte hex hash/ },
  { name: "a row with a missing field", text: file(row(TWO), `${ONE},${FUTURE},840,accredited`), line: 3, field: undefined, value: undefined, reason: /4 field\(s\), but the header has 5/ },
  { name: "an unclosed quote", text: file(`"${ONE},${FUTURE},840,accredited,`), line: 2, field: undefined, value: undefined, reason: /quoted field is not closed/ },
  { name: "an unknown column", text: `${HEADER},email\n${row(ONE)},a@b.c\n`, line: 1, field: "header", value: "email", reason: /unknown column/ },
  { name: "a missing column", text: `address,verified_until,country\n${ONE},${FUTURE},840\n`, line: 1, field: "header", value: undefined, reason: /missing column classes/ },
  { name: "a header without rows", text: `${HEADER}\n\n`, line: 0, field: undefined, value: undefined, reason: /no investor rows after the header/ },
  { name: "an empty file", text: "", line: 0, field: undefined, value: undefined, reason: /empty file: expected the header/ },
];

describe("kyc onboarding (in-process network)", function () {
  after(removeCsvFiles);

  describe("refuses a malformed file, naming line, field and reason, and sends nothing", function () {
    for (const c of MALFORMED) {
      it(`refuses ${c.name}`, async function () {
        const { address, compliance } = await loadFixture(registryFixture);
        const path = await csvFile(`malformed-${MALFORMED.indexOf(c)}.csv`, c.text);
        const nonce = await nonceOf(compliance.address);
        const error = await onboardInvestors({ registry: address, file: path }, compliance).then(
          () => expect.fail("onboarding succeeded"),
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(ValidationError);
        const issues = (error as ValidationError).issues;
        expect(issues, issues.map(formatIssue).join("\n")).to.have.lengthOf(1);
        expect(issues[0]).to.include({ file: path, line: c.line });
        expect([issues[0]?.field, issues[0]?.value]).to.deep.equal([c.field, c.value]);
        expect(issues[0]?.reason).to.match(c.reason);
        expect(await nonceOf(compliance.address)).to.equal(nonce);
      });
    }

    it("refuses the whole file when one row of many is bad: the good rows are not sent either", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      const path = await csvFile("one-bad.csv", file(row(ONE), row(TWO, "2020-01-01")));
      const nonce = await nonceOf(compliance.address);
      await rejection(onboardInvestors({ registry: address, file: path }, compliance), ValidationError, /:3 verified_until="2020-01-01"/);
      expect(await nonceOf(compliance.address)).to.equal(nonce);
      expect((await registry.investor(ONE)).classes).to.equal(0n);
    });

    it("judges an expiry against the chain's time, not this machine's clock", async function () {
      const { address, compliance } = await loadFixture(registryFixture);
      await time.increaseTo(BigInt(Date.parse("2037-01-01T00:00:00Z") / 1000));
      const path = await csvFile("chain-time.csv", file(row(ONE, FUTURE)));
      await rejection(onboardInvestors({ registry: address, file: path }, compliance), ValidationError, /latest block is at 2037-01-01T00:00/);
    });
  });

  describe("onboarding the demo file", function () {
    it("stores every row as the file says, in batches of the given size", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      const nonce = await nonceOf(compliance.address);
      const progress: OnboardProgress[] = [];
      const result = await onboardInvestors({ registry: address, file: DEMO_FILE, batchSize: 2, onProgress: (p) => progress.push(p) }, compliance);
      expect([result.onboarded, result.updated, result.unchanged]).to.deep.equal([5, 0, 0]);
      // 5 rows in batches of 2: ceil(5 / 2) = 3 transactions.
      expect(await nonceOf(compliance.address)).to.equal(nonce + 3);
      expect(result.transactions).to.have.lengthOf(3);
      expect(progress.map((p) => [p.batch, p.batches, p.rowsSent, p.rowsToSend])).to.deep.equal([[1, 3, 2, 5], [2, 3, 4, 5], [3, 3, 5, 5]]);

      // Each record against the file's text, decoded here independently of the parser.
      const lines = (await readFile(DEMO_FILE, "utf8")).trim().split("\n").slice(1);
      const bit = { retail: await registry.CLASS_RETAIL(), accredited: await registry.CLASS_ACCREDITED(), qib: await registry.CLASS_QIB(), institutional: await registry.CLASS_INSTITUTIONAL(), "non-us": await registry.CLASS_NON_US() };
      for (const line of lines) {
        const [account, until, country, classes] = line.split(",") as [string, string, string, string];
        const seconds = /^\d+$/.test(until) ? BigInt(until) : BigInt(Date.parse(`${until}T00:00:00Z`) / 1000);
        const bits = classes.split("|").reduce((sum, name) => sum | bit[name as keyof typeof bit], 0n);
        const stored = await registry.investor(account);
        expect([stored.verifiedUntil, stored.country, stored.classes, stored.frozen], account).to.deep.equal([seconds, BigInt(country), bits, false]);
        expect(await registry.isVerified(account)).to.equal(true);
      }
    });

    it("emits the file's record hash, or zero where the file has none", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      const result = await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      const receipt = await ethers.provider.getTransactionReceipt(result.transactions[0]!);
      const hashes = new Map(receipt!.logs.map((log) => registry.interface.parseLog(log)!).map((e) => [e.args.account as string, e.args.recordHash as string]));
      expect(hashes.get(TWO)).to.equal(ethers.id("mbs-chain demo KYC record 2")); // as docs/kyc.md says the demo hash was made
      expect(hashes.get(ONE)).to.equal(ethers.ZeroHash);
    });

    it("qualifies every investor of examples/deals/senior-sub.json for the class allocated to them", async function () {
      const { address, compliance } = await loadFixture(registryFixture);
      await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      const deal = await loadDeal("examples/deals/senior-sub.json");
      const records = await readInvestorRecords(address, deal.allocations.map((a) => a.investor), ethers.provider);
      expect(checkDealAgainstRegistry(deal, records, await latestTime(), address).map(formatIssue)).to.deep.equal([]);
    });

    it("sends nothing on a second run of the same file", async function () {
      const { address, compliance } = await loadFixture(registryFixture);
      await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      const nonce = await nonceOf(compliance.address);
      const again = await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      expect([again.onboarded, again.updated, again.unchanged, again.transactions.length]).to.deep.equal([0, 0, 5, 0]);
      expect(await nonceOf(compliance.address)).to.equal(nonce);
    });

    it("finishes a run that stopped after its first batch, sending each remaining row exactly once", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      const crash = (p: OnboardProgress) => {
        if (p.batch === 1) throw new Error("simulated crash after the first batch");
      };
      await rejection(onboardInvestors({ registry: address, file: DEMO_FILE, batchSize: 2, onProgress: crash }, compliance), Error, /simulated crash/);
      const nonce = await nonceOf(compliance.address);
      const rerun = await onboardInvestors({ registry: address, file: DEMO_FILE, batchSize: 2 }, compliance);
      expect([rerun.onboarded, rerun.unchanged]).to.deep.equal([3, 2]);
      expect(await nonceOf(compliance.address)).to.equal(nonce + 2); // ceil(3 / 2)
      const events = await registry.queryFilter(registry.filters.InvestorUpdated());
      const perAccount = new Map<string, number>();
      for (const e of events) perAccount.set(e.args.account, (perAccount.get(e.args.account) ?? 0) + 1);
      expect([...perAccount.values()]).to.deep.equal([1, 1, 1, 1, 1]);
    });

    it("updates only the rows that changed, keeps a freeze, and says so", async function () {
      const { address, compliance, registry, investors } = await loadFixture(registryFixture);
      const until = (await latestTime()) + 86_400n * 400n;
      const first = await csvFile("v1.csv", file(row(ONE, String(until)), row(TWO, String(until), "840", "qib")));
      await onboardInvestors({ registry: address, file: first }, compliance);
      await (await registry.setFrozen(TWO, true)).wait();
      const second = await csvFile("v2.csv", file(row(ONE, String(until), String(COUNTRY.GB)), row(TWO, String(until), "840", "qib"), row(investors[2]!.address, String(until))));
      const nonce = await nonceOf(compliance.address);
      const result = await onboardInvestors({ registry: address, file: second }, compliance);
      expect([result.onboarded, result.updated, result.unchanged]).to.deep.equal([1, 1, 1]);
      expect(result.plan.map((p) => p.action)).to.deep.equal(["update", "unchanged", "new"]);
      expect(result.frozen).to.deep.equal([TWO]);
      expect(await nonceOf(compliance.address)).to.equal(nonce + 1);
      expect((await registry.investor(ONE)).country).to.equal(BigInt(COUNTRY.GB));
      expect((await registry.investor(TWO)).frozen).to.equal(true);
    });

    it("re-verifies a revoked investor as an update", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      await (await registry.revoke(ONE, ethers.id("test"))).wait();
      const result = await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
      expect(result.plan.filter((p) => p.action !== "unchanged").map((p) => [p.row.account, p.action])).to.deep.equal([[ONE, "update"]]);
      expect(await registry.isVerified(ONE)).to.equal(true);
    });

    it("plans without sending on a dry run", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      const nonce = await nonceOf(compliance.address);
      const result = await onboardInvestors({ registry: address, file: DEMO_FILE, dryRun: true }, compliance);
      expect([result.dryRun, result.onboarded, result.transactions.length]).to.deep.equal([true, 5, 0]);
      expect(await nonceOf(compliance.address)).to.equal(nonce);
      expect((await registry.investor(ONE)).classes).to.equal(0n);
    });
  });

  describe("before sending", function () {
    it("refuses a signer without COMPLIANCE_ROLE, naming the account and the role", async function () {
      const { address, outsider, registry } = await loadFixture(registryFixture);
      const nonce = await nonceOf(outsider.address);
      const error = await onboardInvestors({ registry: address, file: DEMO_FILE }, outsider).then(() => expect.fail("onboarded"), (e: unknown) => e);
      expect(error).to.be.instanceOf(MissingRoleError);
      expect((error as MissingRoleError).message).to.contain(`account ${outsider.address} does not hold COMPLIANCE_ROLE`);
      expect((error as MissingRoleError).roleId).to.equal(await registry.COMPLIANCE_ROLE());
      expect(await nonceOf(outsider.address)).to.equal(nonce);
    });

    it("refuses a registry address without code, and a contract that is not a registry", async function () {
      const { compliance, investors } = await loadFixture(registryFixture);
      await rejection(onboardInvestors({ registry: investors[0]!.address, file: DEMO_FILE }, compliance), InvalidInputError, /--registry: no contract at 0x70997970C51812dc3A010C7d01b50e0d17dc79C8/);
      const stablecoin = await ethers.deployContract("TestStablecoin", [compliance.address]);
      await rejection(onboardInvestors({ registry: await stablecoin.getAddress(), file: DEMO_FILE }, compliance), InvalidInputError, /is not a KycRegistry/);
      await rejection(onboardInvestors({ registry: undefined, file: DEMO_FILE }, compliance), InvalidInputError, /--registry: required/);
    });

    it("reports a batch the registry reverts after the file passed validation by line, account and decoded error, keeping earlier batches", async function () {
      const { address, compliance, registry } = await loadFixture(registryFixture);
      // Later than the latest block, so the file is valid; but every later block is at least that late.
      const edge = (await latestTime()) + 1n;
      const path = await csvFile("edge.csv", file(row(ONE), row(TWO, String(edge))));
      const error = await rejection(
        onboardInvestors({ registry: address, file: path, batchSize: 1 }, compliance),
        TransactionFailedError,
        new RegExp(`^setInvestors batch 2/2 \\(${escapeRegExp(path)} line 3\\) for ${TWO} on the KYC registry at ${address} ` +
          `failed \\(refused before sending\\): KycExpiryInPast\\(account=${TWO}, verifiedUntil=${edge}, nowTimestamp=\\d+\\)\\. ` +
          `1 earlier batch\\(es\\) of this run are on chain`),
      );
      expect(error.details).to.include({ operation: `setInvestors batch 2/2 (${path} line 3)` });
      expect(await registry.isVerified(ONE)).to.equal(true);
      expect((await registry.investor(TWO)).classes).to.equal(0n);
    });

    it("refuses a batch size that is not a positive whole number", async function () {
      const { address, compliance } = await loadFixture(registryFixture);
      await rejection(onboardInvestors({ registry: address, file: DEMO_FILE, batchSize: 0 }, compliance), InvalidInputError, /--batch-size/);
    });
  });
});
