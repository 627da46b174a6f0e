import { expect } from "chai";
import type { Signer } from "ethers";
import { network } from "hardhat";

import { report as collateral } from "../../analytics/deal/fixtures.js";
import type { ServicerReports } from "../../../typechain-types/index.js";
import { foldReportChain, reportFromEvent, verifyAttestedHistory, type AttestedEntry } from "../../../src/remit/onchain.js";
import { INITIAL_LOANS, servicerReportOf } from "../../waterfall/harness.js";

const { ethers, networkHelpers } = await network.create();
const POOL = 1_000_000_000n; // $1,000

async function registryFixture() {
  const [admin, servicer, trustee, outsider] = await ethers.getSigners();
  const reports = (await ethers.deployContract("ServicerReports", [admin!.address, POOL, INITIAL_LOANS])) as unknown as ServicerReports;
  await reports.connect(admin).grantRole(await reports.SERVICER_ROLE(), servicer!.address);
  await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), trustee!.address);
  return { reports, admin: admin!, servicer: servicer!, trustee: trustee!, outsider: outsider! };
}

const month1 = servicerReportOf(1, collateral(POOL, { interestCollected: 5_000_000n, scheduledPrincipal: 10_000_000n, prepayments: 30_000_000n }));

/** Period `period`'s report on a pool that pays down 1% a month from `POOL`. */
function monthOf(period: number) {
  let beginning = POOL;
  for (let p = 1; p < period; p++) beginning -= beginning / 100n;
  return servicerReportOf(period, collateral(beginning, { interestCollected: beginning / 200n, scheduledPrincipal: beginning / 100n }));
}

/** Submits and attests periods `from` … `to` (servicer, then trustee). */
async function runPeriods(reports: ServicerReports, servicer: Signer, trustee: Signer, from: number, to: number) {
  for (let p = from; p <= to; p++) {
    const r = monthOf(p);
    await reports.connect(servicer).submit(r);
    await reports.connect(trustee).attest(p, await reports.hashReport(r));
  }
}

/** The attested history rebuilt from the registry's logs alone (the attested submission of each period). */
async function historyFromLogs(reports: ServicerReports): Promise<AttestedEntry[]> {
  const submitted = await reports.queryFilter(reports.filters.ReportSubmitted());
  const attested = await reports.queryFilter(reports.filters.ReportAttested());
  return attested.map((a) => {
    const s = submitted.find((e) => e.args.period === a.args.period && e.args.reportHash === a.args.reportHash)!;
    return { period: Number(a.args.period), reportHash: a.args.reportHash as `0x${string}`, report: reportFromEvent(s.args.report) };
  });
}

async function chainOf(reports: ServicerReports) {
  const [period, head] = await reports.attestedChain();
  return { period: Number(period), head };
}

describe("ServicerReports", () => {
  it("stores the hash of the servicer's report and logs the whole report", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const hash = await reports.hashReport(month1);
    await expect(reports.connect(servicer).submit(month1)).to.emit(reports, "ReportSubmitted");
    const receipt = await (await reports.connect(servicer).submit(month1)).wait();
    const log = reports.interface.parseLog(receipt!.logs[0]!);
    expect(log?.args.report.endingPoolBalance).to.equal(month1.endingPoolBalance);
    expect(log?.args.report.loanRoot).to.equal(month1.loanRoot);
    expect(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode([reports.interface.getFunction("submit").inputs[0]!], [month1]))).to.equal(hash);
    expect(await reports.reportOf(1)).to.deep.equal([hash, false]);
    expect(await reports.attestedHash(1)).to.equal(ethers.ZeroHash);
    expect(await reports.reportOf(2)).to.deep.equal([ethers.ZeroHash, false]);
  });

  it("refuses a report word that does not fit its field's type, naming the word", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const data = reports.interface.encodeFunctionData("submit", [month1]);
    // Word 1 is interestCollected, a uint128: set bit 200.
    const word = 4 + 32;
    const dirty = `${data.slice(0, 2 + word * 2)}${"01"}${data.slice(2 + word * 2 + 2)}`;
    const value = BigInt(`0x01${data.slice(2 + word * 2 + 2, 2 + word * 2 + 64)}`);
    await expect(servicer.sendTransaction({ to: await reports.getAddress(), data: dirty }))
      .to.be.revertedWithCustomError(reports, "ReportsFieldOutOfRange")
      .withArgs(1, value);
    // Word 21 is endingLoanCount, a uint32.
    const loans = 4 + 21 * 32;
    const dirtyLoans = `${data.slice(0, 2 + loans * 2 + 54)}01${data.slice(2 + loans * 2 + 56)}`;
    await expect(servicer.sendTransaction({ to: await reports.getAddress(), data: dirtyLoans }))
      .to.be.revertedWithCustomError(reports, "ReportsFieldOutOfRange")
      .withArgs(21, (1n << 32n) + BigInt(month1.endingLoanCount));
  });

  it("carries the period's reconciliation warnings, hashed and logged, and refuses a word that is not a packing of the flag codes", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const warned = { ...month1, reconciliationWarnings: (3n << 144n) | 1n };
    expect(await reports.hashReport(warned)).to.not.equal(await reports.hashReport(month1));
    const receipt = await (await reports.connect(servicer).submit(warned)).wait();
    expect(reports.interface.parseLog(receipt!.logs[0]!)?.args.report.reconciliationWarnings).to.equal((3n << 144n) | 1n);
    const bad = { ...month1, reconciliationWarnings: 1n << 192n };
    await expect(reports.connect(servicer).submit(bad)).to.be.revertedWithCustomError(reports, "ReportsInvalidWarnings").withArgs(1, 1n << 192n);
  });

  it("makes a report final once the trustee attests its hash", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    const hash = await reports.hashReport(month1);
    await expect(reports.connect(trustee).attest(1, hash)).to.emit(reports, "ReportAttested").withArgs(1, hash, trustee.address);
    expect(await reports.attestedHash(1)).to.equal(hash);
    expect(await reports.reportOf(1)).to.deep.equal([hash, true]);
    expect(await reports.lastAttested()).to.deep.equal([1n, month1.endingPoolBalance, BigInt(month1.endingLoanCount)]);
    expect(await chainOf(reports)).to.deep.equal({ period: 1, head: foldReportChain([{ period: 1, reportHash: hash }]) });
    // Unchangeable: period 1 can no longer be submitted, only period 2.
    await expect(reports.connect(servicer).submit({ ...month1, interestCollected: 1n }))
      .to.be.revertedWithCustomError(reports, "ReportsWrongPeriod")
      .withArgs(1, 2);
    await expect(reports.connect(trustee).attest(1, hash)).to.be.revertedWithCustomError(reports, "ReportsNothingToAttest").withArgs(1);
  });

  it("lets the servicer replace a report before attestation, and the trustee attests only the latest", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    const first = await reports.hashReport(month1);
    const corrected = { ...month1, interestCollected: 5_000_001n };
    await reports.connect(servicer).submit(corrected);
    const second = await reports.hashReport(corrected);
    await expect(reports.connect(trustee).attest(1, first)).to.be.revertedWithCustomError(reports, "ReportsHashMismatch").withArgs(1, first, second);
    await reports.connect(trustee).attest(1, second);
    expect(await reports.attestedHash(1)).to.equal(second);
  });

  it("refuses a period out of order", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(servicer).submit({ ...month1, period: 2 })).to.be.revertedWithCustomError(reports, "ReportsWrongPeriod").withArgs(2, 1);
    await expect(reports.connect(servicer).submit({ ...month1, period: 0 })).to.be.revertedWithCustomError(reports, "ReportsWrongPeriod").withArgs(0, 1);
  });

  it("refuses a report whose ending balance does not tie to the last attested one", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(servicer).submit({ ...month1, endingPoolBalance: month1.endingPoolBalance + 1n }))
      .to.be.revertedWithCustomError(reports, "ReportsBalanceDoesNotTie")
      .withArgs(1, month1.endingPoolBalance + 1n, month1.endingPoolBalance);
    await expect(reports.connect(servicer).submit({ ...month1, payoffs: POOL }))
      .to.be.revertedWithCustomError(reports, "ReportsPrincipalExceedsPool");
  });

  it("refuses delinquencies or loan counts that do not fit in the pool", async () => {
    const { reports, servicer } = await networkHelpers.loadFixture(registryFixture);
    const over = month1.endingPoolBalance + 1n;
    await expect(reports.connect(servicer).submit({ ...month1, reo: { count: 1, balance: over } }))
      .to.be.revertedWithCustomError(reports, "ReportsDelinquencyExceedsPool")
      .withArgs(1, over, month1.endingPoolBalance);
    await expect(reports.connect(servicer).submit({ ...month1, delinquent30: { count: INITIAL_LOANS + 1, balance: 0n } }))
      .to.be.revertedWithCustomError(reports, "ReportsDelinquentCountExceedsLoans");
    await expect(reports.connect(servicer).submit({ ...month1, payoffCount: 1 }))
      .to.be.revertedWithCustomError(reports, "ReportsLoanCountRises")
      .withArgs(1, INITIAL_LOANS + 1, INITIAL_LOANS);
    await expect(reports.connect(servicer).submit({ ...month1, endingLoanCount: 0 }))
      .to.be.revertedWithCustomError(reports, "ReportsLoanCountMismatch");
  });

  it("takes reports from the servicer role only and attestations from the trustee role only", async () => {
    const { reports, servicer, trustee, outsider } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(outsider).submit(month1)).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
    await expect(reports.connect(trustee).submit(month1)).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
    await reports.connect(servicer).submit(month1);
    await expect(reports.connect(servicer).attest(1, await reports.hashReport(month1))).to.be.revertedWithCustomError(reports, "AccessControlUnauthorizedAccount");
  });

  it("never lets one address hold both the servicer and the trustee role", async () => {
    const { reports, admin, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await expect(reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), servicer.address))
      .to.be.revertedWithCustomError(reports, "ReportsRoleConflict")
      .withArgs(servicer.address, await reports.SERVICER_ROLE());
    await expect(reports.connect(admin).grantRole(await reports.SERVICER_ROLE(), trustee.address))
      .to.be.revertedWithCustomError(reports, "ReportsRoleConflict")
      .withArgs(trustee.address, await reports.TRUSTEE_ROLE());
  });

  it("refuses an attestation by the key that submitted the report, even after its roles changed", async () => {
    const { reports, admin, servicer } = await networkHelpers.loadFixture(registryFixture);
    await reports.connect(servicer).submit(month1);
    await reports.connect(admin).revokeRole(await reports.SERVICER_ROLE(), servicer.address);
    await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), servicer.address);
    await expect(reports.connect(servicer).attest(1, await reports.hashReport(month1)))
      .to.be.revertedWithCustomError(reports, "ReportsAttesterIsSubmitter")
      .withArgs(1, servicer.address);
  });

  it("keeps the last periods' hashes and sends older ones to the logs, the chain head covering all of them", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    const held = Number(await reports.HASHES_HELD());
    const last = held + 3;
    await runPeriods(reports, servicer, trustee, 1, last);
    const hashes = await Promise.all(Array.from({ length: last }, (_, i) => reports.hashReport(monthOf(i + 1))));
    for (let p = last - held + 1; p <= last; p++) expect(await reports.attestedHash(p)).to.equal(hashes[p - 1]);
    await expect(reports.attestedHash(last - held)).to.be.revertedWithCustomError(reports, "ReportsHistoryInLogs").withArgs(last - held, last - held + 1);
    await expect(reports.reportOf(1)).to.be.revertedWithCustomError(reports, "ReportsHistoryInLogs").withArgs(1, last - held + 1);
    // A pending submission takes the oldest slot: the next period to run (the last attested) stays held.
    const next = monthOf(last + 1);
    await reports.connect(servicer).submit(next);
    expect(await reports.reportOf(last + 1)).to.deep.equal([await reports.hashReport(next), false]);
    expect(await reports.attestedHash(last)).to.equal(hashes[last - 1]);
    expect(await reports.attestedHash(last + 1)).to.equal(ethers.ZeroHash);
    await expect(reports.attestedHash(last - held + 1)).to.be.revertedWithCustomError(reports, "ReportsHistoryInLogs").withArgs(last - held + 1, last - held + 2);
    expect(await chainOf(reports)).to.deep.equal({ period: last, head: foldReportChain(hashes.map((reportHash, i) => ({ period: i + 1, reportHash }))) });
    // The ending balances follow the last attested period.
    const ending = monthOf(last);
    expect(await reports.lastAttested()).to.deep.equal([BigInt(last), ending.endingPoolBalance, BigInt(ending.endingLoanCount)]);
  });

  it("rebuilds every attested report from the logs alone, and the rebuilt history matches the chain head", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await runPeriods(reports, servicer, trustee, 1, 2);
    // A replaced submission stays in the logs; only the attested one is part of the history.
    const first = monthOf(3);
    await reports.connect(servicer).submit({ ...first, interestCollected: first.interestCollected + 1n });
    await reports.connect(servicer).submit(first);
    await reports.connect(trustee).attest(3, await reports.hashReport(first));
    await runPeriods(reports, servicer, trustee, 4, 7);
    const history = await historyFromLogs(reports);
    expect(history.map((e) => e.period)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    for (const e of history) expect(e.report).to.deep.equal(reportFromEvent(monthOf(e.period)));
    const chain = await chainOf(reports);
    expect(chain.period).to.equal(7);
    expect(() => verifyAttestedHistory(history, chain)).to.not.throw();
  });

  it("fails the chain check on a tampered, dropped, reordered or substituted log", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await runPeriods(reports, servicer, trustee, 1, 6);
    const history = await historyFromLogs(reports);
    const chain = await chainOf(reports);
    // A report altered under its attested hash.
    const altered = history.map((e) => (e.period === 2 ? { ...e, report: { ...e.report, interestCollected: e.report.interestCollected + 1n } } : e));
    expect(() => verifyAttestedHistory(altered, chain)).to.throw(/period 2's report hashes to .* not to the attested/);
    // A report and its hash replaced together (a forged log): only the chain head catches it.
    const forgedReport = { ...history[3]!.report, recoveries: 1n };
    const forged = history.map((e) => (e.period === 4 ? { ...e, report: forgedReport, reportHash: ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode([reports.interface.getFunction("submit").inputs[0]!], [forgedReport])) as `0x${string}` } : e));
    expect(() => verifyAttestedHistory(forged, chain)).to.throw(/not the attested reports/);
    // A period dropped, or two swapped.
    expect(() => verifyAttestedHistory(history.filter((e) => e.period !== 5), chain)).to.throw(/periods 1–6/);
    const swapped = [...history];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(() => verifyAttestedHistory(swapped, chain)).to.throw(/periods 1–6/);
    // Logs that stop short of the head.
    expect(() => verifyAttestedHistory(history.slice(0, 5), chain)).to.throw(/periods 1–6/);
  });

  it("changes nothing of an attested period: no resubmission, no re-attestation, and a pending report leaves the chain as it was", async () => {
    const { reports, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await runPeriods(reports, servicer, trustee, 1, 5);
    const before = await chainOf(reports);
    const hash3 = await reports.hashReport(monthOf(3));
    for (const p of [1, 3, 5]) {
      await expect(reports.connect(servicer).submit(monthOf(p))).to.be.revertedWithCustomError(reports, "ReportsWrongPeriod").withArgs(p, 6);
    }
    await expect(reports.connect(trustee).attest(3, hash3)).to.be.revertedWithCustomError(reports, "ReportsNothingToAttest").withArgs(3);
    await expect(reports.connect(trustee).attest(5, await reports.hashReport(monthOf(5)))).to.be.revertedWithCustomError(reports, "ReportsNothingToAttest").withArgs(5);
    await reports.connect(servicer).submit(monthOf(6));
    await reports.connect(servicer).submit({ ...monthOf(6), interestCollected: 1n });
    expect(await chainOf(reports)).to.deep.equal(before);
    expect(await reports.attestedHash(5)).to.equal(await reports.hashReport(monthOf(5)));
    expect(verifyAttestedHistory(await historyFromLogs(reports), before)).to.equal(undefined);
  });

  it("refuses the submitting key as attester at any period, the chain untouched", async () => {
    const { reports, admin, servicer, trustee } = await networkHelpers.loadFixture(registryFixture);
    await runPeriods(reports, servicer, trustee, 1, 5);
    const before = await chainOf(reports);
    await reports.connect(servicer).submit(monthOf(6));
    await reports.connect(admin).revokeRole(await reports.SERVICER_ROLE(), servicer.address);
    await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), servicer.address);
    await expect(reports.connect(servicer).attest(6, await reports.hashReport(monthOf(6))))
      .to.be.revertedWithCustomError(reports, "ReportsAttesterIsSubmitter")
      .withArgs(6, servicer.address);
    expect(await chainOf(reports)).to.deep.equal(before);
    await reports.connect(trustee).attest(6, await reports.hashReport(monthOf(6)));
    expect((await chainOf(reports)).period).to.equal(6);
  });
});
